import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { LEAVER_DOORS, assertMayManageLeavers, leaverCapabilities, mayManageLeavers } from "./index";

const admin = { orgRole: "admin" as const };
const member = { orgRole: "member" as const };

describe("the doors for people who leave", () => {
  it("are the org admin's alone, every one of them", () => {
    for (const door of LEAVER_DOORS) {
      expect(mayManageLeavers(admin, door)).toBe(true);
      expect(mayManageLeavers(member, door)).toBe(false);
      expect(mayManageLeavers(null, door)).toBe(false);
      expect(() => assertMayManageLeavers(admin, door)).not.toThrow();
    }
    expect(leaverCapabilities(admin)).toEqual({ deactivate: true, reactivate: true, setNoteRetention: true, previewNoteRetention: true, erase: true });
    expect(leaverCapabilities(member)).toEqual({ deactivate: false, reactivate: false, setNoteRetention: false, previewNoteRetention: false, erase: false });
  });

  it("refuse anyone else as forbidden, each door saying what only an admin does", () => {
    const refusals = Object.fromEntries(
      LEAVER_DOORS.map((door) => {
        try {
          assertMayManageLeavers(member, door);
        } catch (e) {
          expect(e).toBeInstanceOf(AppError);
          expect((e as AppError).code).toBe("forbidden");
          return [door, (e as AppError).message];
        }
        return [door, "allowed"];
      }),
    );
    expect(refusals).toEqual({
      deactivate: "Only an organization admin can deactivate someone.",
      reactivate: "Only an organization admin can reactivate someone.",
      setNoteRetention: "Only an organization admin sets how long a leaver's private notes are kept.",
      previewNoteRetention: "Only an organization admin sees which leavers' notes are due for deletion.",
      erase: "Only an organization admin can carry out an erasure request.",
    });
    expect(() => assertMayManageLeavers(null, "erase")).toThrow("Only an organization admin can carry out an erasure request.");
  });
});
