import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { agendaDocuments } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import * as Y from "yjs";
import { YJS_FIELD } from "@/lib/collab/names";
import { writeAgenda } from "@/test/collab";
import { actorOf, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { paragraphDoc, seriesInput } from "@/test/fixtures";
import { loadMeetingWorkspace } from "./meeting-page";
import { startSeries } from "./series";

const OUTSIDERS = [
  ["a report of another pair", "report9@demo.test"],
  ["a report of another pair of the same manager", "report2@demo.test"],
  ["the manager of another pair", "manager2@demo.test"],
] as const;

describe("the shared agenda of a meeting", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  const as = (email: string) => actorOf(t.db, email);
  const stored = async () => (await t.db.select().from(agendaDocuments).where(eq(agendaDocuments.meetingId, meetingId)))[0];
  let meetingId = "";
  beforeAll(async () => {
    for (const name of ["admin", "manager", "report1"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    [{ meetingId }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id] }));
  });

  it("shows the manager and the report the agenda, editable, at version 1", async () => {
    for (const [actor, relation] of [
      [who.manager, "manager"],
      [who.report1, "report"],
    ] as const) {
      const page = await loadMeetingWorkspace(actor, meetingId);
      expect(page).toMatchObject({ meeting: { id: meetingId, managerName: "Priya Raman", reportName: "Jonas Weber" }, relation });
      expect(JSON.stringify(page.agenda.content)).toContain("Our first one-on-one");
    }
  });

  it.each(OUTSIDERS)("answers not found to %s asking for the meeting", async (_, email) => {
    const actor = await as(email);
    await expectRefusedUnchanged(t.db, () => loadMeetingWorkspace(actor, meetingId), "not_found");
  });

  it("refuses the org admin the meeting content", async () => {
    await expectRefusedUnchanged(t.db, () => loadMeetingWorkspace(who.admin, meetingId), "forbidden");
  });

  it("answers not found for a meeting that does not exist", async () => {
    await expectRefusedUnchanged(t.db, () => loadMeetingWorkspace(who.manager, crypto.randomUUID()), "not_found");
  });

  it.each([...OUTSIDERS.map(([who, email]) => [who, email, "not_found"] as const), ["the org admin", "admin@demo.test", "forbidden"] as const])(
    "refuses %s writing the agenda, changing nothing",
    async (_, email, code) => {
      const actor = await as(email);
      await expectRefusedUnchanged(t.db, () => writeAgenda(actor, meetingId, paragraphDoc("taken over")), code);
    },
  );

  it("stores the manager's edit as the normalized document, one version on", async () => {
    const before = (await stored()).version;
    await writeAgenda(who.manager, meetingId, {
      type: "doc",
      content: [{ type: "paragraph", attrs: { style: "x" }, content: [{ type: "text", text: "Manager's points" }] }],
    });
    expect(await stored()).toMatchObject({ version: before + 1, updatedBy: who.manager.id, content: paragraphDoc("Manager's points") });
  });

  it("stores the report's edit on top of the manager's, and the page shows it", async () => {
    const before = (await stored()).version;
    await writeAgenda(who.report1, meetingId, paragraphDoc("Report's points"));
    expect(await stored()).toMatchObject({ version: before + 1, updatedBy: who.report1.id, content: paragraphDoc("Report's points") });
    expect((await loadMeetingWorkspace(who.manager, meetingId)).agenda.content).toEqual(paragraphDoc("Report's points"));
  });

  it("stores a javascript: link as plain text: the link is dropped, the words kept", async () => {
    const link = {
      type: "doc",
      content: [{ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href: "javascript:alert(document.cookie)" } }] }] }],
    };
    await writeAgenda(who.manager, meetingId, link);
    expect((await stored()).content).toEqual(paragraphDoc("x"));
    await writeAgenda(who.report1, meetingId, paragraphDoc("Report's points"));
  });

  it("refuses an update holding a node the editor does not write, leaving everything unchanged", async () => {
    const script = (doc: Y.Doc) => {
      const node = new Y.XmlElement("script");
      node.insert(0, [new Y.XmlText("alert(1)")]);
      doc.getXmlFragment(YJS_FIELD).insert(0, [node]);
    };
    const error = await expectRefusedUnchanged(t.db, () => writeAgenda(who.manager, meetingId, script), "invalid");
    expect(error.fieldErrors?.content).toHaveLength(1);
    expect((await stored()).content).toEqual(paragraphDoc("Report's points"));
  });
});
