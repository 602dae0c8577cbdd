/**
 * People who leave: deactivation and reactivation, the org's retention of a leaver's private
 * notes, the dry-run listing of what that retention will delete, and erasure requests. Each is
 * people work, never content, and each is the org admin's alone (PRODUCT.md: an admin manages
 * people and org settings and reads no meeting content). What these doors return is never
 * content either: counts, names, dates.
 */
import { forbidden } from "../errors";
import { isOrgAdmin } from "./rules";

export const LEAVER_DOORS = ["deactivate", "reactivate", "setNoteRetention", "previewNoteRetention", "erase"] as const;
export type LeaverDoor = (typeof LEAVER_DOORS)[number];

const REFUSAL: Record<LeaverDoor, string> = {
  deactivate: "Only an organization admin can deactivate someone.",
  reactivate: "Only an organization admin can reactivate someone.",
  setNoteRetention: "Only an organization admin sets how long a leaver's private notes are kept.",
  previewNoteRetention: "Only an organization admin sees which leavers' notes are due for deletion.",
  erase: "Only an organization admin can carry out an erasure request.",
};

export function mayManageLeavers(actor: { orgRole: "admin" | "member" } | null, door: LeaverDoor): boolean {
  void door;
  return isOrgAdmin(actor);
}

/** Throws forbidden unless the actor may use this door (the target's org is checked by lib/server's WHERE clause). */
export function assertMayManageLeavers(actor: { orgRole: "admin" | "member" } | null, door: LeaverDoor): void {
  if (!mayManageLeavers(actor, door)) throw forbidden(REFUSAL[door]);
}

/** What the people page offers about leavers. */
export function leaverCapabilities(actor: { orgRole: "admin" | "member" } | null) {
  return {
    deactivate: mayManageLeavers(actor, "deactivate"),
    reactivate: mayManageLeavers(actor, "reactivate"),
    setNoteRetention: mayManageLeavers(actor, "setNoteRetention"),
    previewNoteRetention: mayManageLeavers(actor, "previewNoteRetention"),
    erase: mayManageLeavers(actor, "erase"),
  };
}
