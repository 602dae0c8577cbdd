import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { agendaDocuments, meetings, organizations, series } from "@/db/schema";
import type { JSONContent } from "@tiptap/core";
import { documentText, EMPTY_DOCUMENT } from "@/lib/editor/document";
import type { Actor } from "@/lib/policy";
import { findBuiltin, firstMeetingContent } from "@/lib/templates/builtin";
import { PLACEHOLDER_LINK_MESSAGE } from "@/lib/templates/placeholder";
import { supportResourcesSchema } from "@/lib/validation/organization";
import { seriesAgendaTemplateSchema } from "@/lib/validation/templates";
import { actorOf, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { paragraphDoc, seriesInput } from "@/test/fixtures";
import { ensureNextMeeting } from "./meetings";
import { getSupportResources, setSupportResources } from "./organization";
import { startSeries } from "./series";
import { agendaTemplateChoicesOf, applyTemplateToMeeting, setSeriesAgendaTemplate } from "./series-templates";
import { agendaDocumentName } from "@/lib/collab/names";
import { startCollabOnce, stopCollab } from "@/lib/collab/server";
import { allText, connect, waitFor } from "@/test/collab";
import { applyTemplateSchema } from "@/lib/validation/templates";
import { issueAgendaToken } from "./collab";
import { createTemplate, deleteTemplate, getTemplate } from "./templates";

const linkDoc = (href: string) => ({
  type: "doc",
  content: [{ type: "paragraph", content: [{ type: "text", text: "Help", marks: [{ type: "link", attrs: { href } }] }] }],
});

describe("templates for every meeting", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  let seriesId = "";
  let firstAt = new Date();
  const template = (value: string) => seriesAgendaTemplateSchema.parse({ seriesId, template: value });
  /** The agenda of the series' next meeting, created as completing a meeting creates it. */
  const nextAgenda = async () => {
    // Rolled back, so that each test creates its own next meeting.
    class Seen extends Error {
      constructor(readonly row: typeof agendaDocuments.$inferSelect) {
        super("rolled back");
      }
    }
    try {
      await t.db.transaction(async (tx) => {
        const next = await ensureNextMeeting(tx, seriesId, firstAt);
        const [row] = await tx.select().from(agendaDocuments).where(eq(agendaDocuments.meetingId, next!.id));
        throw new Seen(row);
      });
    } catch (error) {
      if (error instanceof Seen) return error.row;
      throw error;
    }
    throw new Error("no next meeting");
  };
  beforeAll(async () => {
    for (const name of ["admin", "manager", "manager2", "report1", "report9"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    [{ seriesId }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id] }));
    [{ scheduledAt: firstAt }] = await t.db.select({ scheduledAt: meetings.scheduledAt }).from(meetings).where(eq(meetings.seriesId, seriesId));
  });

  it("starts later meetings blank until a template is chosen", async () => {
    expect((await nextAgenda()).content).toEqual(EMPTY_DOCUMENT);
  });

  it("starts each new meeting from the built-in template the series names, with its text searchable", async () => {
    await setSeriesAgendaTemplate(who.manager, template("builtin:weekly_check_in"));
    const agenda = await nextAgenda();
    expect(agenda.content).toEqual(findBuiltin("builtin:weekly_check_in")!.content());
    expect(agenda.searchText.length).toBeGreaterThan(10);
    expect((await agendaTemplateChoicesOf(t.db, who.manager, seriesId)).current).toBe("builtin:weekly_check_in");
  });

  it("starts from one's own template, and blank again once that template is deleted (said on the series page)", async () => {
    const own = await createTemplate(who.manager, {
      name: "Our weekly",
      kind: "weekly_check_in",
      content: JSON.stringify(paragraphDoc("Wins, blockers, one thing to learn")),
    });
    await setSeriesAgendaTemplate(who.manager, template(own.id));
    expect((await nextAgenda()).content).toEqual(paragraphDoc("Wins, blockers, one thing to learn"));
    const choices = await agendaTemplateChoicesOf(t.db, who.manager, seriesId);
    expect(choices.own).toEqual([{ id: own.id, name: "Our weekly" }]);
    expect(choices.builtin.map((b) => b.id)).not.toContain("builtin:first_meeting");
    await deleteTemplate(who.manager, own.id);
    expect((await nextAgenda()).content).toEqual(EMPTY_DOCUMENT);
    expect((await agendaTemplateChoicesOf(t.db, who.manager, seriesId)).currentMissing).toBe(true);
  });

  it("clears the choice: new meetings start blank", async () => {
    await setSeriesAgendaTemplate(who.manager, template("builtin:mentorship"));
    await setSeriesAgendaTemplate(who.manager, template(""));
    const [row] = await t.db.select({ template: series.agendaTemplate }).from(series).where(eq(series.id, seriesId));
    expect(row.template).toBeNull();
    expect((await nextAgenda()).content).toEqual(EMPTY_DOCUMENT);
  });

  it("refuses another manager's template, the first-meeting template, and an unknown id, changing nothing", async () => {
    const theirs = await createTemplate(who.manager2, { name: "Theirs", kind: "weekly_check_in", content: JSON.stringify(paragraphDoc("not yours")) });
    for (const value of [theirs.id, "builtin:first_meeting", "builtin:nope", "../../etc"]) {
      const error = await expectRefusedUnchanged(t.db, () => setSeriesAgendaTemplate(who.manager, template(value)), "invalid");
      expect(error.fieldErrors?.template?.[0]).toBeTruthy();
    }
  });

  it("refuses a template that links to a placeholder support page, changing nothing", async () => {
    const placeholder = await createTemplate(who.manager, {
      name: "Draft",
      kind: "weekly_check_in",
      content: JSON.stringify(linkDoc("https://example.com/employee-assistance")),
    });
    const error = await expectRefusedUnchanged(t.db, () => setSeriesAgendaTemplate(who.manager, template(placeholder.id)), "invalid");
    expect(error.fieldErrors?.template).toEqual([PLACEHOLDER_LINK_MESSAGE]);
  });

  it("refuses everyone outside the pair, changing nothing", async () => {
    for (const name of ["manager2", "report9"]) {
      await expectRefusedUnchanged(t.db, () => setSeriesAgendaTemplate(who[name], template("builtin:weekly_check_in")), "not_found");
    }
    // The org admin knows the series exists (its metadata), and may not change it.
    await expectRefusedUnchanged(t.db, () => setSeriesAgendaTemplate(who.admin, template("builtin:weekly_check_in")), "forbidden");
  });
});

