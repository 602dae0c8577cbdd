import "server-only";
import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, ne, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb, type Db, type Tx } from "@/db/client";
import { agendaDocuments, meetings, reportingLines, series, topics, users } from "@/db/schema";
import { AppError, invalid } from "@/lib/errors";
import { type Actor, assertCanStartSeries, assertSignedIn, seriesCapabilities, today } from "@/lib/policy";
import { DEFAULT_BUFFER_MINUTES, DEFAULT_LUNCH, firstOccurrence, localSlot, occurrencesAfter, staggerSlots, type Cadence } from "@/lib/schedule";
import { hhmmOf, minutesOf, type StartSeriesInput } from "@/lib/validation/series";
import type { authorizeSeries } from "./access";
import { resolveFirstMeetingContent } from "./templates";
import { recordAccess } from "./access-log";
import { lineActiveOn, lineOfSeries, nameOf, pairActive } from "./lines";
import { managesLineOn, seriesVisibleTo, visibleAs } from "./visibility";
import { seriesSettingsColumns } from "./series-columns";
import { documentText } from "@/lib/editor/document";
import { PLACEHOLDER_LINK_MESSAGE, placeholderLinksIn } from "@/lib/templates/placeholder";
import { CADENCE_LABELS, weekdayLabel } from "@/lib/labels";
import type { JSONContent } from "@tiptap/core";

/** The manager's current reports, each with their series if one exists. */
export async function listTeam(actor: Actor) {
  assertSignedIn(actor);
  const db = await getDb();
  const rows = await db
    .select({
      lineId: reportingLines.id,
      reportId: users.id,
      name: users.name,
      email: users.email,
      seriesId: series.id,
      cadence: series.cadence,
      weekday: series.weekday,
      startMinutes: series.startMinutes,
      timeZone: series.timeZone,
      durationMinutes: series.durationMinutes,
      format: series.format,
    })
    .from(reportingLines)
    .innerJoin(users, eq(users.id, reportingLines.reportId))
    .leftJoin(series, lineOfSeries)
    .where(managesLineOn(actor, today()))
    .orderBy(asc(users.name));
  return rows.map((r) => ({
    ...r,
    schedule: r.seriesId ? `${weekdayLabel(r.weekday!)}s at ${hhmmOf(r.startMinutes!)} (${r.timeZone})` : null,
    // The series' format beside its time: cadence, length and structure.
    pattern: r.seriesId ? `${CADENCE_LABELS[r.cadence!]}, ${r.durationMinutes} minutes, ${r.format}` : null,
  }));
}

/** Every meeting slot the person already has as manager or report, as minutes of `weekday` in `timeZone`. */
async function busyIntervals(tx: Tx, personId: string, weekday: number, timeZone: string, fromDate: Date) {
  const rows = await tx
    .select({
      cadence: series.cadence,
      timeZone: series.timeZone,
      durationMinutes: series.durationMinutes,
      anchor: sql<Date>`(select min(${meetings.scheduledAt}) from ${meetings} where ${meetings.seriesId} = ${series.id})`.mapWith(
        (v: string | Date) => new Date(v),
      ),
    })
    .from(series)
    .innerJoin(reportingLines, lineOfSeries)
    // A series whose pair is no longer both active holds no slots (lib/server/lines.ts pairActive).
    .where(and(or(eq(reportingLines.managerId, personId), eq(reportingLines.reportId, personId)), lineActiveOn(today()), pairActive));
  const busy: { from: number; to: number }[] = [];
  for (const row of rows) {
    if (!row.anchor || Number.isNaN(row.anchor.getTime())) continue;
    // Every weekday this series can land on in the coming weeks (biweekly and monthly vary).
    for (const at of occurrencesAfter(row.cadence, row.anchor, row.timeZone, new Date(fromDate.getTime() - 86_400_000), 6)) {
      const slot = localSlot(at, timeZone);
      if (slot.weekday === weekday) busy.push({ from: slot.minutes, to: slot.minutes + row.durationMinutes });
    }
  }
  return busy;
}

/**
 * Starts a series for each chosen report (or every current report without one), staggering the
 * start times so that none of the manager's meetings overlap, and fills each first meeting's
 * agenda from the first-meeting template. All or nothing.
 */
