import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { agendaDocuments, templates } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import { actorOf, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { paragraphDoc, seriesInput } from "@/test/fixtures";
import { startSeries } from "./series";
import { copyTemplate, createTemplate, deleteTemplate, getTemplate, listTemplates, updateTemplate } from "./templates";

// Templates are private to their owner (the manager here); everyone else is refused alike.
const OTHERS = [
  ["a report of another pair", "report9@demo.test"],
  ["the manager of another pair", "manager2@demo.test"],
  ["the org admin", "admin@demo.test"],
] as const;

describe("templates", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  const as = (email: string) => actorOf(t.db, email);
  const rowOf = async (id: string) => (await t.db.select().from(templates).where(eq(templates.id, id)))[0];
  const input = (text: string, name = "Our kickoff") => ({ name, kind: "first_meeting" as const, content: JSON.stringify(paragraphDoc(text)) });
  let mine = "";
  beforeAll(async () => {
    for (const name of ["manager", "report1", "report9"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
  });

  it("lists the four built-in templates and none of one's own at first", async () => {
    const list = await listTemplates(who.manager);
    expect(list.builtin.map((b) => b.id)).toEqual(["builtin:first_meeting", "builtin:weekly_check_in", "builtin:career_conversation", "builtin:mentorship"]);
    expect(list.own).toEqual([]);
  });

  it("shows a built-in template read-only, with the organization's support resources filled in", async () => {
    const builtin = await getTemplate(who.report1, "builtin:first_meeting");
    expect(builtin).toMatchObject({ builtin: true, kind: "first_meeting", name: "First meeting" });
    expect(JSON.stringify(builtin.content)).toContain("employee assistance programme");
  });

  it("refuses template content the editor does not allow, changing nothing", async () => {
    const bad = {
      ...input("x"),
      content: JSON.stringify({
        type: "doc",
        content: [{ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] }] }],
      }),
    };
    const error = await expectRefusedUnchanged(t.db, () => createTemplate(who.manager, bad), "invalid");
    expect(error.fieldErrors?.content).toEqual(["Links must start with http://, https:// or mailto:."]);
    await expectRefusedUnchanged(t.db, () => createTemplate(who.manager, { ...input("x"), content: "not json" }), "invalid");
  });

  it("lets the manager create a template that belongs to them", async () => {
    ({ id: mine } = await createTemplate(who.manager, input("Welcome!")));
    expect(await rowOf(mine)).toMatchObject({ ownerId: who.manager.id, kind: "first_meeting", name: "Our kickoff", content: paragraphDoc("Welcome!") });
    expect((await listTemplates(who.manager)).own.map((o) => o.id)).toEqual([mine]);
  });

  it("lets anyone signed in create their own template, which nobody else lists", async () => {
    const { id } = await createTemplate(who.report9, input("My own", "Report notes"));
    expect((await rowOf(id)).ownerId).toBe(who.report9.id);
    expect((await listTemplates(who.manager)).own.map((o) => o.id)).toEqual([mine]);
    expect((await listTemplates(who.report9)).own.map((o) => o.id)).toEqual([id]);
  });

  it.each(OTHERS)("hides the manager's template from %s", async (_, email) => {
    await expect(getTemplate(await as(email), mine)).rejects.toMatchObject({ code: "not_found" });
  });

  it("answers not found for a template id that is not an id at all", async () => {
    await expect(getTemplate(who.manager, "'; drop table templates; --")).rejects.toMatchObject({ code: "not_found" });
  });

  it.each(OTHERS)("refuses %s copying the manager's template, changing nothing", async (_, email) => {
    const actor = await as(email);
    await expectRefusedUnchanged(t.db, () => copyTemplate(actor, mine), "not_found");
  });

  it("lets the manager copy their own template and anyone copy a built-in one", async () => {
    const own = await copyTemplate(who.manager, mine);
    expect(await rowOf(own.id)).toMatchObject({ ownerId: who.manager.id, name: "Our kickoff (my copy)", content: paragraphDoc("Welcome!") });
    const builtin = await copyTemplate(who.report1, "builtin:weekly_check_in");
    expect(await rowOf(builtin.id)).toMatchObject({ ownerId: who.report1.id, kind: "weekly_check_in", name: "Weekly check-in (my copy)" });
  });

  it.each(OTHERS)("refuses %s changing the manager's template, changing nothing", async (_, email) => {
    const actor = await as(email);
    await expectRefusedUnchanged(t.db, () => updateTemplate(actor, { id: mine, ...input("Hijacked", "Hijacked") }), "not_found");
  });

  it("refuses an update with content the editor does not allow, changing nothing", async () => {
    const bad = { id: mine, ...input("x"), content: JSON.stringify({ type: "doc", content: [{ type: "marquee" }] }) };
    await expectRefusedUnchanged(t.db, () => updateTemplate(who.manager, bad), "invalid");
  });

  it("lets the manager change their own template", async () => {
    const before = await rowOf(mine);
    await updateTemplate(who.manager, { id: mine, name: "Kickoff v2", kind: "first_meeting", content: JSON.stringify(paragraphDoc("Hello again")) });
    const after = await rowOf(mine);
    expect(after).toMatchObject({ name: "Kickoff v2", content: paragraphDoc("Hello again"), createdAt: before.createdAt });
    expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
  });

  it("starts a new series from the manager's latest own first-meeting template", async () => {
    const [created] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id] }));
    const [agenda] = await t.db.select().from(agendaDocuments).where(eq(agendaDocuments.meetingId, created.meetingId));
    expect(agenda.content).toEqual(paragraphDoc("Hello again"));
  });

  it("refuses to start a series from someone else's template, changing nothing", async () => {
    const [theirs] = (await listTemplates(who.report9)).own;
    const report2 = await actorOf(t.db, "report2@demo.test");
    const error = await expectRefusedUnchanged(
      t.db,
      () => startSeries(who.manager, seriesInput({ reportIds: [report2.id], templateId: theirs.id })),
      "invalid",
    );
    expect(error.fieldErrors?.templateId).toEqual(["Choose one of your templates."]);
  });

  it.each(OTHERS)("refuses %s deleting the manager's template, changing nothing", async (_, email) => {
    const actor = await as(email);
    await expectRefusedUnchanged(t.db, () => deleteTemplate(actor, mine), "not_found");
  });

  it("refuses to delete a built-in template", async () => {
    const error = await expectRefusedUnchanged(t.db, () => deleteTemplate(who.manager, "builtin:first_meeting"), "invalid");
    expect(error.fieldErrors?._form).toEqual(["Built-in templates cannot be deleted."]);
  });

  it("lets the manager delete their own template", async () => {
    await expectRefusedUnchanged(t.db, () => deleteTemplate(who.manager, "not-a-uuid"), "not_found");
    await deleteTemplate(who.manager, mine);
    expect(await rowOf(mine)).toBeUndefined();
    await expect(getTemplate(who.manager, mine)).rejects.toMatchObject({ code: "not_found" });
    await expectRefusedUnchanged(t.db, () => deleteTemplate(who.manager, mine), "not_found");
  });
});
