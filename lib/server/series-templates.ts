import "server-only";
// Templates for every meeting, not just the first: a series names the template each new
// meeting's agenda starts from (ensureNextMeeting in ./meetings.ts reads it).
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { JSONContent } from "@tiptap/core";
import { getDb, type Db, type Tx } from "@/db/client";
import { agendaDocuments, collabDocuments, meetings, reportingLines, series, templates } from "@/db/schema";
import { agendaDocumentName } from "@/lib/collab/names";
import { appendedJSON, appendToDocument, type DerivedDocument } from "@/lib/collab/yjs";
import { checkDocument, documentText, EMPTY_DOCUMENT } from "@/lib/editor/document";
import { AppError, invalid } from "@/lib/errors";
import type { Actor } from "@/lib/policy";
import { BUILTIN_TEMPLATES, findBuiltin } from "@/lib/templates/builtin";
import { PLACEHOLDER_LINK_MESSAGE, placeholderLinksIn } from "@/lib/templates/placeholder";
import type { ApplyTemplateInput, SeriesAgendaTemplateInput } from "@/lib/validation/templates";
import { isUuid } from "@/lib/validation/uuid";
import { authorizeMeeting, authorizeSeries } from "./access";
import { lineOfSeries } from "./lines";
import { ownRowsOnly } from "./scope";
import { supportOf } from "./templates";

/** The built-ins a later meeting may start from (the first-meeting one is for the first meeting). */
const LATER_BUILTINS = BUILTIN_TEMPLATES.filter((t) => t.kind !== "first_meeting");

/**
 * What the series page offers (one statement): the series' current choice and the actor's own
 * templates. Only for someone who may plan the series' meetings.
 */
export async function agendaTemplateChoicesOf(db: Db | Tx, actor: Actor, seriesId: string) {
  const rows = await db
    .select({ current: series.agendaTemplate, id: templates.id, name: templates.name })
    .from(series)
    .leftJoin(templates, ownRowsOnly(templates.ownerId, actor))
    .where(eq(series.id, seriesId))
    .orderBy(asc(templates.name));
  const own = rows.filter((r): r is typeof r & { id: string; name: string } => r.id !== null).map((r) => ({ id: r.id, name: r.name }));
  const current = rows[0]?.current ?? null;
  return {
    current,
    builtin: LATER_BUILTINS.map((t) => ({ id: t.id, name: t.name })),
    own,
    // A template the choice names that is no longer there (deleted, or the other person's): said, not hidden.
    currentMissing: current !== null && !findBuiltin(current) && !own.some((t) => t.id === current),
  };
}

/** The content of a template one of the pair owns, or null (gone, or nobody's of the pair). */
async function templateOfPair(tx: Db | Tx, templateId: string, ownerIds: string[]) {
  if (!isUuid(templateId)) return null;
  const [row] = await tx
    .select({ content: templates.content })
    .from(templates)
    .where(and(eq(templates.id, templateId), inArray(templates.ownerId, ownerIds)));
  return (row?.content as JSONContent | undefined) ?? null;
}

/**
 * The agenda a new meeting of the series starts from: its template's content, else null (blank).
 * A template that links to a placeholder support page starts blank instead: it never reaches the report.
 */
export async function agendaForNewMeeting(tx: Db | Tx, seriesId: string): Promise<JSONContent | null> {
  const [s] = await tx
    .select({ template: series.agendaTemplate, orgId: reportingLines.orgId, managerId: reportingLines.managerId, reportId: reportingLines.reportId })
    .from(series)
    .innerJoin(reportingLines, lineOfSeries)
    .where(eq(series.id, seriesId));
  if (!s?.template) return null;
  const builtin = findBuiltin(s.template);
  const content = builtin ? builtin.content(await supportOf(tx, s.orgId)) : await templateOfPair(tx, s.template, [s.managerId, s.reportId]);
  if (!content || placeholderLinksIn(content).length) return null;
  return content;
}