export async function startSeries(actor: Actor, input: StartSeriesInput, now: Date = new Date()) {
  assertSignedIn(actor);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const day = today(now);
    const lineQuery = tx
      .select({
        id: reportingLines.id,
        orgId: reportingLines.orgId,
        managerId: reportingLines.managerId,
        reportId: reportingLines.reportId,
        activeFrom: reportingLines.activeFrom,
        activeTo: reportingLines.activeTo,
        name: users.name,
        seriesId: series.id,
      })
      .from(reportingLines)
      .innerJoin(users, eq(users.id, reportingLines.reportId))
      .leftJoin(series, lineOfSeries);
    let lines;
    if (input.reportIds.length === 0) {
      lines = (await lineQuery.where(managesLineOn(actor, day))).filter((l) => !l.seriesId);
      if (lines.length === 0) throw invalid({ reportIds: ["Everyone on your team already has a one-on-one series."] });
    } else {
      lines = await lineQuery.where(and(inArray(reportingLines.reportId, input.reportIds), lineActiveOn(day)));
      const ids = new Set(lines.map((l) => l.reportId));
      if (input.reportIds.some((id) => !ids.has(id))) {
        throw new AppError("forbidden", "You can start one-on-ones only with your own current reports.");
      }
      for (const line of lines) assertCanStartSeries(actor, line, now);
      const taken = lines.filter((l) => l.seriesId);
      if (taken.length) throw invalid({ reportIds: [`${taken.map((l) => l.name).join(", ")} already has a series.`] });
    }
    // Serialize concurrent starts for the same people: lock their lines, then re-check.
    await tx.execute(sql`select id from reporting_lines where id in ${lines.map((l) => l.id)} for update`);
    const already = await tx
      .select({ id: series.id })
      .from(series)
      .where(
        inArray(
          series.reportingLineId,
          lines.map((l) => l.id),
        ),
      );
    if (already.length) throw new AppError("conflict", "A series was started for one of these people in the meantime.");

    const firstDay = firstOccurrence({ weekday: input.weekday, startMinutes: 0, timeZone: input.timeZone }, input.startDate);
    const busy = await busyIntervals(tx, actor.id, input.weekday, input.timeZone, firstDay);
    const bufferMinutes = input.bufferMinutes ?? DEFAULT_BUFFER_MINUTES;
    const lunchStart = input.lunchStart ?? DEFAULT_LUNCH.start;
    const lunchEnd = input.lunchEnd ?? DEFAULT_LUNCH.end;
    const breaks = lunchStart && lunchEnd ? [{ from: minutesOf(lunchStart), to: minutesOf(lunchEnd) }] : [];
    const slots = staggerSlots(minutesOf(input.startTime), input.durationMinutes, lines.length, busy, { bufferMinutes, breaks });
    if (!slots) {
      throw invalid({
        startTime: [
          `There is not enough room on ${weekdayLabel(input.weekday)} after ${input.startTime} for ${lines.length} meetings of ${input.durationMinutes} minutes with ${bufferMinutes} minutes between them.`,
        ],
      });
    }
    if (input.rememberTimeZone) {
      // Only a person who has not chosen a zone yet: a bulk start never overwrites a choice made in the settings.
      await tx
        .update(users)
        .set({ timeZone: input.timeZone })
        .where(and(eq(users.id, actor.id), isNull(users.timeZone)));
    }
    const content = await resolveFirstMeetingContent(tx, actor, input.templateId || undefined);
    // A placeholder support link (example.com) must never reach a report.
    if (placeholderLinksIn(content).length) throw invalid({ templateId: [PLACEHOLDER_LINK_MESSAGE] });
    const created: { seriesId: string; meetingId: string; reportName: string; scheduledAt: Date }[] = [];
    for (const [i, line] of lines.entries()) {
      const slot = { weekday: input.weekday, startMinutes: slots[i], timeZone: input.timeZone };
      const scheduledAt = firstOccurrence(slot, input.startDate);
      if (scheduledAt <= now) throw invalid({ startDate: ["The first meeting would be in the past. Choose a later date."] });
      const [s] = await tx
        .insert(series)
        .values({
          reportingLineId: line.id,
          cadence: input.cadence,
          weekday: input.weekday,
          startMinutes: slots[i],
          durationMinutes: input.durationMinutes,
          timeZone: input.timeZone,
          format: input.format,
          anchorAt: scheduledAt,
          createdBy: actor.id,
        })
        .returning({ id: series.id });
      const [m] = await tx
        .insert(meetings)
        .values({ seriesId: s.id, scheduledAt, occurrenceAt: scheduledAt, durationMinutes: input.durationMinutes })
        .returning({ id: meetings.id });
      await tx.insert(agendaDocuments).values({ meetingId: m.id, content, searchText: documentText(content as JSONContent), updatedBy: actor.id });
      created.push({ seriesId: s.id, meetingId: m.id, reportName: line.name, scheduledAt });
    }
    return created;
  });
}

