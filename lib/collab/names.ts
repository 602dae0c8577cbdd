/**
 * Names of the real-time documents. The shared agenda of a meeting is one document; each
 * person's private note on a meeting is another, whose name carries its author, so the
 * shared document can never hold anything private.
 */
import { UUID_SOURCE as UUID } from "@/lib/validation/uuid";

const AGENDA = new RegExp(`^agenda\\.(${UUID})$`);
const NOTE = new RegExp(`^note\\.(${UUID})\\.(${UUID})$`);

export type CollabDocument = { kind: "agenda"; meetingId: string } | { kind: "note"; meetingId: string; authorId: string };

export function agendaDocumentName(meetingId: string): string {
  return `agenda.${meetingId.toLowerCase()}`;
}

export function noteDocumentName(meetingId: string, authorId: string): string {
  return `note.${meetingId.toLowerCase()}.${authorId.toLowerCase()}`;
}

/** The document a name stands for, or null for any name that is not exactly one of ours. */
export function parseDocumentName(name: string): CollabDocument | null {
  const agenda = AGENDA.exec(name);
  if (agenda) return { kind: "agenda", meetingId: agenda[1] };
  const note = NOTE.exec(name);
  if (note) return { kind: "note", meetingId: note[1], authorId: note[2] };
  return null;
}

/** The Yjs XML fragment that holds the ProseMirror document (TipTap's Collaboration default). */
export const YJS_FIELD = "default";
