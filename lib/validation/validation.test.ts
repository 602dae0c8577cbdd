import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { acceptInvitationSchema, signInSchema } from "./auth";
import { fieldErrorsOf } from "./common";
import { createLineSchema, endLineSchema, inviteSchema } from "./people";
import { hhmmOf, minutesOf, startSeriesSchema } from "./series";
import { copyTemplateSchema, templateSchema, updateTemplateSchema } from "./templates";

const ID = "3f1c2a54-7a8b-4c1d-9e2f-0a1b2c3d4e5f";
const validSeries = {
  cadence: "weekly",
  weekday: "2",
  startTime: "09:30",
  durationMinutes: "30",
  timeZone: "Europe/Berlin",
  format: "structured",
  startDate: "2030-01-07",
};

/** The field errors of a refused input; fails the test if the input was accepted. */
function errorsOf(schema: z.ZodType, input: unknown) {
  const parsed = schema.safeParse(input);
  expect(parsed.success, "the input should have been refused").toBe(false);
  return parsed.success ? {} : fieldErrorsOf(parsed.error);
}

describe("startSeriesSchema", () => {
  it("accepts form values, coercing numbers and defaulting reportIds to everyone", () => {
    const parsed = startSeriesSchema.parse(validSeries);
    expect(parsed).toMatchObject({ weekday: 2, durationMinutes: 30, reportIds: [] });
  });

  it("names each bad field", () => {
    const errors = errorsOf(startSeriesSchema, {
      ...validSeries,
      cadence: "daily",
      weekday: "8",
      startTime: "24:00",
      durationMinutes: "10",
      timeZone: "Mars/Olympus",
      format: "chaotic",
      startDate: "07/01/2030",
      reportIds: ["not-a-uuid"],
    });
    expect(Object.keys(errors).sort()).toEqual(["cadence", "durationMinutes", "format", "reportIds.0", "startDate", "startTime", "timeZone", "weekday"].sort());
    expect(errors.timeZone).toEqual(["Choose a known time zone, such as Europe/Berlin."]);
    expect(errors.durationMinutes).toEqual(["A meeting lasts at least 15 minutes."]);
  });

  it("refuses meetings longer than two hours and fractional minutes", () => {
    expect(errorsOf(startSeriesSchema, { ...validSeries, durationMinutes: "121" }).durationMinutes).toEqual(["A meeting lasts at most 120 minutes."]);
    expect(errorsOf(startSeriesSchema, { ...validSeries, durationMinutes: "30.5" }).durationMinutes).toEqual(["Enter whole minutes."]);
  });

  it("converts between HH:MM and minutes after midnight", () => {
    expect(minutesOf("09:30")).toBe(570);
    expect(hhmmOf(570)).toBe("09:30");
    expect(hhmmOf(0)).toBe("00:00");
  });
});

describe("people and sign-in schemas", () => {
  it("trims and lower-cases email addresses and defaults invitations to members", () => {
    expect(inviteSchema.parse({ email: "  New.Person@Example.COM ", name: " New Person " })).toEqual({
      email: "new.person@example.com",
      name: "New Person",
      orgRole: "member",
    });
  });

  it("refuses bad email addresses, blank names, names with control characters and unknown roles", () => {
    const errors = errorsOf(inviteSchema, { email: "not an email", name: "   ", orgRole: "owner" });
    expect(Object.keys(errors).sort()).toEqual(["email", "name", "orgRole"]);
    expect(errorsOf(inviteSchema, { email: "a@b.test", name: "Evil\u0000Name" }).name).toEqual(["A name cannot contain control characters."]);
  });

  it("refuses a reporting line where someone reports to themselves", () => {
    expect(errorsOf(createLineSchema, { managerId: ID, reportId: ID, activeFrom: "2030-01-01" }).reportId).toEqual(["A person cannot report to themselves."]);
  });

  it("refuses reporting-line dates and ids in the wrong format", () => {
    expect(Object.keys(errorsOf(endLineSchema, { lineId: "42", activeTo: "2030-13-01" })).sort()).toEqual(["activeTo", "lineId"]);
  });

  it("refuses an invitation whose passwords differ or are too short", () => {
    const errors = errorsOf(acceptInvitationSchema, { token: "x".repeat(20), name: "A", password: "short", confirm: "other" });
    expect(errors.password).toEqual(["A password has at least 12 characters."]);
    expect(errors.confirm).toEqual(["The passwords do not match."]);
  });

  it("asks for a password at sign-in", () => {
    expect(errorsOf(signInSchema, { email: "a@b.test", password: "" }).password).toEqual(["Enter your password."]);
  });
});

describe("agenda and template schemas", () => {
  it("refuses a blank or overlong template name and an unknown kind", () => {
    expect(errorsOf(templateSchema, { name: "  ", kind: "first_meeting", content: "{}" }).name).toEqual(["Enter a name."]);
    expect(errorsOf(templateSchema, { name: "x".repeat(121), kind: "first_meeting", content: "{}" }).name).toBeDefined();
    expect(errorsOf(templateSchema, { name: "Mine", kind: "party", content: "{}" }).kind).toEqual(["Choose a kind of template."]);
  });

  it("lets only real ids through to update, while copy also accepts built-in ids", () => {
    expect(errorsOf(updateTemplateSchema, { id: "builtin:first_meeting", name: "x", kind: "first_meeting", content: "{}" }).id).toBeDefined();
    expect(copyTemplateSchema.parse({ id: "builtin:first_meeting" }).id).toBe("builtin:first_meeting");
  });

  it("reports errors without a path under _form", () => {
    const parsed = acceptInvitationSchema.safeParse("nonsense");
    expect(parsed.success).toBe(false);
    expect(Object.keys(fieldErrorsOf(parsed.error!))).toEqual(["_form"]);
  });
});

describe("ids", () => {
  it("reads one shape of id everywhere: any uuid PostgreSQL reads, and nothing else", async () => {
    const { isUuid, uuid } = await import("./common");
    for (const id of [ID, ID.toUpperCase(), "00000000-0000-0000-0000-000000000000", "12345678-1234-1234-1234-123456789abc"]) {
      expect(isUuid(id)).toBe(true);
      expect(uuid.safeParse(id).success).toBe(true);
    }
    for (const id of ["not-a-uuid", "-".repeat(36), `${ID}0`, ` ${ID}`, "g".repeat(8) + ID.slice(8), 42, null]) {
      expect(isUuid(id)).toBe(false);
      expect(uuid.safeParse(id).success).toBe(false);
    }
  });
});