/** The series page's settings and meetings, once the actor is authorized to see the series (meta at least). */
export async function seriesPageOf(db: Db, facts: Awaited<ReturnType<typeof authorizeSeries>>, now: Date = new Date()) {
  const { actor, seriesId } = facts;
  const manager = alias(users, "manager");
  const report = alias(users, "report");
  const [row] = await db
    .select({
      id: series.id,
      ...seriesSettingsColumns,
      managerName: manager.name,
      reportName: report.name,
      managerActive: manager.active,
      reportActive: report.active,
      // Read with the row rather than in statements of their own: when the pair last met, and where
      // the cadence counts from (anchor_at, which a cadence change moves; older series from their
      // first meeting).
      lastMetAt: sql<Date | null>`(select max(m.scheduled_at) from meetings m where m.series_id = ${series.id} and m.status = 'completed')`.mapWith(
        (v: string | Date | null) => (v === null ? null : new Date(v)),
      ),
      anchorAt: sql<Date | null>`coalesce(${series.anchorAt}, (select min(m.scheduled_at) from meetings m where m.series_id = ${series.id}))`.mapWith(
        (v: string | Date | null) => (v === null ? null : new Date(v)),
      ),
    })
    .from(series)
    .innerJoin(reportingLines, lineOfSeries)
    .innerJoin(manager, eq(manager.id, reportingLines.managerId))
    .innerJoin(report, eq(report.id, reportingLines.reportId))
    .where(eq(series.id, seriesId));
  const { managerActive, reportActive, lastMetAt, anchorAt, ...settings } = row;
  const meta = { id: row.id, cadence: row.cadence, managerName: row.managerName, reportName: row.reportName, lastMetAt };
  if (facts.relation === "admin" || facts.relation === "covering") {
    const action = facts.relation === "admin" ? "viewed the series' metadata (as org admin)" : "opened the series (covering)";
    await recordAccess(db, {
      orgId: facts.orgId,
      reportId: facts.reportId,
      actorId: actor.id,
      kind: facts.relation === "covering" ? "covering" : "read",
      action,
      subject: `series with ${row.managerName}`,
    });
  }
  const capabilities = seriesCapabilities(facts.relation);
  if (!capabilities.readContent) return { relation: facts.relation, capabilities, meta, full: null };

  const cutoff = new Date(now.getTime() - row.durationMinutes * 60_000);
  const upcoming = await db
    .select({ id: meetings.id, scheduledAt: meetings.scheduledAt, occurrenceAt: meetings.occurrenceAt, status: meetings.status })
    .from(meetings)
    .where(and(eq(meetings.seriesId, seriesId), gte(meetings.scheduledAt, cutoff), ne(meetings.status, "completed")))
    .orderBy(asc(meetings.scheduledAt))
    .limit(10);
  // A meeting held ahead of its slot (started and completed early) is past, at the time it was
  // held: the list never shows a date still to come.
  const heldAt = sql<Date>`case when ${meetings.scheduledAt} > ${now.toISOString()}::timestamptz
      then coalesce(${meetings.startedAt}, ${meetings.completedAt}, ${meetings.scheduledAt}) else ${meetings.scheduledAt} end`.mapWith(
    (v: string | Date) => new Date(v),
  );
  const past = await db
    .select({ id: meetings.id, scheduledAt: meetings.scheduledAt, occurrenceAt: meetings.occurrenceAt, heldAt, status: meetings.status })
    .from(meetings)
    .where(and(eq(meetings.seriesId, seriesId), or(lt(meetings.scheduledAt, cutoff), and(eq(meetings.status, "completed"), lte(meetings.completedAt, now)))))
    .orderBy(desc(heldAt))
    .limit(20);
  // A planned date is a cadence slot that no stored meeting fills: not one moved elsewhere (its
  // slot stays taken, so 8 Dec moved to 2 Dec is not listed on 8 Dec), not a cancelled one. The
  // two lists above hold every meeting whose slot can still be ahead.
  const taken = new Set([...upcoming, ...past].map((m) => (m.occurrenceAt ?? m.scheduledAt).getTime()));
  const wanted = Math.max(0, 4 - upcoming.length);
  // A series whose manager or report was deactivated plans nothing further (lib/server/lines.ts pairActive).
  const leftBy = !managerActive ? row.managerName : !reportActive ? row.reportName : null;
  const planned =
    anchorAt && wanted && !leftBy
      ? occurrencesAfter(row.cadence as Cadence, anchorAt, row.timeZone, now, wanted + taken.size)
          .filter((at) => !taken.has(at.getTime()))
          .slice(0, wanted)
      : [];
  return {
    relation: facts.relation,
    capabilities,
    meta,
    full: {
      ...settings,
      leftBy,
      startTime: hhmmOf(row.startMinutes),
      weekdayName: weekdayLabel(row.weekday),
      upcoming,
      planned,
      past,
    },
  };
}

