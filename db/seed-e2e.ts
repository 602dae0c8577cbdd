import crypto from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { hashPassword } from "../lib/auth/password";
import { firstMeetingContent } from "../lib/templates/builtin";
import { documentText } from "../lib/editor/document";
import { noteContext } from "../lib/crypto/notes-cipher";
import { notesCipher, type Db, type Tx } from "./client";
import { DEMO_PASSWORD } from "./demo";
import { CANARY, CANARY_FEED_TOKENS } from "./seed-e2e-canary";
import {
  actionItems,
  adminGrants,
  agendaDocuments,
  calendarFeeds,
  coveringAssignments,
  goalCheckIns,
  goals,
  meetings,
  organizations,
  privateNotes,
  reportingLines,
  series,
  topics,
  users,
} from "./schema";

/** Areas that browser tests own: each gets its own pair with a series, so specs never collide. */
export const E2E_AREAS = ["goals", "topics", "notes", "mail", "spare", "collab", "canary", "nojs", "visual"] as const;

/**
 * Browser-test fixtures, loaded by instrumentation.ts at start only when E2E_FIXTURES=on (scripts/e2e-server.mjs): an org
 * "Testbed" with an admin and, per area, a manager, a report, a third member, and a weekly
 * series whose first meeting is the first Tuesday at 10:00 UTC at least two days ahead. Password: the demo password.
 */