/** Sets (or clears) the template the series' new meetings start from; the meetings already planned keep their agenda. */
export async function setSeriesAgendaTemplate(actor: Actor, input: SeriesAgendaTemplateInput) {
  const db = await getDb();
  const facts = await authorizeSeries(db, actor, input.seriesId, "seriesContent", "write");
  // Own templates of the pair only (a covering manager picks a built-in): a new meeting resolves the template among the pair's.
  const owners = [facts.managerId, facts.reportId].includes(actor.id) ? [actor.id] : [];
  const template = input.template;
  if (template !== null) {
    const builtin = findBuiltin(template);
    if (builtin && builtin.kind === "first_meeting") throw invalid({ template: ["The first-meeting template is for the first meeting. Choose another."] });
    const content = builtin ? builtin.content(await supportOf(db, actor.orgId)) : await templateOfPair(db, template, owners);
    if (!content) throw invalid({ template: ["Choose one of the templates listed."] });
    if (placeholderLinksIn(content).length) throw invalid({ template: [PLACEHOLDER_LINK_MESSAGE] });
  }
  await db.update(series).set({ agendaTemplate: template }).where(eq(series.id, input.seriesId));
  return { template };
}

/**
 * Adds a template's content to the agenda of one meeting that has not started (after what is
 * there; a blank agenda is replaced). Through the collaboration server of this process, as one
 * more edit: people with the agenda open see it at once, and it is stored like their edits.
 */
export async function applyTemplateToMeeting(actor: Actor, input: ApplyTemplateInput) {
  const db = await getDb();
  const facts = await authorizeMeeting(db, actor, input.meetingId, "seriesContent", "write");
  const [m] = await db.select({ status: meetings.status }).from(meetings).where(eq(meetings.id, input.meetingId));
  if (m?.status !== "scheduled") throw invalid({ meetingId: ["A template can be added only to a meeting that has not started."] });
  const owners = [facts.managerId, facts.reportId].includes(actor.id) ? [actor.id] : [];
  const builtin = findBuiltin(input.template);
  const content = builtin ? builtin.content(await supportOf(db, actor.orgId)) : await templateOfPair(db, input.template, owners);
  if (!content) throw invalid({ template: ["Choose one of the templates listed."] });
  if (placeholderLinksIn(content).length) throw invalid({ template: [PLACEHOLDER_LINK_MESSAGE] });
  const name = agendaDocumentName(input.meetingId);
  // Loaded only here: the rest of this module (and ./meetings.ts, which imports it) stays free of Hocuspocus.
  const { runningCollab } = await import("@/lib/collab/server");
  const collab = await runningCollab();
  if (collab) {
    const context = { userId: actor.id, sessionVersion: 0, name, checkedAt: Date.now(), user: { name: actor.name, color: "#0f766e" } };
    const connection = await collab.server.hocuspocus.openDirectConnection(name, context);
    let result: DerivedDocument = { ok: false, error: "not applied" };
    try {
      await connection.transact((doc) => {
        result = appendToDocument(doc, content);
      });
    } finally {
      // Stores (compacts) the document before answering: the page shows the template after a reload.
      await connection.disconnect();
    }
    if (!result.ok) throw invalid({ template: [`The agenda and the template together are too large: ${result.error}`] });
    return { meetingId: input.meetingId };
  }
  // No collaboration server in this process (a script, a test): only an agenda never opened,
  // whose stored JSON is still what its real-time document will start from.
  return db.transaction(async (tx) => {
    const [opened] = await tx.select({ name: collabDocuments.name }).from(collabDocuments).where(eq(collabDocuments.name, name));
    if (opened) throw new AppError("conflict", "The agenda is open for editing elsewhere; try again in a moment.");
    const [agenda] = await tx
      .select({ content: agendaDocuments.content })
      .from(agendaDocuments)
      .where(eq(agendaDocuments.meetingId, input.meetingId))
      .for("update");
    const checked = checkDocument(JSON.stringify(appendedJSON((agenda?.content as JSONContent | undefined) ?? EMPTY_DOCUMENT, content)));
    if (!checked.ok) throw invalid({ template: [`The agenda and the template together are too large: ${checked.error}`] });
    await tx
      .update(agendaDocuments)
      .set({
        content: checked.doc,
        searchText: documentText(checked.doc),
        version: sql`${agendaDocuments.version} + 1`,
        updatedAt: new Date(),
        updatedBy: actor.id,
      })
      .where(eq(agendaDocuments.meetingId, input.meetingId));
    return { meetingId: input.meetingId };
  });
}
