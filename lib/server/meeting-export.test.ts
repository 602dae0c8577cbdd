import MarkdownIt from "markdown-it";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { accessLog, actionItems, coveringAssignments, reportingLines, topics, users } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import { actorOf, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { writeAgenda, writeNote } from "@/test/collab";
import { paragraphDoc, seriesInput, utcDay } from "@/test/fixtures";
import { exportMeetingMarkdown } from "./meeting-export";
import { startSeries } from "./series";

describe("one meeting as Markdown", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  let ids: { seriesId: string; meetingId: string };
  let otherPair: { seriesId: string; meetingId: string };
  const logRows = async () => (await t.db.select().from(accessLog)).length;

  beforeAll(async () => {
    for (const name of ["admin", "manager", "manager2", "report1", "report2", "report9", "report10"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    [ids] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id] }));
    [otherPair] = await startSeries(who.manager, seriesInput({ reportIds: [who.report2.id] }));
    // Only someone who manages reports of their own can cover: report10 leads an intern.
    const [intern] = await t.db.insert(users).values({ orgId: who.manager.orgId, email: "intern.md@demo.test", name: "Intern" }).returning({ id: users.id });
    await t.db.insert(reportingLines).values({ orgId: who.manager.orgId, managerId: who.report10.id, reportId: intern.id, activeFrom: utcDay(-1) });
    await t.db
      .insert(coveringAssignments)
      .values({ seriesId: ids.seriesId, coveringManagerId: who.report10.id, startsOn: utcDay(-1), endsOn: utcDay(3), createdBy: who.manager.id });
    await writeAgenda(who.manager, ids.meetingId, paragraphDoc("Shared agenda: the roadmap"));
    await writeNote(who.manager, ids.meetingId, paragraphDoc("manager's private words"));
    await writeNote(who.report1, ids.meetingId, paragraphDoc("report's private words"));
    await t.db.insert(topics).values({
      meetingId: ids.meetingId,
      seriesId: ids.seriesId,
      authorId: who.report1.id,
      text: "<script>alert(1)</script> [x](javascript:alert(1)) # not a heading",
    });
    await t.db
      .insert(actionItems)
      .values({ meetingId: ids.meetingId, seriesId: ids.seriesId, text: "Book the *training*", owner: "report", createdBy: who.report1.id });
    await writeNote(who.report2, otherPair.meetingId, paragraphDoc("another pair's words"));
  });

  it("gives the report the agenda, topics, action items and their own note, never the manager's, and logs it for them", async () => {
    const { markdown, filename } = await exportMeetingMarkdown(who.report1, ids.meetingId, ids.seriesId);
    expect(filename).toMatch(/^meeting-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.md$/);
    expect(markdown).toContain("Shared agenda: the roadmap");
    expect(markdown).toContain("## My private note\n\nreport's private words");
    expect(markdown).toContain("Book the \\*training\\*");
    expect(markdown).not.toContain("manager's private words");
    expect(markdown).not.toContain("another pair's words");
    const log = await t.db.select().from(accessLog).where(eq(accessLog.reportId, who.report1.id));
    expect(log.map((r) => [r.actorId, r.kind, r.action])).toContainEqual([who.report1.id, "export", "exported a meeting as Markdown"]);
  });

  it("writes hostile topic text as words: no HTML, no link, no heading", () => {
    return exportMeetingMarkdown(who.report1, ids.meetingId).then(({ markdown }) => {
      const html = new MarkdownIt({ html: true }).render(markdown);
      expect(html).not.toContain("<script");
      expect(html).not.toContain("<a ");
      expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1)) # not a heading");
      expect(html.match(/<h1>/g)).toHaveLength(1);
    });
  });

  it("gives the manager their own note, never the report's, and logs it in the report's access log", async () => {
    const { markdown } = await exportMeetingMarkdown(who.manager, ids.meetingId);
    expect(markdown).toContain("manager's private words");
    expect(markdown).not.toContain("report's private words");
    const log = await t.db.select().from(accessLog).where(eq(accessLog.reportId, who.report1.id));
    expect(log.map((r) => [r.actorId, r.action])).toContainEqual([who.manager.id, "exported a meeting you share as Markdown"]);
  });

  it("gives a covering manager the shared content and neither person's note", async () => {
    const { markdown } = await exportMeetingMarkdown(who.report10, ids.meetingId);
    expect(markdown).toContain("Shared agenda: the roadmap");
    expect(markdown).not.toContain("manager's private words");
    expect(markdown).not.toContain("report's private words");
    expect(markdown).toContain("You kept no note for this meeting.");
  });

  it("refuses the admin, another pair's people and another manager, writing nothing (no access log row)", async () => {
    const before = await logRows();
    await expectRefusedUnchanged(t.db, () => exportMeetingMarkdown(who.admin, ids.meetingId), "forbidden");
    for (const name of ["manager2", "report2", "report9"])
      await expectRefusedUnchanged(t.db, () => exportMeetingMarkdown(who[name], ids.meetingId), "not_found");
    // The other pair's manager is this pair's manager too, but the report of one pair is nobody in the other.
    await expectRefusedUnchanged(t.db, () => exportMeetingMarkdown(who.report1, otherPair.meetingId), "not_found");
    expect(await logRows()).toBe(before);
  });

  it("refuses a visitor, a meeting under another series' address and a malformed id, writing nothing", async () => {
    await expectRefusedUnchanged(t.db, () => exportMeetingMarkdown(null as unknown as Actor, ids.meetingId), "unauthenticated");
    await expectRefusedUnchanged(t.db, () => exportMeetingMarkdown(who.report1, ids.meetingId, otherPair.seriesId), "not_found");
    await expectRefusedUnchanged(t.db, () => exportMeetingMarkdown(who.report1, "../../etc/passwd"), "not_found");
  });
});
