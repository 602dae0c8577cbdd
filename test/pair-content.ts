import crypto from "node:crypto";
import type { Actor } from "@/lib/policy";
import { addActionItem } from "@/lib/server/action-items";
import { recordEscalation } from "@/lib/server/escalations";
import { addCheckIn, createGoal } from "@/lib/server/goals";
import { loadMeetingWorkspace } from "@/lib/server/meeting-page";
import { startSeries } from "@/lib/server/series";
import { decideShare, listShareRequests, requestShare } from "@/lib/server/sharing";
import { createTemplate } from "@/lib/server/templates";
import { addTopic } from "@/lib/server/topics";
import { saveWorkingAgreement } from "@/lib/server/working-agreement";
import { addActionItemSchema } from "@/lib/validation/action-items";
import { checkInSchema, createGoalSchema } from "@/lib/validation/goals";
import { addTopicSchema } from "@/lib/validation/topics";
import { workingAgreementSchema } from "@/lib/validation/working-agreement";
import { writeAgenda, writeNote } from "@/test/collab";
import { goalDraft, paragraphDoc, seriesInput, utcDay } from "@/test/fixtures";

/**
 * Markers: one unique word per content field of a pair, letters and digits only (so no export,
 * Markdown or search escapes or splits it), all sharing this run's prefix so one regular
 * expression finds any of them in any text.
 */
const RUN = crypto.randomBytes(5).toString("hex");
export const MARKER_PATTERN = new RegExp(`mk${RUN}x[a-z0-9]+x[a-z0-9]+`, "g");
export const markerOf = (pair: string, field: string) => `mk${RUN}x${pair.toLowerCase()}x${field.toLowerCase()}`;

export type Marker = { marker: string; pair: string; field: string; authorId: string };
export type SeededPair = {
  key: string;
  manager: Actor;
  report: Actor;
  seriesId: string;
  meetingId: string;
  goalId: string;
  templateId: string;
  markers: Marker[];
};

/** Every marker that occurs in `text` (each once). */
export function markersIn(text: string): string[] {
  return [...new Set(text.match(MARKER_PATTERN) ?? [])];
}

/**
 * A series between `manager` and `report`, with a marker in every field a pair writes: topics
 * from both sides, the shared agenda, both private notes, an action item, a goal and its check-in,
 * the working agreement, a safety escalation's reason, an excerpt the report approved for
 * `recipient` only (with its reason), and the manager's own template. Written through lib/server
 * as the two people would.
 */
export async function seedPairContent(
  key: string,
  manager: Actor,
  report: Actor,
  recipient: Actor,
  options: { reportWrites?: boolean } = {},
): Promise<SeededPair> {
  // A report who never signed in has written nothing: only the manager's fields are seeded then.
  const reportWrites = options.reportWrites ?? true;
  const markers: Marker[] = [];
  const m = (field: string, author: Actor) => {
    const marker = markerOf(key, field);
    markers.push({ marker, pair: key, field, authorId: author.id });
    return marker;
  };
  const [{ seriesId, meetingId }] = await startSeries(manager, seriesInput({ reportIds: [report.id] }));
  // The meeting page gives a series its first terms version.
  await loadMeetingWorkspace(manager, meetingId);
  const topic = (author: Actor, field: string) =>
    addTopic(author, addTopicSchema.parse({ seriesId, meetingId, text: `About ${m(field, author)}`, kind: "strategic", category: "career_growth" }));
  if (reportWrites) await topic(report, "topicbyreport");
  await topic(manager, "topicbymanager");
  await writeAgenda(manager, meetingId, paragraphDoc(`Agenda ${m("agenda", manager)}`));
  // The excerpt is a part of the manager's note; the rest of the note stays the manager's.
  const excerpt = m("excerpt", manager);
  await writeNote(manager, meetingId, paragraphDoc(`Manager note ${m("managernote", manager)} and ${excerpt}`));
  if (reportWrites) await writeNote(report, meetingId, paragraphDoc(`Report note ${m("reportnote", report)}`));
  await addActionItem(manager, addActionItemSchema.parse({ meetingId, text: `Do ${m("actionitem", manager)}`, owner: "report", dueDate: "" }));
  const goal = await createGoal(
    manager,
    createGoalSchema.parse({ ...goalDraft({ title: `Goal ${m("goaltitle", manager)}`, specific: `Specific ${m("goalspecific", manager)}` }), seriesId }),
  );
  if (reportWrites)
    await addCheckIn(report, checkInSchema.parse({ goalId: goal.id, checkedOn: utcDay(0), value: "1", note: `Check-in ${m("checkin", report)}` }));
  await saveWorkingAgreement(
    manager,
    workingAgreementSchema.parse({
      seriesId,
      goalsAndExpectations: `Goals ${m("agreementgoals", manager)}`,
      feedbackPreferences: `Feedback ${m("agreementfeedback", manager)}`,
      challenges: `Challenges ${m("agreementchallenges", manager)}`,
      format: "structured",
    }),
  );
  await recordEscalation(manager, { seriesId, reason: `A risk of harm: ${m("escalation", manager)}`, confirm: "yes" });
  await requestShare(manager, {
    meetingId,
    source: "private_note",
    excerpt,
    recipientId: recipient.id,
    reason: `So that they can help: ${m("sharereason", manager)}`,
  });
  if (reportWrites) {
    const [request] = (await listShareRequests(report)).aboutMe.filter((r) => r.status === "pending");
    await decideShare(report, { requestId: request.id, decision: "approve" });
  }
  const template = await createTemplate(manager, {
    name: `Template ${m("templatename", manager)}`,
    kind: "weekly_check_in",
    content: JSON.stringify(paragraphDoc(`Template ${m("template", manager)}`)),
  });
  return { key, manager, report, seriesId, meetingId, goalId: goal.id, templateId: template.id, markers };
}
