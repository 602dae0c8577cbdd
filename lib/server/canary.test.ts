import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { coveringAssignments, privateNotes, reportingLines, users } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import { actorOf, dumpAll, useTestDatabase } from "@/test/db";
import { storedNoteText, writeNote } from "@/test/collab";
import { paragraphDoc, seriesInput, utcDay } from "@/test/fixtures";
import { discoverReadFunctions } from "@/test/read-functions";
import { startSeries } from "./series";

// The canary: the manager's and the report's private notes each hold a unique marker. Every read
// function of lib/server, discovered from the folder (so a new one is covered without anyone
// remembering it), is called as everyone else with every id of the pair; no answer, no error, no
// mail and no other table may hold the marker.
const MANAGER_MARKER = `canary-manager-${crypto.randomUUID()}`;
const REPORT_MARKER = `canary-report-${crypto.randomUUID()}`;

describe("the private-notes canary across every lib/server read", () => {
  const t = useTestDatabase();
  const who: Record<string, Actor> = {};
  let ids: { seriesId: string; meetingId: string };
  beforeAll(async () => {
    for (const name of ["admin", "manager", "manager2", "report1", "report2", "report9", "report10"]) who[name] = await actorOf(t.db, `${name}@demo.test`);
    [ids] = await startSeries(who.manager, seriesInput({ reportIds: [who.report1.id, who.report2.id] }));
    // Only someone who manages reports of their own can cover: report10 leads an intern.
    const [intern] = await t.db.insert(users).values({ orgId: who.manager.orgId, email: "intern@demo.test", name: "Intern" }).returning({ id: users.id });
    await t.db.insert(reportingLines).values({ orgId: who.manager.orgId, managerId: who.report10.id, reportId: intern.id, activeFrom: utcDay(-1) });
    await t.db
      .insert(coveringAssignments)
      .values({ seriesId: ids.seriesId, coveringManagerId: who.report10.id, startsOn: utcDay(-1), endsOn: utcDay(3), createdBy: who.manager.id });
    await writeNote(who.manager, ids.meetingId, paragraphDoc(`Manager note ${MANAGER_MARKER}`));
    await writeNote(who.report1, ids.meetingId, paragraphDoc(`Report note ${REPORT_MARKER}`));
  });

  // Searches get the marker's prefix, which finds the note if anything leaks, but never echo the whole marker.
  const argsFor = (marker: string) => {
    const prefix = marker.split("-").slice(0, 2).join("-");
    const object = { ...ids, from: utcDay(-30), to: utcDay(30), q: prefix, query: prefix, term: prefix };
    return [[], [ids.meetingId], [ids.seriesId], [object], [ids.seriesId, ids.meetingId], [prefix]];
  };

  async function sweep(marker: string, actors: (Actor | null)[]) {
    const functions = await discoverReadFunctions();
    let calls = 0;
    let answered = 0;
    for (const actor of actors) {
      for (const { name, fn } of functions) {
        for (const args of argsFor(marker)) {
          calls++;
          const outcome = await Promise.resolve()
            .then(() => fn(actor, ...args))
            .then(
              (value) => {
                answered++;
                return JSON.stringify(value ?? null);
              },
              (error: unknown) => JSON.stringify({ message: String(error), details: (error as { details?: unknown })?.details ?? null }),
            );
          expect(outcome.includes(marker), `${name}(${actor?.email ?? "signed out"}, ${JSON.stringify(args).slice(0, 80)})`).toBe(false);
        }
      }
    }
    // Many calls must really answer, or the sweep would prove nothing.
    expect(answered).toBeGreaterThan(50);
    return { functions, calls };
  }

  it("finds the read functions of lib/server, including the private ones", async () => {
    const names = (await discoverReadFunctions()).map((f) => f.name.split(":")[1]);
    for (const expected of [
      "loadMeetingWorkspace",
      "exportMyRecord",
      "exportMyArchive",
      "exportMeetingMarkdown",
      "listSharedWithMe",
      "loadSeriesWorkspace",
      "getDashboard",
      "listOutbox",
    ]) {
      expect(names).toContain(expected);
    }
  });

  it("never shows the manager's marker to the report, the covering manager, the admin, another manager, another report or a visitor", async () => {
    const { calls } = await sweep(MANAGER_MARKER, [who.report1, who.report10, who.admin, who.manager2, who.report2, who.report9, null]);
    expect(calls).toBeGreaterThan(100);
  });

  it("never shows the report's marker to the manager, the covering manager, the admin, another manager, another report or a visitor", async () => {
    await sweep(REPORT_MARKER, [who.manager, who.report10, who.admin, who.manager2, who.report2, who.report9, null]);
  });

  it("keeps each marker in its author's private note row, sealed, and nowhere else in the database (outbox included)", async () => {
    const all = await dumpAll(t.db);
    for (const [table, rows] of Object.entries(all)) {
      const text = JSON.stringify(rows);
      // Stored sealed (lib/crypto): not even the note's own row holds its text in the clear.
      expect(text.includes(MANAGER_MARKER) || text.includes(REPORT_MARKER), table).toBe(false);
    }
    const notes = await t.db.select().from(privateNotes).where(eq(privateNotes.meetingId, ids.meetingId));
    const opened = await Promise.all(notes.map((n) => storedNoteText(n)));
    expect(notes.filter((_, i) => opened[i].includes(MANAGER_MARKER)).map((n) => n.authorId)).toEqual([who.manager.id]);
    expect(notes.filter((_, i) => opened[i].includes(REPORT_MARKER)).map((n) => n.authorId)).toEqual([who.report1.id]);
  });

  it("still gives each author their own note (the canary is alive)", async () => {
    const { loadMeetingWorkspace } = await import("./meeting-page");
    expect(JSON.stringify((await loadMeetingWorkspace(who.manager, ids.meetingId)).note)).toContain(MANAGER_MARKER);
    expect(JSON.stringify((await loadMeetingWorkspace(who.report1, ids.meetingId)).note)).toContain(REPORT_MARKER);
  });
});
