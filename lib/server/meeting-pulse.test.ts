import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/policy";
import { actorOf, dumpAll, expectRefusedUnchanged, useTestDatabase } from "@/test/db";
import { seriesInput, utcDay } from "@/test/fixtures";
import { addActionItem } from "./action-items";
import { assignCovering } from "./covering";
import { loadMeetingWorkspace } from "./meeting-page";
import { meetingPulse } from "./meeting-pulse";
import { startMeeting } from "./meetings";
import { startSeries } from "./series";
import { addTopic, moveTopic, setTopicDiscussed } from "./topics";

describe("an open meeting page's poll", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  let meetingId = "";
  let seriesId = "";
  beforeAll(async () => {
    for (const name of ["admin", "manager", "manager2", "report1", "report2"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    [{ meetingId, seriesId }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id] }));
  });

  const pulse = async (actor: Actor) => (await meetingPulse(actor, { meetingId })).fingerprint;

  it("answers the manager and the report the same digest as the page they loaded, and changes nothing", async () => {
    for (const actor of [who.manager, who.report1]) {
      const page = await loadMeetingWorkspace(actor, meetingId);
      expect(await pulse(actor)).toBe(page.pulse);
    }
    expect(await pulse(who.manager)).toBe(await pulse(who.report1));
    // Loading the page marks it seen; the poll itself writes nothing.
    const after = await dumpAll(t.db);
    await pulse(who.manager);
    expect(await dumpAll(t.db)).toEqual(after);
  });

  it("changes when the other person adds, reorders or ticks a topic, adds an action item, or starts the meeting", async () => {
    const seen = new Set([await pulse(who.manager)]);
    const step = async (change: () => Promise<unknown>) => {
      await change();
      const now = await pulse(who.manager);
      expect(seen.has(now), "a change the open page must notice").toBe(false);
      seen.add(now);
    };
    const { id: first } = await addTopic(who.report1, { seriesId, meetingId, text: "Career path", kind: "strategic", category: "career_growth" });
    seen.add(await pulse(who.manager));
    await step(() => addTopic(who.report1, { seriesId, meetingId, text: "On-call load", kind: "tactical", category: "productivity" }));
    await step(() => moveTopic(who.report1, { topicId: first, direction: "down" }));
    await step(() => setTopicDiscussed(who.manager, { topicId: first, discussed: true }));
    await step(() => addActionItem(who.report1, { meetingId, text: "Book the course", owner: "report", dueDate: undefined }));
    await step(() => startMeeting(who.report1, { meetingId }));
  });

  it("answers a covering manager within the range, without writing to the report's access log", async () => {
    await assignCovering(who.manager, { seriesId, coveringManagerId: who.manager2.id, startsOn: utcDay(0), endsOn: utcDay(7) });
    const before = await dumpAll(t.db);
    expect(await pulse(who.manager2)).toBe(await pulse(who.manager));
    expect(await dumpAll(t.db)).toEqual(before);
  });

  it.each([
    ["a report of another pair", "report2", "not_found"],
    ["the org admin", "admin", "forbidden"],
  ] as const)("refuses %s, changing nothing", async (_, name, code) => {
    await expectRefusedUnchanged(t.db, () => meetingPulse(who[name], { meetingId }), code);
  });

  it("answers not found for a meeting that does not exist", async () => {
    await expectRefusedUnchanged(t.db, () => meetingPulse(who.manager, { meetingId: crypto.randomUUID() }), "not_found");
  });
});
