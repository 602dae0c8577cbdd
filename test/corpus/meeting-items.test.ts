// Bad input, part 2b: a meeting's topics, action items and the series' working agreement.
import { count } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { actionItems, topics } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import { addActionItem } from "@/lib/server/action-items";
import { loadMeetingWorkspace } from "@/lib/server/meeting-page";
import { workingAgreementFor } from "@/lib/server/working-agreement";
import { startSeries } from "@/lib/server/series";
import { addTopic, removeTopic } from "@/lib/server/topics";
import { saveWorkingAgreement } from "@/lib/server/working-agreement";
import { addActionItemSchema } from "@/lib/validation/action-items";
import { addTopicSchema } from "@/lib/validation/topics";
import { workingAgreementSchema } from "@/lib/validation/working-agreement";
import { EXTRA_STRINGS, expectSame, feedEach, naughtyStrings, parseOrRefuse } from "@/test/corpus";
import { actorOf, useTestDatabase } from "@/test/db";
import { seriesInput } from "@/test/fixtures";

const strings = naughtyStrings();
const [NUL, NUL_INSIDE, LONE_HIGH] = EXTRA_STRINGS;
const UNSTORABLE = [NUL, NUL_INSIDE, LONE_HIGH];

describe("bad input: a meeting's topics, action items and working agreement", { timeout: 600_000 }, () => {
  const t = useTestDatabase();
  let manager: Actor;
  let report: Actor;
  let seriesId = "";
  let meetingId = "";
  beforeAll(async () => {
    manager = await actorOf(t.db, "manager@demo.test");
    report = await actorOf(t.db, "report1@demo.test");
    [{ seriesId, meetingId }] = await startSeries(manager, seriesInput({ reportIds: [report.id] }));
  });

  it("keeps every topic as typed (trimmed) or refuses it on the text field", async () => {
    const rows = async () => (await t.db.select({ n: count() }).from(topics))[0].n;
    // A person adds a few topics a minute and a meeting holds a bounded number of theirs (lib/policy
    // limits): the strings come a few seconds apart, and each batch is checked on the page, then removed.
    let clock = Date.now() - strings.length * 7_000;
    let stored = 0;
    const batch = new Map<string, string>();
    const checkBatch = async () => {
      const shown = new Map((await loadMeetingWorkspace(manager, meetingId)).work.topics.map((x) => [x.id, x.text]));
      expect([...batch].filter(([id, text]) => shown.get(id) !== text)).toEqual([]);
      for (const id of batch.keys()) await removeTopic(report, { topicId: id });
      batch.clear();
    };
    const tally = await feedEach(strings, ["text"], async (s) => {
      const before = await rows();
      try {
        const input = parseOrRefuse(addTopicSchema, { seriesId, meetingId, text: s, kind: "strategic", category: "other" });
        batch.set((await addTopic(report, input, new Date((clock += 7_000)))).id, s.trim());
        stored++;
      } catch (error) {
        expect(await rows()).toBe(before);
        throw error;
      }
      if (batch.size === 50) await checkBatch();
    });
    await checkBatch();
    expect(stored).toBe(tally.stored.length);
    expect(tally.refused).toEqual(expect.arrayContaining([...UNSTORABLE, "", "x".repeat(5_000)]));
  });

  it("keeps every action item as typed (trimmed) or refuses it on the text field", async () => {
    const added = new Map<string, string>();
    const rows = async () => (await t.db.select({ n: count() }).from(actionItems))[0].n;
    const tally = await feedEach(strings, ["text"], async (s) => {
      const before = await rows();
      try {
        const input = parseOrRefuse(addActionItemSchema, { meetingId, text: s, owner: "report", dueDate: "" });
        added.set((await addActionItem(manager, input)).id, s.trim());
      } catch (error) {
        expect(await rows()).toBe(before);
        throw error;
      }
    });
    const shown = new Map((await loadMeetingWorkspace(report, meetingId)).work.actionItems.map((x) => [x.id, x.text]));
    expect([...added].filter(([id, text]) => shown.get(id) !== text)).toEqual([]);
    expect(tally.refused).toEqual(expect.arrayContaining([...UNSTORABLE, "", "x".repeat(5_000)]));
  });

  it.each(["goalsAndExpectations", "feedbackPreferences", "challenges"] as const)(
    "keeps every string in the working agreement's %s or refuses it there",
    async (field) => {
      const tally = await feedEach(strings, [field], async (s) => {
        const input = parseOrRefuse(workingAgreementSchema, {
          seriesId,
          goalsAndExpectations: "Ship the thing.",
          feedbackPreferences: "Directly, in writing.",
          challenges: "Time zones.",
          format: "structured",
          [field]: s,
        });
        await saveWorkingAgreement(report, input);
        // Read as the meeting page's loader reads it (not the whole page per string).
        const shown = await workingAgreementFor(t.db, { seriesId, format: "structured" }, meetingId, undefined);
        expectSame(shown.agreement?.[field], s.trim(), `the agreement's ${field}`);
      });
      expect(tally.refused).toEqual(expect.arrayContaining([...UNSTORABLE, "x".repeat(5_000)]));
      expect(tally.stored.length).toBeGreaterThan(500);
    },
  );
});
