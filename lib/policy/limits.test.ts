import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { assertEscalationWithinLimit, assertTopicWithinLimits, ESCALATIONS_PER_DAY, TOPICS_PER_MEETING, TOPICS_PER_MINUTE } from "./limits";

const refusal = (run: () => void) => {
  try {
    run();
    return null;
  } catch (error) {
    return error instanceof AppError ? { code: error.code, fields: Object.keys(error.fieldErrors ?? {}) } : error;
  }
};

describe("write limits", () => {
  it("allows escalations up to the day's allowance and refuses the next on the reason field", () => {
    expect(refusal(() => assertEscalationWithinLimit(ESCALATIONS_PER_DAY - 1))).toBeNull();
    expect(refusal(() => assertEscalationWithinLimit(ESCALATIONS_PER_DAY))).toEqual({ code: "invalid", fields: ["reason"] });
  });

  it("allows topics up to a minute's allowance and a meeting's cap, and refuses either on the text field", () => {
    expect(refusal(() => assertTopicWithinLimits({ lastMinute: TOPICS_PER_MINUTE - 1, inMeeting: TOPICS_PER_MEETING - 1 }))).toBeNull();
    expect(refusal(() => assertTopicWithinLimits({ lastMinute: TOPICS_PER_MINUTE, inMeeting: 0 }))).toEqual({ code: "invalid", fields: ["text"] });
    expect(refusal(() => assertTopicWithinLimits({ lastMinute: 0, inMeeting: TOPICS_PER_MEETING }))).toEqual({ code: "invalid", fields: ["text"] });
  });

  it("keeps the allowances small enough to bound what one person writes", () => {
    expect(ESCALATIONS_PER_DAY).toBeLessThanOrEqual(5);
    expect(TOPICS_PER_MINUTE).toBeLessThanOrEqual(20);
    expect(TOPICS_PER_MEETING).toBeLessThanOrEqual(100);
  });
});
