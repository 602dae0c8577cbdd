import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { meetings, privateNotes } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import { actorOf, useTestDatabase } from "@/test/db";
import { writeAgenda } from "@/test/collab";
import { paragraphDoc, seriesInput } from "@/test/fixtures";
import { addActionItem } from "./action-items";
import { listHistory, searchSeries } from "./history";
import { completeMeeting, startMeeting } from "./meetings";
import { startSeries } from "./series";
import { addTopic } from "./topics";

// Outsiders have no relation to the series and are not told it exists; the admin has one but not the right.
const OUTSIDERS = [
  ["a report of another pair", "report9@demo.test", "not_found"],
  ["a report of another pair of the same manager", "report2@demo.test", "not_found"],
  ["the manager of another pair", "manager2@demo.test", "not_found"],
  ["the org admin", "admin@demo.test", "forbidden"],
] as const;

describe("history and search of a series", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  const as = (email: string) => actorOf(t.db, email);
  let seriesId = "";
  let firstId = "";
  const completed: string[] = [];
  beforeAll(async () => {
    for (const name of ["manager", "report1", "report2"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    [{ seriesId, meetingId: firstId }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id] }));
    const [{ seriesId: otherSeries }] = await startSeries(who.manager, seriesInput({ reportIds: [who.report2.id] }));
    await addTopic(who.report2, { seriesId: otherSeries, text: "Kubernetes migration worries", kind: "strategic", category: "productivity" });
    await writeAgenda(who.manager, firstId, paragraphDoc("We spoke about the Zeppelin roadmap"));
    await addTopic(who.report1, { seriesId, meetingId: firstId, text: "Kubernetes upgrade pressure", kind: "tactical", category: "productivity" });
    await addActionItem(who.manager, { meetingId: firstId, text: "Book the Kubernetes training", owner: "report", dueDate: undefined });
    // The manager's private note holds the word too; search must never return it.
    await t.db
      .insert(privateNotes)
      .values({ meetingId: firstId, authorId: who.manager.id, content: paragraphDoc("secret"), searchText: "Kubernetes private thoughts Zeppelin" });
    let meetingId = firstId;
    for (let i = 0; i < 7; i++) {
      completed.push(meetingId);
      await startMeeting(who.manager, { meetingId });
      meetingId = (await completeMeeting(who.manager, { meetingId })).nextMeetingId!;
    }
  });

  it.each(OUTSIDERS)("refuses %s the history and the search", async (_, email, code) => {
    const actor = await as(email);
    await expect(listHistory(actor, { seriesId, page: 1 })).rejects.toMatchObject({ code });
    await expect(searchSeries(actor, { seriesId, q: "kubernetes" })).rejects.toMatchObject({ code });
  });

  it("lists past meetings newest first, one page at a time", async () => {
    const one = await listHistory(who.report1, { seriesId, page: 1 });
    expect(one.hasMore).toBe(true);
    expect(one.meetings.map((m) => m.id)).toEqual([...completed].reverse().slice(0, 5));
    const two = await listHistory(who.report1, { seriesId, page: 2 });
    expect(two.hasMore).toBe(false);
    expect(two.meetings.map((m) => m.id)).toEqual([completed[1], completed[0]]);
    const first = two.meetings[1];
    expect(first.content).toEqual(paragraphDoc("We spoke about the Zeppelin roadmap"));
    expect(first.topics.map((x) => [x.text, x.status])).toEqual([["Kubernetes upgrade pressure", "carried_over"]]);
    expect(first.actionItems.map((x) => x.text)).toEqual(["Book the Kubernetes training"]);
    expect((await listHistory(who.manager, { seriesId, page: 9 })).meetings).toEqual([]);
  });

  it("finds words in agendas, topics and action items of the pair's own meetings only, never in private notes", async () => {
    const hits = await searchSeries(who.report1, { seriesId, q: "kubernetes" });
    const ids = new Set(hits.map((h) => h.meetingId));
    const own = new Set((await t.db.select({ id: meetings.id }).from(meetings).where(eq(meetings.seriesId, seriesId))).map((m) => m.id));
    expect([...ids].every((id) => own.has(id))).toBe(true);
    expect(hits.filter((h) => h.source === "topic")).toHaveLength(8); // the original and its seven carried copies
    expect(hits.filter((h) => h.source === "action item").length).toBeGreaterThan(0);
    expect(hits.some((h) => h.excerpt.includes("migration worries"))).toBe(false);
    expect(hits.some((h) => h.excerpt.includes("private"))).toBe(false);
    expect(ids.has(firstId)).toBe(true);
    const agenda = await searchSeries(who.manager, { seriesId, q: "zeppel" });
    expect(agenda).toEqual([{ meetingId: firstId, scheduledAt: expect.any(Date), source: "agenda", excerpt: "We spoke about the Zeppelin roadmap" }]);
    expect(await searchSeries(who.manager, { seriesId, q: "private thoughts" })).toEqual([]);
    const both = await searchSeries(who.manager, { seriesId, q: "training kubernetes" });
    expect(both.map((h) => h.source)).toEqual(Array(8).fill("action item"));
  });

  it("finds other forms of a word (English) while names still match by prefix, and still never private notes", async () => {
    const agenda = await searchSeries(who.report1, { seriesId, q: "roadmaps" });
    expect(agenda).toEqual([{ meetingId: firstId, scheduledAt: expect.any(Date), source: "agenda", excerpt: "We spoke about the Zeppelin roadmap" }]);
    const items = await searchSeries(who.manager, { seriesId, q: "trainings Kubernetes" });
    expect(items.map((h) => h.source)).toEqual(Array(8).fill("action item"));
    expect(items[0].excerpt).toBe("Book the Kubernetes training");
    expect((await searchSeries(who.manager, { seriesId, q: "zeppel roadmaps" })).map((h) => h.source)).toEqual(["agenda"]);
    // "thought" is a form of the private note's "thoughts": the note is still not searched.
    expect(await searchSeries(who.manager, { seriesId, q: "thought" })).toEqual([]);
    expect(await searchSeries(who.manager, { seriesId, q: "roadmaps pressure" })).toEqual([]);
  });

  it("refuses a search without any word with a field error", async () => {
    await expect(searchSeries(who.report1, { seriesId, q: "&& !!" })).rejects.toMatchObject({
      code: "invalid",
      fieldErrors: { q: ["Enter words to search for."] },
    });
  });
});
