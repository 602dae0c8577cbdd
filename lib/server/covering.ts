import "server-only";
// Covering managers. Who may be named, and for how long, is lib/policy's rule
// (assertMayNameCovering); the same rule is applied again on every request (seriesRelation),
// on facts read by ./covering-facts. An assignment an admin made is announced to the report
// (mail, access log, the series page's banner) a day before its access begins.
import { and, asc, eq, gte, lte } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { z } from "zod";
import { getDb, type Db, type Tx } from "@/db/client";
import { coveringAssignments, reportingLines, series, users } from "@/db/schema";
import { deliver, queueMail } from "./outbox";
import { invalid, notFound } from "@/lib/errors";
import { appBaseUrl } from "@/lib/env";
import {
  type Actor,
  assertMay,
  assertMayNameCovering,
  assertSignedIn,
  COVERING_ADMIN_MIN_MANAGING_DAYS,
  coveringAccessFrom,
  coveringRuleHolds,
  namedByManager,
  seriesCapabilities,
  today,
} from "@/lib/policy";
import type { coveringSchema, endCoveringSchema } from "@/lib/validation/confidentiality";
import { recordAccess } from "./access-log";
import { relationTo } from "./access";
import { coveringFacts } from "./covering-facts";
import { orgMembersByName } from "./member-search";
import { accessChanged } from "@/lib/collab/access-events";
import { lineOfSeries } from "./lines";

/** The manager of the series, or an admin of its org, manages who covers (people work, not content). */
async function assertManagesCovering(actor: Actor, seriesId: string) {
  assertSignedIn(actor);
  const db = await getDb();
  const facts = await relationTo(db, actor, seriesId);
  assertMay("nameCovering", facts.relation);
  return { db, facts };
}

/**
 * The series' covering assignments, for someone with any relation to it (the series page shows it
 * to the pair, a covering manager and an org admin): who covers, when, who named them, from when
 * their access begins, and whether it holds. `notices` are the assignments someone other than the
 * manager made (an admin): the page shows them as a banner, the report above all.
 */
export async function coveringOf(db: Db, facts: Awaited<ReturnType<typeof relationTo>>, now: Date = new Date()) {
  const { seriesId } = facts;
  const namer = alias(users, "namer");
  const rows = await db
    .select({
      id: coveringAssignments.id,
      personId: coveringAssignments.coveringManagerId,
      name: users.name,
      startsOn: coveringAssignments.startsOn,
      endsOn: coveringAssignments.endsOn,
      namedBy: coveringAssignments.createdBy,
      namedByName: namer.name,
      namedAt: coveringAssignments.createdAt,
    })
    .from(coveringAssignments)
    .innerJoin(users, eq(users.id, coveringAssignments.coveringManagerId))
    .innerJoin(namer, eq(namer.id, coveringAssignments.createdBy))
    .where(and(eq(coveringAssignments.seriesId, seriesId), gte(coveringAssignments.endsOn, today(now))))
    .orderBy(asc(coveringAssignments.startsOn));
  const assignments = await Promise.all(
    rows.map(async ({ personId, namedBy, namedAt, ...row }) => {
      const more = await coveringFacts(db, facts, { personId, namedBy, startsOn: row.startsOn, endsOn: row.endsOn }, today(now));
      const proposal = {
        series: facts,
        namedBy,
        person: { id: personId, managesReports: more.managesReports, managingSince: more.managingSince },
        startsOn: row.startsOn,
        endsOn: row.endsOn,
        managerAway: more.managerAway,
        namedAt,
      };
      const accessFrom = coveringAccessFrom(proposal, namedAt);
      return { ...row, namedAt, byManager: namedByManager(proposal), accessFrom, begun: accessFrom <= now, holds: coveringRuleHolds(proposal, today(now)) };
    }),
  );
  const notices = assignments
    .filter((a) => !a.byManager)
    .map(({ id, name, namedByName, namedAt, accessFrom, startsOn, endsOn }) => ({ id, name, namedByName, namedAt, accessFrom, startsOn, endsOn }));
  // Whether this viewer names under the stricter rule (anyone but the manager): the section says so.
  const strictRule = facts.relation !== "manager";
  return { assignments, notices, strictRule, capabilities: seriesCapabilities(facts.relation) };
}

/**
 * The candidates, once the actor was found to manage covering for the series (assertManagesCovering):
 * for the manager, people who manage reports today; for anyone else, people who have managed a
 * report of their own (not the pair) long enough.
 */
export async function coveringCandidatesOf(
  db: Db,
  actor: Actor,
  facts: { orgId: string; managerId: string; reportId: string },
  options: { query?: string; limit?: number } = {},
) {
  const day = today();
  const strict = !namedByManager({ series: facts, namedBy: actor.id });
  return orgMembersByName(db, {
    orgId: facts.orgId,
    exclude: [facts.managerId, facts.reportId, actor.id],
    managingOn: day,
    managingSince: strict ? { by: isoDaysBefore(day, COVERING_ADMIN_MIN_MANAGING_DAYS), notWith: [facts.managerId, facts.reportId] } : undefined,
    ...options,
  });
}

const isoDaysBefore = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

export async function assignCovering(actor: Actor, input: z.infer<typeof coveringSchema>, now: Date = new Date()) {
  const { db, facts } = await assertManagesCovering(actor, input.seriesId);
  const [person] = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.id, input.coveringManagerId), eq(users.orgId, facts.orgId), eq(users.active, true)));
  const day = today(now);
  const more = person ? await coveringFacts(db, facts, { personId: person.id, namedBy: actor.id, startsOn: input.startsOn, endsOn: input.endsOn }, day) : null;
  assertMayNameCovering(
    {
      series: facts,
      namedBy: actor.id,
      person: person && more ? { id: person.id, managesReports: more.managesReports, managingSince: more.managingSince } : null,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      managerAway: more?.managerAway,
    },
    day,
  );
  const outcome = await db.transaction((tx) => nameCoveringIn(tx, actor, facts, person, input, now));
  await deliver(db, outcome.mails);
  return outcome.row;
}

