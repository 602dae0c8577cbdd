import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { SYSTEM_READS, type SystemActor, type SystemJob, type SystemRead, assertSystemMayRead, systemActor } from "./index";

const READS: SystemRead[] = ["meetingSchedule", "pair", "recipient", "topicCounts", "outboxDelivery", "leaverNotes", "personRecordCounts", "accountRecovery"];
const JOBS: SystemJob[] = ["reminders", "digests", "delivery", "retention", "erasure", "recovery"];
const allowed = (actor: SystemActor, what: SystemRead) => {
  try {
    assertSystemMayRead(actor, what);
    return true;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe("forbidden");
    return false;
  }
};

describe("what background jobs may read", () => {
  it("names a job as the system, never as a person", () => {
    expect(systemActor("digests")).toEqual({ kind: "system", job: "digests" });
  });

  it("lets each job read exactly what its mail or sweep needs, and nothing else", () => {
    const granted = Object.fromEntries(JOBS.map((job) => [job, READS.filter((what) => allowed(systemActor(job), what))]));
    expect(granted).toEqual({
      reminders: ["meetingSchedule", "pair", "recipient"],
      digests: ["meetingSchedule", "pair", "recipient", "topicCounts"],
      delivery: ["outboxDelivery"],
      retention: ["leaverNotes"],
      erasure: ["leaverNotes", "personRecordCounts"],
      recovery: ["accountRecovery"],
    });
    expect(granted).toEqual(SYSTEM_READS);
  });

  it("refuses a person, an unknown job or nothing at all, saying which job asked for what", () => {
    const person = { id: "p", orgId: "o", orgRole: "admin", name: "P", email: "p@example.test", job: "digests" } as unknown as SystemActor;
    expect(allowed(person, "pair")).toBe(false);
    expect(allowed({ kind: "system", job: "backup" } as unknown as SystemActor, "pair")).toBe(false);
    expect(allowed(null as unknown as SystemActor, "pair")).toBe(false);
    expect(() => assertSystemMayRead(systemActor("delivery"), "pair")).toThrow("The delivery job may not read pair.");
    expect(() => assertSystemMayRead(null as unknown as SystemActor, "recipient")).toThrow("The unknown job may not read recipient.");
  });
});
