import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { agendaDocuments } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy";
import { actorOf, dumpAll, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { paragraphDoc, seriesInput } from "@/test/fixtures";
import { getMeetingPage, saveAgenda } from "./agenda";
import { startSeries } from "./series";

const OUTSIDERS = [
  ["a signed-out visitor", null],
  ["a report of another pair", "report9@demo.test"],
  ["a report of another pair of the same manager", "report2@demo.test"],
  ["the manager of another pair", "manager2@demo.test"],
] as const;

describe("the shared agenda of a meeting", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  const as = (email: string | null) => (email ? actorOf(t.db, email) : Promise.resolve(null));
  const stored = async () => (await t.db.select().from(agendaDocuments).where(eq(agendaDocuments.meetingId, meetingId)))[0];
  let meetingId = "";
  beforeAll(async () => {
    for (const name of ["admin", "manager", "report1"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    [{ meetingId }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id] }));
  });

  it("shows the manager and the report the agenda, editable, at version 1", async () => {
    for (const [actor, relation] of [[who.manager, "manager"], [who.report1, "report"]] as const) {
      const page = await getMeetingPage(actor, meetingId);
      expect(page).toMatchObject({ id: meetingId, relation, canEdit: true, version: 1, managerName: "Priya Raman", reportName: "Jonas Weber" });
      expect(JSON.stringify(page.content)).toContain("Our first one-on-one");
    }
  });

  it.each(OUTSIDERS)("answers not found to %s asking for the meeting", async (_, email) => {
    const actor = await as(email);
    await expect(getMeetingPage(actor, meetingId)).rejects.toMatchObject({ code: "not_found" });
  });

  it("refuses the org admin the meeting content", async () => {
    await expect(getMeetingPage(who.admin, meetingId)).rejects.toMatchObject({ code: "forbidden" });
  });

  it("answers not found for a meeting that does not exist", async () => {
    await expect(getMeetingPage(who.manager, crypto.randomUUID())).rejects.toMatchObject({ code: "not_found" });
  });

  it.each([...OUTSIDERS, ["the org admin", "admin@demo.test"] as const])("refuses %s saving the agenda, changing nothing", async (_, email) => {
    const actor = await as(email);
    const input = { meetingId, baseVersion: 1, content: JSON.stringify(paragraphDoc("taken over")) };
    await expectRefusedUnchanged(t.db, () => saveAgenda(actor, input));
  });

  it("lets the manager save, storing the normalized document as the next version", async () => {
    const content = JSON.stringify({ type: "doc", content: [{ type: "paragraph", attrs: { style: "x" }, content: [{ type: "text", text: "Manager's points" }] }] });
    const result = await saveAgenda(who.manager, { meetingId, baseVersion: 1, content });
    expect(result.version).toBe(2);
    const row = await stored();
    expect(row).toMatchObject({ version: 2, updatedBy: who.manager.id, content: paragraphDoc("Manager's points") });
    expect(row.updatedAt).toEqual(result.savedAt);
  });

  it("lets the report save on top of the manager's version", async () => {
    const result = await saveAgenda(who.report1, { meetingId, baseVersion: 2, content: JSON.stringify(paragraphDoc("Report's points")) });
    expect(result.version).toBe(3);
    expect(await stored()).toMatchObject({ version: 3, updatedBy: who.report1.id, content: paragraphDoc("Report's points") });
    expect(await getMeetingPage(who.manager, meetingId)).toMatchObject({ version: 3, updatedByName: "Jonas Weber", content: paragraphDoc("Report's points") });
  });

  it("refuses a save based on an older version with the newer stored text, changing nothing", async () => {
    const input = { meetingId, baseVersion: 2, content: JSON.stringify(paragraphDoc("Manager overwrites")) };
    const error = await expectRefusedUnchanged(t.db, () => saveAgenda(who.manager, input), ["conflict"]);
    expect(error.message).toMatch(/Jonas Weber saved a newer version/);
    expect(error.details).toEqual({ content: paragraphDoc("Report's points"), version: 3 });
  });

  it("refuses a save from a version that never existed", async () => {
    const input = { meetingId, baseVersion: 7, content: JSON.stringify(paragraphDoc("from the future")) };
    await expectRefusedUnchanged(t.db, () => saveAgenda(who.report1, input), ["conflict"]);
  });

  const link = (href: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href } }] }] }] });
  it.each([
    ["a javascript: link", JSON.stringify(link("javascript:alert(document.cookie)"))],
    ["an unknown node", JSON.stringify({ type: "doc", content: [{ type: "script", content: [{ type: "text", text: "alert(1)" }] }] })],
    ["more than 1 MB", JSON.stringify(paragraphDoc("x".repeat(1_000_001)))],
    ["malformed JSON", '{"type":"doc","content":['],
    ["HTML instead of a document", "<p onclick=alert(1)>hi</p>"],
  ])("refuses an agenda holding %s with a field error, leaving the stored one unchanged", async (_, content) => {
    const before = await dumpAll(t.db);
    const error = await saveAgenda(who.manager, { meetingId, baseVersion: 3, content }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("invalid");
    expect((error as AppError).fieldErrors?.content).toHaveLength(1);
    expect(await dumpAll(t.db)).toEqual(before);
    expect((await stored()).version).toBe(3);
  });

  it("lets exactly one of two saves from the same version win", async () => {
    const save = (text: string) => saveAgenda(who.manager, { meetingId, baseVersion: 3, content: JSON.stringify(paragraphDoc(text)) });
    const results = await Promise.allSettled([save("first"), save("second")]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const loser = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(loser.reason).toMatchObject({ code: "conflict" });
    const row = await stored();
    expect(row.version).toBe(4);
    expect((loser.reason as AppError).details).toEqual({ content: row.content, version: 4 });
  });
});