export async function seedE2EFixtures(db: Db): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(727276)`);
    const existing = await tx
      .select({ id: organizations.id })
      .from(organizations)
      .where(sql`${organizations.name} = 'Testbed'`);
    if (existing.length) return;
    const [org] = await tx.insert(organizations).values({ name: "Testbed", themeThreshold: 3 }).returning();
    const person = (email: string, name: string, orgRole: "admin" | "member" = "member") =>
      tx
        .insert(users)
        .values({ orgId: org.id, email, name, passwordHash, orgRole })
        .returning({ id: users.id })
        .then((r) => r[0]);
    const admin = await person("admin@e2e.test", "Testbed Admin", "admin");
    await tx.insert(adminGrants).values({ orgId: org.id, userId: admin.id, grantedBy: null, via: "setup" });
    await person("outsider@e2e.test", "Olive Outsider");
    const today = DateTime.utc().toISODate()!;
    // At least a day and a half away, so that no fixture meeting is ever inside the 24-hour
    // reminder window when the tests run (a Monday afternoon would otherwise send reminders).
    const next = DateTime.utc().plus({ days: 2 }).startOf("day");
    const firstAt = next
      .plus({ days: (2 - next.weekday + 7) % 7 })
      .set({ hour: 10 })
      .toJSDate();
    const content = firstMeetingContent(null);
    const pairs: Partial<Record<(typeof E2E_AREAS)[number], CanaryPair>> = {};
    for (const area of E2E_AREAS) {
      const title = area[0].toUpperCase() + area.slice(1);
      const manager = await person(`${area}.manager@e2e.test`, `${title} Manager`);
      const report = await person(`${area}.report@e2e.test`, `${title} Report`);
      const colleague = await person(`${area}.other@e2e.test`, `${title} Colleague`);
      if (area === "notes") {
        // Only someone who manages reports of their own may cover: the notes colleague leads a trainee.
        const trainee = await person(`${area}.trainee@e2e.test`, `${title} Trainee`);
        await tx.insert(reportingLines).values({ orgId: org.id, managerId: colleague.id, reportId: trainee.id, activeFrom: today });
      }
      const [line] = await tx
        .insert(reportingLines)
        .values({ orgId: org.id, managerId: manager.id, reportId: report.id, activeFrom: today })
        .returning({ id: reportingLines.id });
      const [s] = await tx
        .insert(series)
        .values({
          reportingLineId: line.id,
          cadence: "weekly",
          weekday: 2,
          startMinutes: 600,
          durationMinutes: 30,
          timeZone: "UTC",
          format: "structured",
          anchorAt: firstAt,
          createdBy: manager.id,
        })
        .returning({ id: series.id });
      const [m] = await tx
        .insert(meetings)
        .values({ seriesId: s.id, scheduledAt: firstAt, occurrenceAt: firstAt, durationMinutes: 30 })
        .returning({ id: meetings.id });
      await tx.insert(agendaDocuments).values({ meetingId: m.id, content, searchText: documentText(content), updatedBy: manager.id });
      pairs[area] = { managerId: manager.id, reportId: report.id, lineId: line.id, seriesId: s.id, meetingId: m.id };
    }
    await seedCanary(tx, pairs.canary!, pairs.spare!.managerId);
    await seedVisual(tx, pairs.visual!);
  });
}

type CanaryPair = { managerId: string; reportId: string; lineId: string; seriesId: string; meetingId: string };

const paragraph = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
const sha256 = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

/**
 * The canary pair's content, one marker per kind (db/seed-e2e-canary.ts), and the "spare" pair's
 * manager covering it from yesterday for three days: the covering column of the table is tested too.
 */
async function seedCanary(tx: Tx, pair: CanaryPair, coveringManagerId: string) {
  const { managerId, reportId, seriesId, meetingId } = pair;
  const agenda = paragraph(`Agenda line ${CANARY.agenda}`);
  await tx
    .update(agendaDocuments)
    .set({ content: agenda, searchText: documentText(agenda) })
    .where(eq(agendaDocuments.meetingId, meetingId));
  await tx.insert(topics).values({ meetingId, seriesId, authorId: reportId, text: `Topic ${CANARY.topic}`, category: "productivity" });
  await tx.insert(actionItems).values({ meetingId, seriesId, text: `Item ${CANARY.actionItem}`, owner: "report", createdBy: managerId });
  for (const [authorId, marker] of [
    [managerId, CANARY.managerNote],
    [reportId, CANARY.reportNote],
  ] as const) {
    // Stored as the app stores a note: sealed, with no search text.
    const note = (await notesCipher()).sealJSON(paragraph(`Private ${marker}`), noteContext(meetingId, authorId, "content"));
    await tx.insert(privateNotes).values({ meetingId, authorId, content: note, searchText: "" });
  }
  const due = DateTime.utc().plus({ months: 3 }).toISODate()!;
  const [goal] = await tx
    .insert(goals)
    .values({
      reportingLineId: pair.lineId,
      title: `Goal ${CANARY.goal}`,
      specific: "Ship the onboarding guide",
      measureKind: "done_condition",
      doneCondition: "The guide is published",
      achievable: "Two hours a week",
      relevant: "New joiners ask the same questions",
      dueDate: due,
      createdBy: reportId,
    })
    .returning({ id: goals.id });
  await tx
    .insert(goalCheckIns)
    .values({ goalId: goal.id, authorId: reportId, checkedOn: DateTime.utc().toISODate()!, percent: "20", note: `Check-in ${CANARY.checkIn}` });
  await tx.insert(coveringAssignments).values({
    seriesId,
    coveringManagerId,
    startsOn: DateTime.utc().minus({ days: 1 }).toISODate()!,
    endsOn: DateTime.utc().plus({ days: 3 }).toISODate()!,
    createdBy: managerId,
  });
  await tx.insert(calendarFeeds).values([
    { seriesId, userId: managerId, tokenHash: sha256(CANARY_FEED_TOKENS.manager) },
    { seriesId, userId: reportId, tokenHash: sha256(CANARY_FEED_TOKENS.report) },
  ]);
}

/**
 * The visual pair's meeting (e2e/visual.spec.ts compares its screenshots with committed ones): one
 * of each kind of content, fixed in text, order and date wherever the page would show it, so that
 * two runs on different days draw the same pixels. Only the meeting's own date moves with today.
 */
async function seedVisual(tx: Tx, pair: CanaryPair) {
  const { managerId, reportId, seriesId, meetingId } = pair;
  // A Tuesday at 10:00 UTC like the other pairs' first meetings, but fixed, and far enough ahead never to pass.
  const at = new Date("2099-06-30T10:00:00Z");
  await tx.update(series).set({ anchorAt: at }).where(eq(series.id, seriesId));
  await tx.update(meetings).set({ scheduledAt: at, occurrenceAt: at }).where(eq(meetings.id, meetingId));
  await tx.insert(topics).values([
    { meetingId, seriesId, authorId: reportId, text: "Working with the platform team on the release plan", category: "partner_teams", position: 0 },
    { meetingId, seriesId, authorId: managerId, text: "Next step in your career", category: "career_growth", position: 1 },
    {
      meetingId,
      seriesId,
      authorId: reportId,
      text: "Fewer meetings on Fridays",
      category: "work_life_balance",
      status: "discussed",
      discussedAt: new Date("2024-01-01T10:00:00Z"),
      discussedBy: managerId,
      position: 2,
    },
  ]);
  // Listed in creation order: two distinct instants keep that order fixed.
  await tx.insert(actionItems).values([
    { meetingId, seriesId, text: "Share the draft release plan", owner: "report", createdBy: reportId, createdAt: new Date("2024-01-01T10:00:00Z") },
    {
      meetingId,
      seriesId,
      text: "Ask the platform lead for a weekly sync",
      owner: "manager",
      createdBy: managerId,
      createdAt: new Date("2024-01-01T10:01:00Z"),
    },
  ]);
  for (const [authorId, text] of [
    [managerId, "Ask how the release plan is going."],
    [reportId, "Bring up the Friday meetings."],
  ] as const) {
    const note = (await notesCipher()).sealJSON(paragraph(text), noteContext(meetingId, authorId, "content"));
    await tx.insert(privateNotes).values({ meetingId, authorId, content: note, searchText: "" });
  }
  // A due date of its own, not one relative to today: the meeting page shows it.
  await tx.insert(goals).values({
    reportingLineId: pair.lineId,
    title: "Publish the onboarding guide",
    specific: "Write and publish a guide for new joiners",
    measureKind: "done_condition",
    doneCondition: "The guide is published",
    achievable: "Two hours a week",
    relevant: "New joiners ask the same questions",
    dueDate: "2099-06-30",
    createdBy: reportId,
  });
}
