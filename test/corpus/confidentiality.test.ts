// Bad input, part 4: the confidentiality texts: share request excerpts and reasons, safety
// escalation reasons and the terms.
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { safetyEscalations, shareRequests, topics } from "@/db/schema";
import type { Actor } from "@/lib/policy";
import { recordEscalation } from "@/lib/server/escalations";
import { loadMeetingWorkspace } from "@/lib/server/meeting-page";
import { startSeries } from "@/lib/server/series";
import { requestShare } from "@/lib/server/sharing";
import { termsOf, updateTerms } from "@/lib/server/terms";
import { escalationSchema, shareRequestSchema, updateTermsSchema } from "@/lib/validation/confidentiality";
import { addTopicSchema } from "@/lib/validation/topics";
import { EXTRA_STRINGS, expectSame, feedEach, naughtyStrings, parseOrRefuse } from "@/test/corpus";
import { actorOf, useTestDatabase } from "@/test/db";
import { seriesInput } from "@/test/fixtures";

const strings = naughtyStrings();
const UNSTORABLE = EXTRA_STRINGS.slice(0, 3);
// These fields need a minimum length: each string also goes in inside a sentence long enough.
const padded = (s: string) => `This is written on purpose around the string: ${s} (end).`;
const withPadded = [...strings, ...strings.map(padded)];
const squash = (s: string) => s.replace(/\s+/g, " ").trim();
const DAY = 86_400_000;

describe("bad input: share requests, safety escalations and terms", { timeout: 600_000 }, () => {
  const t = useTestDatabase();
  let manager: Actor;
  let report: Actor;
  let colleague: Actor;
  let seriesId = "";
  let meetingId = "";
  beforeAll(async () => {
    manager = await actorOf(t.db, "manager@demo.test");
    report = await actorOf(t.db, "report1@demo.test");
    colleague = await actorOf(t.db, "manager2@demo.test");
    [{ seriesId, meetingId }] = await startSeries(manager, seriesInput({ reportIds: [report.id] }));
  });

  /** The reason and excerpt of the latest request, as stored. */
  const latestRequest = async () =>
    (
      await t.db
        .select({ excerpt: shareRequests.excerpt, reason: shareRequests.reason })
        .from(shareRequests)
        .where(eq(shareRequests.seriesId, seriesId))
        .orderBy(shareRequests.createdAt)
    ).at(-1);
  const requests = async () => (await t.db.select({ n: count() }).from(shareRequests))[0].n;

  it("keeps every excerpt copied from a topic (whitespace squashed) or refuses it on the excerpt field", async () => {
    const tally = await feedEach(strings, ["excerpt", "text"], async (s) => {
      const before = await requests();
      try {
        // Written straight into the table: the excerpt is the subject, and hundreds of topics through
        // addTopic would meet its limits (lib/policy limits; lib/server/write-limits.test.ts).
        const { text } = parseOrRefuse(addTopicSchema, { seriesId, meetingId, text: s, kind: "tactical", category: "other" });
        const [topic] = await t.db.insert(topics).values({ meetingId, seriesId, authorId: report.id, text, kind: "tactical" }).returning({ id: topics.id });
        const input = parseOrRefuse(shareRequestSchema, {
          meetingId,
          source: "topic",
          topicId: topic.id,
          excerpt: s,
          recipientId: colleague.id,
          reason: "Needed for the promotion case.",
        });
        await requestShare(manager, input);
        expectSame((await latestRequest())?.excerpt, squash(s), "the excerpt");
      } catch (error) {
        expect(await requests()).toBe(before);
        throw error;
      }
    });
    expect(tally.refused).toEqual(expect.arrayContaining(UNSTORABLE));
    expect(tally.stored.length).toBeGreaterThan(500);
  });

  it("keeps every reason for a share request (trimmed) or refuses it on the reason field", async () => {
    // The meeting already holds the excerpt test's topics, more than addTopic lets one person add to one meeting.
    const [topic] = await t.db
      .insert(topics)
      .values({ meetingId, seriesId, authorId: report.id, text: "Workload is too high", category: "wellbeing" })
      .returning({ id: topics.id });
    const tally = await feedEach(withPadded, ["reason"], async (s) => {
      const input = parseOrRefuse(shareRequestSchema, {
        meetingId,
        source: "topic",
        topicId: topic.id,
        excerpt: "Workload",
        recipientId: colleague.id,
        reason: s,
      });
      await requestShare(manager, input);
      expectSame((await latestRequest())?.reason, s.trim(), "the reason");
    });
    expect(tally.refused).toEqual(expect.arrayContaining([...UNSTORABLE, ...UNSTORABLE.map(padded)]));
    expect(tally.stored.length).toBeGreaterThan(500);
  });

  it("keeps every safety escalation reason (trimmed) or refuses it on the reason field", async () => {
    let day = Date.now() - (withPadded.length + 1) * DAY;
    const rows = async () => (await t.db.select({ n: count() }).from(safetyEscalations))[0].n;
    const tally = await feedEach(withPadded, ["reason"], async (s) => {
      const before = await rows();
      try {
        // A day apart: a series records a few escalations a day (lib/policy limits).
        const { id } = await recordEscalation(manager, parseOrRefuse(escalationSchema, { seriesId, reason: s, confirm: "yes" }), new Date((day += DAY)));
        const [row] = await t.db.select({ reason: safetyEscalations.reason }).from(safetyEscalations).where(eq(safetyEscalations.id, id));
        expectSame(row?.reason, s.trim(), "the escalation reason");
      } catch (error) {
        expect(await rows()).toBe(before);
        throw error;
      }
    });
    expect(tally.refused).toEqual(expect.arrayContaining([...UNSTORABLE, ...UNSTORABLE.map(padded)]));
    expect(tally.stored.length).toBeGreaterThan(500);
  });

  it("keeps every terms text (trimmed) as a new version or refuses it on the body field", async () => {
    const page = await loadMeetingWorkspace(manager, meetingId);
    let { version } = page.terms;
    const names = { managerName: page.meeting.managerName, reportName: page.meeting.reportName };
    const tally = await feedEach(withPadded, ["body"], async (s) => {
      const input = parseOrRefuse(updateTermsSchema, { seriesId, baseVersion: version, body: s });
      version = (await updateTerms(manager, input)).version;
      // Read as the meeting page's loader reads the terms (not the whole page per string).
      const now = await termsOf(t.db, report, { seriesId, managerId: manager.id, reportId: report.id, relation: "report" }, names);
      expect(now.version).toBe(version);
      expectSame(now.body, s.trim(), "the terms");
    });
    expect(tally.refused).toEqual(expect.arrayContaining([...UNSTORABLE, ...UNSTORABLE.map(padded)]));
    expect(tally.stored.length).toBeGreaterThan(400);
  });
});
