import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { form, session, signInAs } from "@/test/actions-harness";
import { users } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import { actorOf, dumpAll, useTestDatabase } from "@/test/db";
import { confirmImportAction, previewImportAction } from "./import-actions";

// The import's two doors as the browser uses them: a chosen file (multipart), then the text and
// the preview's fingerprint sent back by the confirm form.
const FILE = '\uFEFFemail,name,manager_email,role\r\n"door.one@demo.test","One, Door",manager@demo.test,member\r\n';

function withFile(content: string | Blob, name = "people.csv") {
  const data = new FormData();
  data.append("file", content instanceof Blob ? content : new Blob([content], { type: "text/csv" }), name);
  data.append("csv", "");
  return data;
}

describe("the people import's server actions", () => {
  const t = useTestDatabase();
  let admin: Actor;
  beforeAll(async () => {
    admin = await actorOf(t.db, "admin@demo.test");
  });

  it("previews a chosen file, then imports exactly the previewed text when confirmed", async () => {
    signInAs(admin);
    const before = await dumpAll(t.db);
    const preview = await previewImportAction(null, withFile(FILE));
    expect(await dumpAll(t.db)).toEqual(before);
    if (!preview.ok || !preview.data.ok) throw new Error(`expected a preview: ${JSON.stringify(preview)}`);
    expect(preview.data.rows).toMatchObject([{ line: 2, email: "door.one@demo.test", name: "One, Door", person: "create", lineChange: "add", errors: [] }]);
    // What the browser sends back: the text (its line ends made CRLF by the form) and the fingerprint.
    const confirmed = await confirmImportAction(null, form({ csv: preview.data.text.replace(/\n/g, "\r\n"), planHash: preview.data.planHash }));
    expect(confirmed).toMatchObject({ ok: true, data: { created: 1, linesAdded: 1 } });
    expect(session.revalidated).toContain("/admin/people");
    expect((await t.db.select().from(users).where(eq(users.email, "door.one@demo.test")))[0]).toMatchObject({ name: "One, Door", orgId: admin.orgId });
  });

  it("takes pasted text when no file was chosen", async () => {
    signInAs(admin);
    const data = new FormData();
    data.append("file", new Blob([]), "");
    data.append("csv", "email,name\npasted@demo.test,Pas Ted");
    expect(await previewImportAction(null, data)).toMatchObject({ ok: true, data: { ok: true, counts: { create: 1 } } });
  });

  it("answers a file over the limit, nothing at all, and a bad file with a message, never a crash", async () => {
    signInAs(admin);
    const big = await previewImportAction(null, withFile("x".repeat(600 * 1024)));
    expect(big).toMatchObject({
      ok: false,
      code: "invalid",
      fieldErrors: { file: [expect.stringMatching(/^This file is 600 KB; an import takes up to 5,000 people and 512 KB/)] },
    });
    expect(await previewImportAction(null, new FormData())).toMatchObject({ ok: false, code: "invalid", error: "Choose a CSV file or paste its text." });
    expect(await previewImportAction(null, withFile('"unclosed,quote\n'))).toMatchObject({
      ok: true,
      data: { ok: false, error: expect.stringMatching(/not a readable CSV/) },
    });
    const before = await dumpAll(t.db);
    expect(await confirmImportAction(null, form({ csv: "email,name\na@demo.test,A", planHash: "not a hash" }))).toMatchObject({
      ok: false,
      code: "invalid",
      fieldErrors: { planHash: ["Preview the file first."] },
    });
    expect(await dumpAll(t.db)).toEqual(before);
  });

  it("refuses someone who is not an admin, and a visitor, changing nothing", async () => {
    const before = await dumpAll(t.db);
    for (const who of [await actorOf(t.db, "manager@demo.test"), null]) {
      signInAs(who);
      expect(await previewImportAction(null, withFile(FILE))).toMatchObject({ ok: false, code: who ? "forbidden" : "unauthenticated" });
      expect(await confirmImportAction(null, form({ csv: FILE, planHash: "a".repeat(64) }))).toMatchObject({
        ok: false,
        code: who ? "forbidden" : "unauthenticated",
      });
    }
    expect(await dumpAll(t.db)).toEqual(before);
  });
});
