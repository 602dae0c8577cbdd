import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { hashPassword } from "../lib/auth/password";
import { firstMeetingContent } from "../lib/templates/builtin";
import { documentText } from "../lib/editor/document";
import type { Db } from "./client";
import { DEMO_PASSWORD } from "./demo";
import { agendaDocuments, meetings, organizations, reportingLines, series, users } from "./schema";

/** Areas that browser tests own: each gets its own pair with a series, so specs never collide. */
export const E2E_AREAS = ["goals", "topics", "notes", "mail", "spare", "collab"] as const;

/**
 * Browser-test fixtures, loaded only when E2E_FIXTURES=on (scripts/e2e-server.mjs): an org
 * "Testbed" with an admin and, per area, a manager, a report, a third member, and a weekly
 * series whose first meeting is the first Tuesday at 10:00 UTC at least two days ahead. Password: the demo password.
 */
export async function seedE2EFixtures(db: Db): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(727276)`);
    const existing = await tx.select({ id: organizations.id }).from(organizations).where(sql`${organizations.name} = 'Testbed'`);
    if (existing.length) return;
    const [org] = await tx.insert(organizations).values({ name: "Testbed", themeThreshold: 3 }).returning();
    const person = (email: string, name: string, orgRole: "admin" | "member" = "member") =>
      tx.insert(users).values({ orgId: org.id, email, name, passwordHash, orgRole }).returning({ id: users.id }).then((r) => r[0]);
    await person("admin@e2e.test", "Testbed Admin", "admin");
    await person("outsider@e2e.test", "Olive Outsider");
    const today = DateTime.utc().toISODate()!;
    // At least a day and a half away, so that no fixture meeting is ever inside the 24-hour
    // reminder window when the tests run (a Monday afternoon would otherwise send reminders).
    const next = DateTime.utc().plus({ days: 2 }).startOf("day");
    const firstAt = next.plus({ days: (2 - next.weekday + 7) % 7 }).set({ hour: 10 }).toJSDate();
    const content = firstMeetingContent(null);
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
    }
  });
}
