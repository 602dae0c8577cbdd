import { beforeAll, describe, expect, it } from "vitest";
import { outbox } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import { inviteSchema } from "@/lib/validation/people";
import { actorOf, useTestDatabase } from "@/test/db";
import { writeNote } from "@/test/collab";
import { paragraphDoc, seriesInput } from "@/test/fixtures";
import { listMyMail, listOutbox } from "./outbox";
import { startSeries } from "./series";
import { decideShare, listShareRequests, requestShare } from "./sharing";
import { invitePerson } from "./users";

// Without SMTP each person reads their own mail in the app, and nobody else's; the org admin
// sees that mail went out (kind, address, time, status), never what it says.
describe("the inbox and the admin's outbox", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};

  beforeAll(async () => {
    for (const name of ["admin", "manager", "manager2", "report1", "report9"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    const [{ meetingId }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id] }));
    await writeNote(who.manager, meetingId, paragraphDoc("Jonas would thrive on the platform team."));
    await requestShare(who.manager, {
      meetingId,
      source: "private_note",
      excerpt: "Jonas would thrive on the platform team.",
      recipientId: who.manager2.id,
      reason: "Marcus is hiring a platform lead.",
    });
    const [request] = (await listShareRequests(who.report1)).aboutMe;
    await decideShare(who.report1, { requestId: request.id, decision: "approve" });
    await invitePerson(who.admin, inviteSchema.parse({ email: "nia@demo.test", name: "Nia Newcomer" }), "https://between-us.test");
    // Mail addressed to report1's address that is not theirs (sent before they had an account):
    // the inbox goes by the recipient's account, not by the address string.
    await t.db.insert(outbox).values({
      orgId: who.admin.orgId,
      kind: "invitation",
      recipientId: null,
      toAddress: who.report1.email,
      subject: "Old invitation",
      body: "An old link",
      transport: "outbox",
    });
  });

  it("shows each person their own mail, newest first, with subject and body", async () => {
    const mine = await listMyMail(who.report1);
    expect(mine.map((m) => m.kind)).toEqual(["sharing_request"]);
    expect(mine[0].subject).toBe("Priya Raman asks to share an excerpt of your one-on-one");
    expect(mine[0].body).toContain("Hello Jonas Weber");
    expect(mine[0].body).not.toContain("platform team");
    expect((await listMyMail(who.manager)).map((m) => m.kind)).toEqual(["sharing_decision"]);
    expect((await listMyMail(who.manager2)).map((m) => m.kind)).toEqual(["excerpt_shared"]);
  });

  it("never shows a person another person's mail, nor mail to their address that is not theirs", async () => {
    const all = await t.db.select({ id: outbox.id, recipientId: outbox.recipientId }).from(outbox);
    for (const actor of [who.admin, who.manager, who.manager2, who.report1, who.report9]) {
      const ids = (await listMyMail(actor)).map((m) => m.id);
      expect(ids.sort()).toEqual(
        all
          .filter((r) => r.recipientId === actor.id)
          .map((r) => r.id)
          .sort(),
      );
    }
    expect(await listMyMail(who.report9)).toEqual([]);
    expect(await listMyMail(who.admin)).toEqual([]);
    expect(JSON.stringify(await listMyMail(who.report1))).not.toContain("Old invitation");
  });

  it("shows the admin delivery metadata only: kind, recipient, time and status, never a subject or body", async () => {
    const listed = await listOutbox(who.admin);
    expect(listed).toHaveLength(5);
    for (const row of listed) expect(Object.keys(row).sort()).toEqual(["createdAt", "id", "kind", "status", "toAddress"]);
    expect(listed.map((m) => `${m.kind} ${m.toAddress} ${m.status}`).sort()).toEqual([
      "excerpt_shared manager2@demo.test in_app",
      "invitation nia@demo.test in_app",
      "invitation report1@demo.test in_app",
      "sharing_decision manager@demo.test in_app",
      "sharing_request report1@demo.test in_app",
    ]);
    const text = JSON.stringify(listed);
    for (const words of ["Hello", "asks to share", "invited you", "/invite/", "Old invitation"]) expect(text).not.toContain(words);
    // Not even selected: the query names no subject or body column.
    expect(listOutbox.toString()).not.toMatch(/outbox\.(subject|body)/);
  });

  it("shows the outbox to admins only", async () => {
    for (const actor of [who.manager, who.report1]) await expect(listOutbox(actor)).rejects.toMatchObject({ code: "forbidden" });
  });
});
