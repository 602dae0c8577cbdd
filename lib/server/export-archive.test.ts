import { strFromU8, unzipSync } from "fflate";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { accessLog, actionItems, goalCheckIns, topics, users } from "@/db/schema";
import { isSafePath, zipFiles } from "@/lib/export/archive";
import type { Actor } from "@/lib/policy";
import { createGoalSchema } from "@/lib/validation/goals";
import { actorOf, useTestDatabase } from "@/test/db";
import { writeAgenda, writeNote } from "@/test/collab";
import { goalDraft, paragraphDoc, seriesInput, utcDay } from "@/test/fixtures";
import { parseFeed } from "@/test/ical";
import { exportMyArchive } from "./export-archive";
import { createGoal } from "./goals";
import { startSeries } from "./series";

/** The archive as the route sends it, unzipped again: path -> text. */
async function unzipped(actor: Actor): Promise<Record<string, string>> {
  const { files } = await exportMyArchive(actor);
  const out: Record<string, string> = {};
  for (const [path, bytes] of Object.entries(unzipSync(zipFiles(files)))) out[path] = strFromU8(bytes);
  return out;
}
const allText = (files: Record<string, string>) => Object.values(files).join("\n");

describe("the record archive (zip of Markdown, JSON and .ics)", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  let ids: { seriesId: string; meetingId: string };
  beforeAll(async () => {
    for (const name of ["admin", "manager", "manager2", "report1", "report2", "report9"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    // A hostile name: it must not reach a path in the archive as it is.
    await t.db.update(users).set({ name: "../../etc/passwd\\..\u0007 C:\\evil \u202e/x" }).where(eq(users.id, who.report1.id));
    who.report1 = await actorOf(t.db, "report1@demo.test");
    [ids] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id] }));
    const [other] = await startSeries(who.manager2, seriesInput({ reportIds: [who.report9.id] }));
    await writeAgenda(who.manager, ids.meetingId, {
      type: "doc",
      content: [
        { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Roadmap" }] },
        { type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "Hiring plan" }] }] }] },
      ],
    });
    await writeNote(who.manager, ids.meetingId, paragraphDoc("manager-secret-note"));
    await writeNote(who.report1, ids.meetingId, paragraphDoc("report-secret-note"));
    await writeNote(who.report9, other.meetingId, paragraphDoc("other-pair-secret"));
    await writeAgenda(who.manager2, other.meetingId, paragraphDoc("other-pair-agenda"));
    await t.db.insert(topics).values({ meetingId: ids.meetingId, seriesId: ids.seriesId, authorId: who.report1.id, text: "Career growth chat" });
    await t.db
      .insert(actionItems)
      .values({ meetingId: ids.meetingId, seriesId: ids.seriesId, text: "Draft the hiring plan", owner: "manager", createdBy: who.manager.id });
    const { id: goalId } = await createGoal(
      who.manager,
      createGoalSchema.parse({
        ...goalDraft({ title: "Lead the on-call review", specific: "Lead the monthly review.", achievable: "Shadow first.", relevant: "Senior role." }),
        seriesId: ids.seriesId,
      }),
    );
    await t.db.insert(goalCheckIns).values({ goalId, authorId: who.report1.id, checkedOn: utcDay(0), percent: "25", note: "Shadowed once" });
  });

  it("holds the report's record as Markdown, JSON and an .ics, with their own note and never the manager's", async () => {
    const files = await unzipped(who.report1);
    const paths = Object.keys(files);
    const root = paths[0].split("/")[0];
    expect(root).toMatch(/^between-us-record-\d{4}-\d{2}-\d{2}$/);
    expect(paths).toEqual(expect.arrayContaining([`${root}/README.md`, `${root}/record.json`, `${root}/meetings.ics`]));
    const meetingPage = paths.find((p) => /\/meetings\/\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.md$/.test(p))!;
    expect(files[meetingPage]).toContain("## Roadmap\n\n- Hiring plan");
    expect(files[meetingPage]).toContain("Career growth chat");
    expect(files[meetingPage]).toContain("- [ ] Draft the hiring plan");
    expect(files[meetingPage]).toContain("## My private note\n\nreport-secret-note");
    const goalsPage = paths.find((p) => p.endsWith("/goals.md"))!;
    expect(files[goalsPage]).toContain("## Lead the on-call review");
    expect(files[goalsPage]).toMatch(/- \d{4}-\d{2}-\d{2} — 25%: Shadowed once/);
    const record = JSON.parse(files[`${root}/record.json`]) as { series: { seriesId: string }[]; person: { email: string } };
    expect(record.person.email).toBe("report1@demo.test");
    expect(record.series.map((s) => s.seriesId)).toEqual([ids.seriesId]);
    const text = allText(files);
    expect(text).not.toContain("manager-secret-note");
    expect(text).not.toContain("other-pair");
  });

  it("gives the manager their own note and never the report's", async () => {
    const text = allText(await unzipped(who.manager));
    expect(text).toContain("manager-secret-note");
    expect(text).toContain("Career growth chat");
    expect(text).not.toContain("report-secret-note");
    expect(text).not.toContain("other-pair");
  });

  it("gives another pair, another manager and the admin nothing of this pair", async () => {
    for (const name of ["admin", "manager2", "report9", "report2"]) {
      const text = allText(await unzipped(who[name]));
      for (const secret of ["manager-secret-note", "report-secret-note", "Career growth chat", "Roadmap", ids.seriesId, ids.meetingId])
        expect(text, name).not.toContain(secret);
    }
  });

  it("names every file from safe segments, whatever the names hold", async () => {
    const { files } = await exportMyArchive(who.report1);
    for (const { path } of files) {
      expect(isSafePath(path), path).toBe(true);
      expect(path.split("/")).not.toContain("..");
      for (const bad of ["\\", ":", "\u0007", "\u202e"]) expect(path).not.toContain(bad);
    }
    expect(() => zipFiles([{ path: "../evil.md", text: "x" }])).toThrow();
    expect(() => zipFiles([{ path: "a/../../evil.md", text: "x" }])).toThrow();
    expect(() => zipFiles([{ path: "/etc/passwd", text: "x" }])).toThrow();
  });

  it("holds an .ics that parses back with one event per meeting and no content", async () => {
    const files = await unzipped(who.report1);
    const ics = Object.entries(files).find(([p]) => p.endsWith("/meetings.ics"))![1];
    const events = parseFeed(ics).getAllSubcomponents("vevent");
    const record = JSON.parse(Object.entries(files).find(([p]) => p.endsWith("/record.json"))![1]) as { series: { meetings: { id: string }[] }[] };
    const meetingIds = record.series.flatMap((s) => s.meetings.map((m) => m.id));
    expect(events.map((e) => e.getFirstPropertyValue("uid")).sort()).toEqual(meetingIds.map((id) => `meeting-${id}@between-us`).sort());
    expect(String(events[0].getFirstPropertyValue("summary"))).toContain("One-on-one: ");
    expect(events[0].getFirstPropertyValue("dtstart")).toBeTruthy();
    for (const secret of ["report-secret-note", "Career growth chat", "Roadmap"]) expect(ics).not.toContain(secret);
  });

  it("logs the export in the person's access log, as the JSON export does", async () => {
    const before = (await t.db.select().from(accessLog).where(eq(accessLog.reportId, who.report1.id))).length;
    await exportMyArchive(who.report1);
    const rows = await t.db.select().from(accessLog).where(eq(accessLog.reportId, who.report1.id));
    expect(rows.length).toBe(before + 1);
    expect(rows.map((r) => [r.actorId, r.kind, r.action])).toContainEqual([who.report1.id, "export", "exported your one-on-one record"]);
  });
});
