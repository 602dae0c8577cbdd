import "server-only";
import { cache } from "react";
import { getDb } from "@/db/client";
import type { Actor } from "@/lib/policy";
import { seriesCapabilities } from "@/lib/policy";
import { authorizeSeries } from "./access";
import { myFeedOf } from "./calendar-feeds";
import { coveringCandidatesOf, coveringOf } from "./covering";
import { seriesPageOf } from "./series";
import { seriesPlanningOf } from "./series-settings";
import { agendaTemplateChoicesOf } from "./series-templates";
import { undoableChangesOf } from "./schedule-changes";
import { queuedTopicsOf, strategicShareOf } from "./topics";

/**
 * Everything the series page shows, for one person, authorized once (the series, its line and
 * the actor's covering assignment, read once); an org admin gets the metadata and the covering
 * section only. Refuses (not_found) exactly as reading the series' metadata does.
 */
export async function loadSeriesWorkspace(actor: Actor, seriesId: string, people: { query?: string; limit?: number } = {}, now: Date = new Date()) {
  const db = await getDb();
  const facts = await authorizeSeries(db, actor, seriesId, "seriesContent", "meta");
  const page = await seriesPageOf(db, facts, now);
  const covering = await coveringOf(db, facts);
  const capabilities = seriesCapabilities(facts.relation);
  const [share, queued, planning, feed, candidates, agendaTemplates] = await Promise.all([
    capabilities.viewContent ? strategicShareOf(db, seriesId) : null,
    // Beside the "add a topic" form: what the next meeting already holds.
    capabilities.addTopic ? queuedTopicsOf(db, actor, seriesId, now) : null,
    // The settings come from the series' row read above, not read again.
    capabilities.planMeetings
      ? Promise.all([seriesPlanningOf(db, seriesId, now, page.full ?? undefined), undoableChangesOf(db, actor, seriesId, now)]).then(([p, undoable]) => ({
          ...p,
          undoable,
        }))
      : null,
    // Wrapped: a person with no feed yet (null) is not a person who may not have one.
    capabilities.calendarFeed ? myFeedOf(db, actor, seriesId).then((current) => ({ current })) : null,
    capabilities.nameCovering ? coveringCandidatesOf(db, actor, facts, people) : [],
    capabilities.planMeetings ? agendaTemplateChoicesOf(db, actor, seriesId) : null,
  ]);
  return { ...page, capabilities, covering: { ...covering, candidates }, share, queued, planning, feed, agendaTemplates };
}

export type SeriesWorkspace = Awaited<ReturnType<typeof loadSeriesWorkspace>>;

/** The page-facing loader, shared by the server components of one request (see meetingWorkspace). */
export const seriesWorkspace = cache((actor: Actor, seriesId: string, personQuery: string = "", personLimit?: number) =>
  loadSeriesWorkspace(actor, seriesId, { query: personQuery, limit: personLimit }),
);