describe("adding a template to one upcoming meeting", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  let meetingId = "";
  const apply = (template: string, id = meetingId) => applyTemplateSchema.parse({ meetingId: id, template });
  const agendaOf = async (id: string) => (await t.db.select().from(agendaDocuments).where(eq(agendaDocuments.meetingId, id)))[0];
  beforeAll(async () => {
    for (const name of ["admin", "manager", "manager2", "report1", "report2", "report9"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    [{ meetingId }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id] }));
  });

  it("refuses everyone outside the pair and a meeting that has started, changing nothing", async () => {
    await expectRefusedUnchanged(t.db, () => applyTemplateToMeeting(who.manager2, apply("builtin:mentorship")), "not_found");
    await expectRefusedUnchanged(t.db, () => applyTemplateToMeeting(who.report9, apply("builtin:mentorship")), "not_found");
    await expectRefusedUnchanged(t.db, () => applyTemplateToMeeting(who.admin, apply("builtin:mentorship")), "forbidden");
    await t.db.update(meetings).set({ status: "in_progress" }).where(eq(meetings.id, meetingId));
    const error = await expectRefusedUnchanged(t.db, () => applyTemplateToMeeting(who.manager, apply("builtin:mentorship")), "invalid");
    expect(error.fieldErrors?.meetingId?.[0]).toMatch(/not started/);
    await t.db.update(meetings).set({ status: "scheduled" }).where(eq(meetings.id, meetingId));
  });

  it("adds the template after what the agenda holds, when nobody has opened it yet", async () => {
    const before = (await agendaOf(meetingId)).content as { content: unknown[] };
    await applyTemplateToMeeting(who.report1, apply("builtin:mentorship"));
    const after = (await agendaOf(meetingId)).content as { content: unknown[] };
    const added = findBuiltin("builtin:mentorship")!.content();
    // What was there first, then the template (both as the schema stores them).
    expect(after.content).toHaveLength(before.content.length + (added.content?.length ?? 0));
    expect(documentText(after as JSONContent).startsWith(documentText(before as JSONContent))).toBe(true);
    expect(documentText(after as JSONContent)).toContain(documentText(added));
  });

  it("through the running collaboration server: a person with the agenda open sees it at once, and it is stored", async () => {
    const [{ meetingId: other }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report2.id] }));
    const collab = await startCollabOnce({ port: 0, address: "127.0.0.1", quiet: true });
    try {
      const open = connect(collab.port, agendaDocumentName(other), (await issueAgendaToken(who.report2, { meetingId: other })).token);
      expect(await open.outcome).toBe("synced");
      await applyTemplateToMeeting(who.manager, apply("builtin:weekly_check_in", other));
      const heading = JSON.stringify(findBuiltin("builtin:weekly_check_in")!.content()).match(/"text":"([^"]+)"/)![1];
      await waitFor(() => allText(open.doc).includes(heading), 10_000, "the template in the open agenda");
      // The first meeting's own text is still there, before it.
      expect(allText(open.doc)).toContain("Our first one-on-one");
      expect(JSON.stringify((await agendaOf(other)).content)).toContain(heading);
      open.destroy();
    } finally {
      await stopCollab();
    }
  });
});

