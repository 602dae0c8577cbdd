import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/policy";
import { actorOf, useTestDatabase } from "@/test/db";
import { seriesInput } from "@/test/fixtures";
import { exportMyRecord } from "./export";
import { exportMyArchive } from "./export-archive";
import { loadMeetingWorkspace } from "./meeting-page";
import { exportMeetingMarkdown } from "./meeting-export";
import { startSeries } from "./series";
import { setKeepOutOfThemes } from "./themes";
import { addTopic } from "./topics";

const FLAG = /keepOutOfThemes|keep_out|kept out|keepOut/i;

describe("which topics the report keeps out of team themes is the report's own: only their export and page show it", () => {
  const t = useTestDatabase();
  let manager: Actor;
  let report: Actor;
  let ids: { seriesId: string; meetingId: string };
  let keptId = "";

  beforeAll(async () => {
    manager = await actorOf(t.db, "manager@demo.test");
    report = await actorOf(t.db, "report1@demo.test");
    [ids] = await startSeries(manager, seriesInput({ reportIds: [report.id] }));
    const input = { seriesId: ids.seriesId, meetingId: ids.meetingId, kind: "strategic" as const, category: "wellbeing" as const };
    keptId = (await addTopic(report, { ...input, text: "Thinking about leaving the team" })).id;
    await addTopic(report, { ...input, text: "Happy with the new project" });
  });

  // What the manager's channels hold about the series, without what changes on every call (time, log).
  const managerSees = async () => {
    const record = await exportMyRecord(manager);
    const archive = await exportMyArchive(manager);
    const markdown = await exportMeetingMarkdown(manager, ids.meetingId, ids.seriesId);
    const page = await loadMeetingWorkspace(manager, ids.meetingId);
    return {
      json: JSON.stringify(record.series),
      archive: archive.files
        .filter((f) => !f.path.endsWith("record.json"))
        .map((f) => f.text.replace(/Exported \S+/, "Exported …").replace(/DTSTAMP:\S+/g, "DTSTAMP:…")),
      archivedSeries: archive.files.filter((f) => f.path.endsWith("record.json")).map((f) => JSON.stringify((JSON.parse(f.text) as typeof record).series)),
      markdown: markdown.markdown,
      page: { topics: JSON.stringify(page.work.topics), themeChoices: page.themeChoices },
    };
  };

  it("leaves no trace of the flag in the manager's JSON export, archive, Markdown or meeting page, and they do not change when the report sets it", async () => {
    await managerSees(); // the first opening of the meeting writes its terms
    const before = await managerSees();
    await setKeepOutOfThemes(report, { topicId: keptId, keepOut: true });
    const after = await managerSees();
    expect(after.json).toContain("Thinking about leaving the team");
    for (const text of [after.json, ...after.archive, ...after.archivedSeries, after.markdown, after.page.topics]) expect(text).not.toMatch(FLAG);
    expect(after.page.themeChoices).toBeNull();
    expect(after).toEqual(before);
  });

  it("still shows the report, in their own export and page, which topics they kept out", async () => {
    const record = await exportMyRecord(report);
    const topics = record.series.flatMap((s) => s.meetings.flatMap((m) => m.topics));
    expect(topics.map((x) => [x.text, "keepOutOfThemes" in x ? x.keepOutOfThemes : undefined])).toEqual(
      expect.arrayContaining([
        ["Thinking about leaving the team", true],
        ["Happy with the new project", false],
      ]),
    );
    const page = await loadMeetingWorkspace(report, ids.meetingId);
    expect(page.themeChoices?.find((c) => c.id === keptId)?.keepOut).toBe(true);
    expect(page.themeChoices?.filter((c) => c.keepOut)).toHaveLength(1);
  });
});