/** Upcoming meetings where the actor is the manager (current line), a report, or covering. */
export async function getDashboard(actor: Actor, now: Date = new Date()) {
  assertSignedIn(actor);
  const db = await getDb();
  const day = today(now);
  const rows = await db
    .select({
      seriesId: series.id,
      managerId: reportingLines.managerId,
      reportId: reportingLines.reportId,
      managerName: nameOf(reportingLines.managerId),
      reportName: nameOf(reportingLines.reportId),
      timeZone: series.timeZone,
      nextMeetingId: sql<
        string | null
      >`(select m.id from meetings m where m.series_id = ${series.id} and m.status in ('scheduled','in_progress') and m.scheduled_at >= ${new Date(now.getTime() - 2 * 3600_000).toISOString()}::timestamptz order by m.scheduled_at limit 1)`,
      nextMeetingAt: sql<
        string | null
      >`(select m.scheduled_at from meetings m where m.series_id = ${series.id} and m.status in ('scheduled','in_progress') and m.scheduled_at >= ${new Date(now.getTime() - 2 * 3600_000).toISOString()}::timestamptz order by m.scheduled_at limit 1)`,
    })
    .from(series)
    .innerJoin(reportingLines, lineOfSeries)
    .where(
      and(
        eq(reportingLines.orgId, actor.orgId),
        // The person's own lines first, each found through an index, so the dashboard reads a
        // handful of rows however large the organization is; the exact conditions follow.
        sql`${reportingLines.id} in (select rl.id from reporting_lines rl where rl.manager_id = ${actor.id}
          union all select rl.id from reporting_lines rl where rl.report_id = ${actor.id}
          union all select s.reporting_line_id from covering_assignments ca join series s on s.id = ca.series_id where ca.covering_manager_id = ${actor.id})`,
        seriesVisibleTo(actor, day, now),
      ),
    );
  const items = rows
    .map((r) => ({ ...r, as: visibleAs(actor, r) }))
    .map((r) => ({
      seriesId: r.seriesId,
      role: r.as === "report" ? ("report" as const) : ("manager" as const),
      reportName: r.reportName,
      withName: r.as === "report" ? r.managerName : r.as === "manager" ? r.reportName : `${r.reportName} (covering for ${r.managerName})`,
      timeZone: r.timeZone,
      nextMeetingId: r.nextMeetingId,
      nextMeetingAt: r.nextMeetingAt ? new Date(r.nextMeetingAt) : null,
    }))
    .sort((a, b) => (a.nextMeetingAt?.getTime() ?? Infinity) - (b.nextMeetingAt?.getTime() ?? Infinity));
  const newTopics = await newTopicCounts(
    actor,
    items.filter((i) => i.role === "manager" && i.nextMeetingId).map((i) => i.nextMeetingId!),
  );
  const [managesSomeone] = await db.select({ id: reportingLines.id }).from(reportingLines).where(managesLineOn(actor, day)).limit(1);
  return {
    isManager: Boolean(managesSomeone),
    asManager: items.filter((i) => i.role === "manager").map((i) => ({ ...i, newTopics: i.nextMeetingId ? (newTopics.get(i.nextMeetingId) ?? 0) : 0 })),
    asReport: items.filter((i) => i.role === "report").map((i) => ({ ...i, newTopics: 0 })),
  };
}

/**
 * "N new topics from <report>" for the manager's (or covering manager's) next meetings, in one
 * query for the whole dashboard: per meeting, the report's topics still open and not carried
 * over, added since the series' last completed meeting and since the asker last opened that
 * meeting's page (meeting_views): once seen, they are no longer new.
 * The meetings come from getDashboard's rows, which the asker may read.
 */
async function newTopicCounts(actor: Actor, meetingIds: string[]): Promise<Map<string, number>> {
  if (!meetingIds.length) return new Map();
  const db = await getDb();
  const rows = await db
    .select({ meetingId: topics.meetingId, n: sql<number>`count(*)::int`.mapWith(Number) })
    .from(topics)
    .innerJoin(series, eq(series.id, topics.seriesId))
    .innerJoin(reportingLines, lineOfSeries)
    .where(
      and(
        inArray(topics.meetingId, meetingIds),
        eq(topics.authorId, reportingLines.reportId),
        eq(topics.status, "open"),
        isNull(topics.carriedFromMeetingId),
        sql`${topics.createdAt} > coalesce((select m.completed_at from meetings m where m.series_id = ${topics.seriesId} and m.status = 'completed' order by m.completed_at desc limit 1), '-infinity'::timestamptz)`,
        sql`${topics.createdAt} > coalesce((select v.last_seen_at from meeting_views v where v.meeting_id = ${topics.meetingId} and v.user_id = ${actor.id}), '-infinity'::timestamptz)`,
      ),
    )
    .groupBy(topics.meetingId);
  return new Map(rows.map((r) => [r.meetingId, r.n]));
}
