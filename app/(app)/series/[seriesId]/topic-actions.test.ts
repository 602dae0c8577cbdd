import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { topics } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import { actorOf, dumpAll, useTestDatabase } from "@/test/db";
import { seriesInput } from "@/test/fixtures";
import { startSeries } from "@/lib/server/series";
import { addActionItemAction } from "./action-item-actions";
import { moveMeetingAction } from "./meeting-actions";
import { updateSeriesSettingsAction } from "./settings-actions";
import { addTopicAction, editTopicAction } from "./topic-actions";
import { saveWorkingAgreementAction } from "./working-agreement-actions";

// The front door as the browser uses it: the signed-in person comes from the session.
const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth", () => ({ getActor: () => Promise.resolve(session.actor), requireUser: () => Promise.resolve(session.actor) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return data;
};

describe("the topics area's server actions", () => {
  const t = useTestDatabase();
  let seriesId = "";
  let meetingId = "";
  beforeAll(async () => {
    const manager = await actorOf(t.db, "manager@demo.test");
    const report = await actorOf(t.db, "report1@demo.test");
    [{ seriesId, meetingId }] = await startSeries(manager, seriesInput({ reportIds: [report.id] }));
    session.actor = report;
  });

  const topic = (over: Record<string, string>) => ({ seriesId, text: "A topic", kind: "strategic", category: "wellbeing", ...over });
  it.each([
    ["an empty topic", addTopicAction, topic({ text: "   " }), "text", "Write the topic."],
    ["a topic over 500 characters", addTopicAction, topic({ text: "x".repeat(501) }), "text", "A topic has at most 500 characters."],
    ["an unknown category", addTopicAction, topic({ category: "gossip" }), "category", "Choose a category from the list."],
    ["an unknown kind", addTopicAction, topic({ kind: "urgent" }), "kind", "Choose strategic or tactical."],
    [
      "an edit to an empty topic",
      editTopicAction,
      { topicId: crypto.randomUUID(), baseVersion: "1", text: "", kind: "strategic", category: "other" },
      "text",
      "Write the topic.",
    ],
    [
      "an action item owned by someone else",
      addActionItemAction,
      { meetingId: "$meeting", text: "Do it", owner: "admin" },
      "owner",
      "The owner is the manager or the report.",
    ],
    [
      "an action item with a malformed date",
      addActionItemAction,
      { meetingId: "$meeting", text: "Do it", owner: "report", dueDate: "2026-13-45" },
      "dueDate",
      "This day does not exist; enter a real calendar date as YYYY-MM-DD.",
    ],
    ["an empty action item", addActionItemAction, { meetingId: "$meeting", text: "", owner: "report" }, "text", "Write the action item."],
    ["a move to a malformed date", moveMeetingAction, { meetingId: "$meeting", date: "next tuesday", time: "10:00" }, "date", "Enter a date as YYYY-MM-DD."],
    [
      "a move to a malformed time",
      moveMeetingAction,
      { meetingId: "$meeting", date: "2030-01-01", time: "25:00" },
      "time",
      "Enter a time as HH:MM, for example 09:30.",
    ],
    [
      "an unknown cadence",
      updateSeriesSettingsAction,
      { seriesId: "$series", cadence: "daily", weekday: "2", startTime: "10:00", durationMinutes: "30", timeZone: "UTC", format: "structured" },
      "cadence",
      "Choose a cadence.",
    ],
    [
      "an agreement over 2000 characters",
      saveWorkingAgreementAction,
      { seriesId: "$series", goalsAndExpectations: "x".repeat(2001), format: "structured" },
      "goalsAndExpectations",
      "At most 2000 characters.",
    ],
  ] as const)("answers %s with a field error and stores nothing", async (_, action, fields, field, message) => {
    const ids: Record<string, string> = { $meeting: meetingId, $series: seriesId };
    const filled = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, ids[v] ?? v]));
    const before = await dumpAll(t.db);
    const result = await action(null, form(filled));
    expect(result).toMatchObject({ ok: false, code: "invalid" });
    expect(result.ok ? null : result.fieldErrors?.[field]).toContain(message);
    expect(await dumpAll(t.db)).toEqual(before);
  });

  it("adds a well-formed topic through the same door: one row, trimmed, by the signed-in person, on the upcoming meeting", async () => {
    const seriesTopics = () => t.db.select().from(topics).where(eq(topics.seriesId, seriesId));
    const before = new Set((await seriesTopics()).map((r) => r.id));
    const result = await addTopicAction(null, form(topic({ text: "  Feeling stretched thin  " })));
    expect(result).toMatchObject({ ok: true, data: { meetingId } });
    const added = (await seriesTopics()).filter((r) => !before.has(r.id));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      meetingId,
      seriesId,
      authorId: session.actor!.id,
      text: "Feeling stretched thin",
      kind: "strategic",
      category: "wellbeing",
      status: "open",
      keepOutOfThemes: false,
      carriedFromMeetingId: null,
      discussedAt: null,
    });
    expect(result.ok && result.data).toMatchObject({ id: added[0].id });
  });

  it("answers an edit from an older version with a form error carrying the current text, and stores nothing", async () => {
    const added = await addTopicAction(null, form(topic({ text: "Opened in two tabs" })));
    const id = added.ok ? (added.data as { id: string }).id : "";
    const edit = (text: string, baseVersion: string) =>
      editTopicAction(null, form({ topicId: id, baseVersion, text, kind: "strategic", category: "wellbeing" }));
    expect(await edit("Saved from the first tab", "1")).toMatchObject({ ok: true, data: { id, version: 2 } });
    const before = await dumpAll(t.db);
    const stale = await edit("Typed in the second tab", "1");
    expect(stale).toMatchObject({
      ok: false,
      code: "conflict",
      error: expect.stringContaining("changed in another tab"),
      fieldErrors: { text: [expect.any(String)] },
      details: { current: { text: "Saved from the first tab", version: 2 } },
    });
    expect(await dumpAll(t.db)).toEqual(before);
    const missing = await editTopicAction(null, form({ topicId: id, text: "No version", kind: "strategic", category: "wellbeing" }));
    expect(missing).toMatchObject({ ok: false, code: "invalid", fieldErrors: { baseVersion: ["The topic's version is missing: reload the page."] } });
    expect(await dumpAll(t.db)).toEqual(before);
  });

  it("answers a signed-out visitor without touching anything", async () => {
    const me = session.actor;
    session.actor = null;
    const before = await dumpAll(t.db);
    expect(await addTopicAction(null, form(topic({})))).toMatchObject({ ok: false, code: "unauthenticated" });
    expect(await dumpAll(t.db)).toEqual(before);
    session.actor = me;
  });
});