/**
 * Inserts a covering assignment that lib/policy's assertMayNameCovering has allowed, in the
 * caller's transaction: refuses a range that overlaps another, records it in the report's access
 * log and queues the two mails (deliver them after the commit).
 */
export async function nameCoveringIn(
  tx: Tx,
  actor: Actor,
  facts: { seriesId: string; orgId: string; managerId: string; reportId: string },
  person: { id: string; name: string; email: string },
  input: { startsOn: string; endsOn: string },
  now: Date = new Date(),
) {
  const manager = alias(users, "manager");
  const report = alias(users, "report");
  const [pair] = await tx
    .select({ managerName: manager.name, reportName: report.name, reportEmail: report.email })
    .from(series)
    .innerJoin(reportingLines, lineOfSeries)
    .innerJoin(manager, eq(manager.id, reportingLines.managerId))
    .innerJoin(report, eq(report.id, reportingLines.reportId))
    .where(eq(series.id, facts.seriesId));
  const overlapping = await tx
    .select({ id: coveringAssignments.id })
    .from(coveringAssignments)
    .where(
      and(eq(coveringAssignments.seriesId, facts.seriesId), lte(coveringAssignments.startsOn, input.endsOn), gte(coveringAssignments.endsOn, input.startsOn)),
    );
  if (overlapping.length) throw invalid({ startsOn: ["Someone already covers part of this range. End that first."] });
  const [row] = await tx
    .insert(coveringAssignments)
    .values({ seriesId: facts.seriesId, coveringManagerId: person.id, startsOn: input.startsOn, endsOn: input.endsOn, createdBy: actor.id, createdAt: now })
    .returning({ id: coveringAssignments.id });
  // Named by anyone but the manager (an admin): the report hears who, by whom and from when, a day before access begins.
  const byManager = namedByManager({ series: facts, namedBy: actor.id });
  const accessFrom = `${coveringAccessFrom({ series: facts, namedBy: actor.id }, now).toISOString().slice(0, 16).replace("T", " ")} UTC`;
  await recordAccess(tx, {
    orgId: facts.orgId,
    reportId: facts.reportId,
    actorId: actor.id,
    kind: "covering",
    action: byManager ? "named a covering manager" : "named a covering manager (as org admin)",
    subject: `${person.name}, ${input.startsOn} to ${input.endsOn}${byManager ? "" : `, access from ${accessFrom} at the earliest`}`,
  });
  // Both mails say who covers and when, with a link: never anything of the series' content.
  const link = `${appBaseUrl()}/series/${facts.seriesId}`;
  const range = `from ${input.startsOn} to ${input.endsOn}`;
  const byWhom = byManager ? "" : `\n${actor.name}, an admin of your organization, named them; their access begins ${accessFrom} at the earliest.`;
  const mails = [
    await queueMail(tx, {
      orgId: facts.orgId,
      kind: "covering_assigned",
      recipientId: facts.reportId,
      to: pair.reportEmail,
      subject: `${person.name} will cover your one-on-ones with ${pair.managerName}`,
      body: `Hello ${pair.reportName},\n\n${person.name} will cover your one-on-ones with ${pair.managerName} ${range}.${byWhom}\nYour access log shows every time they open your series.\n\n${link}\n`,
    }),
    await queueMail(tx, {
      orgId: facts.orgId,
      kind: "covering_assigned",
      recipientId: person.id,
      to: person.email,
      subject: `You will cover ${pair.managerName}'s one-on-ones with ${pair.reportName}`,
      body: `Hello ${person.name},\n\nYou will cover ${pair.managerName}'s one-on-ones with ${pair.reportName} ${range}.${byManager ? "" : `\nYour access begins ${accessFrom} at the earliest.`}\n\n${link}\n`,
    }),
  ];
  return { row, mails };
}

/** Ends a covering assignment today (or drops it if it has not begun). Access ends on the next request. */
export async function endCovering(actor: Actor, input: z.infer<typeof endCoveringSchema>) {
  assertSignedIn(actor);
  const db = await getDb();
  const [row] = await db
    .select({ seriesId: coveringAssignments.seriesId, startsOn: coveringAssignments.startsOn, endsOn: coveringAssignments.endsOn })
    .from(coveringAssignments)
    .where(eq(coveringAssignments.id, input.assignmentId));
  if (!row) throw notFound();
  const { facts } = await assertManagesCovering(actor, row.seriesId);
  if (row.endsOn < today()) throw invalid({ assignmentId: ["This covering assignment has already ended."] });
  const yesterday = today(new Date(Date.now() - 86_400_000));
  await db.transaction(async (tx) => {
    if (row.startsOn > yesterday) await tx.delete(coveringAssignments).where(eq(coveringAssignments.id, input.assignmentId));
    else await tx.update(coveringAssignments).set({ endsOn: yesterday }).where(eq(coveringAssignments.id, input.assignmentId));
    await recordAccess(tx, {
      orgId: facts.orgId,
      reportId: facts.reportId,
      actorId: actor.id,
      kind: "covering",
      action: "ended a covering assignment",
      subject: "",
    });
  });
  accessChanged();
  return { id: input.assignmentId };
}