describe("the organization's support resources", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  beforeAll(async () => {
    for (const name of ["admin", "manager", "report1", "report2"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
  });

  it("the demo has no placeholder link: the first-meeting template shows the organization's text", async () => {
    const support = await getSupportResources(who.admin);
    expect(support.url).toBeNull();
    const builtin = await getTemplate(who.manager, "builtin:first_meeting");
    expect(JSON.stringify(builtin.content)).toContain(support.text!);
    expect(JSON.stringify(builtin.content)).not.toContain("example.com");
  });

  it("an admin sets the link and text once; every new first meeting shows them", async () => {
    const input = supportResourcesSchema.parse({ supportUrl: " https://eap.acme.co/help ", supportText: "Free, confidential counselling." });
    await setSupportResources(who.admin, input);
    const [{ meetingId }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id] }));
    const [agenda] = await t.db.select().from(agendaDocuments).where(eq(agendaDocuments.meetingId, meetingId));
    expect(agenda.content).toEqual(firstMeetingContent({ url: "https://eap.acme.co/help", text: "Free, confidential counselling." }));
  });

  it("refuses a placeholder, a non-web address and an over-long text with field messages", () => {
    for (const [field, value] of [
      ["supportUrl", "https://example.com/employee-assistance"],
      ["supportUrl", "https://help.example/eap"],
      ["supportUrl", "javascript:alert(1)"],
      ["supportUrl", "not a url"],
      ["supportText", "x".repeat(301)],
    ] as const) {
      const result = supportResourcesSchema.safeParse({ supportUrl: "", supportText: "", [field]: value });
      expect(result.success, `${field}=${value}`).toBe(false);
      expect(result.error?.issues[0].path).toEqual([field]);
    }
    expect(supportResourcesSchema.parse({ supportUrl: "", supportText: "  " })).toEqual({ supportUrl: null, supportText: null });
  });

  it("refuses a member, changing nothing", async () => {
    const input = supportResourcesSchema.parse({ supportUrl: "https://evil.co", supportText: "" });
    await expectRefusedUnchanged(t.db, () => setSupportResources(who.manager, input), "forbidden");
    await expectRefusedUnchanged(t.db, () => getSupportResources(who.report1), "forbidden");
  });

  it("never sends a placeholder support link to a report: starting from it is refused, changing nothing", async () => {
    const [org] = await t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, who.admin.orgId));
    await t.db.update(organizations).set({ supportUrl: "https://example.com/employee-assistance" }).where(eq(organizations.id, org.id));
    const error = await expectRefusedUnchanged(t.db, () => startSeries(who.manager, seriesInput({ reportIds: [who.report2.id] })), "invalid");
    expect(error.fieldErrors?.templateId).toEqual([PLACEHOLDER_LINK_MESSAGE]);
  });
});
