// Property tests of every text field a person types, at the schema (lib/validation) that every
// server action parses with: for any string at all, the schema either accepts it and gives back
// exactly the documented value (the string, trimmed) or refuses it with a clear message on that
// field and no other; it never throws anything but a ZodError, and its limits are the documented
// ones to the character. Seeded, so a failure reproduces; numRuns kept modest for speed.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { GOAL_LIMITS } from "@/lib/goals/smart";
import { isStorableText } from "@/lib/text";
import { ACTION_TEXT_MAX, AGREEMENT_TEXT_MAX, TOPIC_TEXT_MAX } from "@/lib/topics/constants";
import { acceptInvitationSchema } from "@/lib/validation/auth";
import { fieldErrorsOf } from "@/lib/validation/common";
import { escalationSchema, shareRequestSchema, updateTermsSchema } from "@/lib/validation/confidentiality";
import { checkInSchema, createGoalSchema } from "@/lib/validation/goals";
import { inviteSchema } from "@/lib/validation/people";
import { signInSchema } from "@/lib/validation/sign-in";
import { templateSchema } from "@/lib/validation/templates";
import { addActionItemSchema } from "@/lib/validation/action-items";
import { searchSchema } from "@/lib/validation/history";
import { addTopicSchema, editTopicSchema } from "@/lib/validation/topics";
import { workingAgreementSchema } from "@/lib/validation/working-agreement";
import { isClearMessage } from "@/test/corpus";
import { utcDay } from "@/test/fixtures";

const SEED = 20_261_201;
const RUNS = 120;
const id = () => "0b7c6f1e-8a4d-4c2b-9f3e-5d6a7b8c9d0e";

const hasControl = (s: string) => [...s].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127);

type Field = {
  /** The schema and a valid input for it, into which the string goes at `key`. */
  schema: z.ZodType;
  base: Record<string, unknown>;
  key: string;
  /**
   * Length of the trimmed value, in code points (zod counts an emoji as one character) or, for
   * the goal's SMART parts (lib/goals/smart.ts), in UTF-16 code units (an emoji counts two).
   */
  min: number;
  max: number;
  units?: "code units";
  /** A limit on the string as typed, before trimming (the goal form's loose bound). */
  rawMax?: number;
  /** Person names: no control characters at all (they end up in mail headers). */
  name?: boolean;
  /** What the schema gives back for an accepted string; the trimmed string unless said. */
  output?: (s: string) => unknown;
  outKey?: string;
};

const goal = {
  seriesId: id(),
  title: "Faster reviews",
  specific: "Review every pull request within a day.",
  measureKind: "numeric",
  metric: "Median review time",
  baseline: "30",
  target: "8",
  unit: "hours",
  doneCondition: "",
  achievable: "With a review rota.",
  relevant: "The team waits less.",
  dueDate: utcDay(90),
};
const doneGoal = { ...goal, measureKind: "done_condition", doneCondition: "Every review within a day for a month." };
const topic = { seriesId: id(), text: "A topic", kind: "strategic", category: "wellbeing" };
const agreement = { seriesId: id(), goalsAndExpectations: "", feedbackPreferences: "", challenges: "", format: "structured" };
const share = { meetingId: id(), source: "private_note", excerpt: "An excerpt.", recipientId: id(), reason: "They can help with this." };

const FIELDS: Record<string, Field> = {
  "topic text": { schema: addTopicSchema, base: topic, key: "text", min: 1, max: TOPIC_TEXT_MAX },
  "edited topic text": {
    schema: editTopicSchema,
    base: { topicId: id(), baseVersion: "1", text: "x", kind: "tactical", category: "other" },
    key: "text",
    min: 1,
    max: TOPIC_TEXT_MAX,
  },
  "action item text": { schema: addActionItemSchema, base: { meetingId: id(), text: "x", owner: "report" }, key: "text", min: 1, max: ACTION_TEXT_MAX },
  "search query": { schema: searchSchema, base: { seriesId: id(), q: "x" }, key: "q", min: 1, max: 200 },
  "working agreement: goals and expectations": {
    schema: workingAgreementSchema,
    base: agreement,
    key: "goalsAndExpectations",
    min: 0,
    max: AGREEMENT_TEXT_MAX,
  },
  "working agreement: feedback preferences": { schema: workingAgreementSchema, base: agreement, key: "feedbackPreferences", min: 0, max: AGREEMENT_TEXT_MAX },
  "working agreement: challenges": { schema: workingAgreementSchema, base: agreement, key: "challenges", min: 0, max: AGREEMENT_TEXT_MAX },
  "template name": { schema: templateSchema, base: { name: "x", kind: "weekly_check_in", content: "{}" }, key: "name", min: 1, max: 120 },
  "terms of confidentiality": { schema: updateTermsSchema, base: { seriesId: id(), baseVersion: "1", body: "x" }, key: "body", min: 40, max: 10_000 },
  "share request excerpt": { schema: shareRequestSchema, base: share, key: "excerpt", min: 1, max: 2_000 },
  "share request reason": { schema: shareRequestSchema, base: share, key: "reason", min: 10, max: 1_000 },
  "safety escalation reason": { schema: escalationSchema, base: { seriesId: id(), reason: "x", confirm: "yes" }, key: "reason", min: 10, max: 2_000 },
  "goal title": { units: "code units", schema: createGoalSchema, base: goal, key: "title", min: 1, max: GOAL_LIMITS.title, rawMax: 20_000 },
  "goal specific": { units: "code units", schema: createGoalSchema, base: goal, key: "specific", min: 1, max: GOAL_LIMITS.part, rawMax: 20_000 },
  "goal metric": { units: "code units", schema: createGoalSchema, base: goal, key: "metric", min: 1, max: GOAL_LIMITS.metric, rawMax: 20_000 },
  "goal unit": {
    units: "code units",
    schema: createGoalSchema,
    base: goal,
    key: "unit",
    min: 0,
    max: GOAL_LIMITS.unit,
    rawMax: 20_000,
    output: (s) => s.trim() || null,
  },
  "goal done condition": { units: "code units", schema: createGoalSchema, base: doneGoal, key: "doneCondition", min: 1, max: GOAL_LIMITS.part, rawMax: 20_000 },
  "goal achievable": { units: "code units", schema: createGoalSchema, base: goal, key: "achievable", min: 1, max: GOAL_LIMITS.part, rawMax: 20_000 },
  "goal relevant": { units: "code units", schema: createGoalSchema, base: goal, key: "relevant", min: 1, max: GOAL_LIMITS.part, rawMax: 20_000 },
  "check-in note": { schema: checkInSchema, base: { goalId: id(), checkedOn: utcDay(0), value: "3", percent: "" }, key: "note", min: 0, max: GOAL_LIMITS.part },
  "invited person's name": { schema: inviteSchema, base: { email: "new@example.test", name: "x" }, key: "name", min: 1, max: 100, name: true },
  "name given on accepting an invitation": {
    schema: acceptInvitationSchema,
    base: { token: "t".repeat(40), name: "x", password: "a long and unusual passphrase 93", confirm: "a long and unusual passphrase 93" },
    key: "name",
    min: 1,
    max: 100,
    name: true,
  },
};

/** Whether the documented rules let `s` in. */
function acceptable(f: Field, s: string) {
  const t = s.trim();
  const length = f.units === "code units" ? t.length : [...t].length;
  if (length < f.min || length > f.max) return false;
  if (f.name) return !hasControl(t) && t.isWellFormed();
  return isStorableText(s) && (f.rawMax === undefined || [...s].length <= f.rawMax);
}

/** Parses as a server action does; anything thrown but a ZodError fails the property. */
function parse(schema: z.ZodType, input: unknown): { ok: true; data: Record<string, unknown> } | { ok: false; errors: Record<string, string[]> } {
  try {
    return { ok: true, data: schema.parse(input) as Record<string, unknown> };
  } catch (error) {
    if (!(error instanceof z.ZodError)) throw new Error(`threw ${String(error)} instead of a ZodError`, { cause: error });
    return { ok: false, errors: fieldErrorsOf(error) };
  }
}

// One code unit or code point of text people and attackers type: anything, whitespace that trim()
// removes, what PostgreSQL refuses (NUL, lone surrogates), control characters, emoji and markup.
const unit = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.constantFrom(" ", "\t", "\n", "\r\n", "\u00a0", "\u2028", "\ufeff", "\u3000") },
  { weight: 1, arbitrary: fc.constantFrom("\u0000", "\u0007", "\u001b", "\u007f", "\ud800", "\udfff") },
  { weight: 2, arbitrary: fc.constantFrom("😀", "👩🏽‍💻", "e\u0301", "<", ">", "&", '"', "'", "\\", "%", "_", "\u202e") },
);
const anyText = fc.string({ unit, maxLength: 300 });
/** Text right around a limit, padded with whitespace that trimming removes. */
const aroundLimit = (n: number) =>
  fc
    .record({
      left: fc.constantFrom("", " ", "\n\t "),
      length: fc.integer({ min: Math.max(0, n - 2), max: n + 2 }),
      char: fc.constantFrom("x", "é", "中", "😀"),
      right: fc.constantFrom("", " ", " \r\n"),
    })
    .map(({ left, length, char, right }) => `${left}${char.repeat(length)}${right}`);

describe("every text field a person types", () => {
  for (const [label, f] of Object.entries(FIELDS)) {
    const texts = fc.oneof(anyText, aroundLimit(f.max), aroundLimit(f.min));
    it(`${label}: accepts exactly what its rules allow (trimmed, ${f.min} to ${f.max} characters) and refuses the rest on "${f.key}"`, () => {
      fc.assert(
        fc.property(texts, (s) => {
          const result = parse(f.schema, { ...f.base, [f.key]: s });
          if (result.ok) {
            expect(acceptable(f, s), `accepted ${JSON.stringify(s)}`).toBe(true);
            expect(result.data[f.outKey ?? f.key]).toEqual((f.output ?? ((v: string) => v.trim()))(s));
          } else {
            expect(acceptable(f, s), `refused ${JSON.stringify(s)}: ${JSON.stringify(result.errors)}`).toBe(false);
            expect(Object.keys(result.errors)).toEqual([f.key]);
            expect(result.errors[f.key].filter((m) => !isClearMessage(m))).toEqual([]);
          }
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });
  }

  it("an email address: given back trimmed and in lower case, at most 254 characters, or refused on the email field", () => {
    const emails = fc.oneof(
      anyText,
      fc.emailAddress().map((e) => ` ${e.toUpperCase()} `),
      aroundLimit(254),
    );
    for (const [schema, base] of [
      [inviteSchema, { name: "New Person" }],
      [signInSchema, { password: "whatever" }],
    ] as const) {
      fc.assert(
        fc.property(emails, (s) => {
          const result = parse(schema, { ...base, email: s });
          if (result.ok) {
            expect(result.data.email).toBe(s.trim().toLowerCase());
            expect((result.data.email as string).length).toBeLessThanOrEqual(254);
          } else {
            expect(Object.keys(result.errors)).toEqual(["email"]);
            expect(result.errors.email.filter((m) => !isClearMessage(m))).toEqual([]);
          }
        }),
        { seed: SEED, numRuns: RUNS },
      );
    }
  });

  it("refuses a value that is not a string at all with a field error, never a crash", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.values(FIELDS)),
        fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string()), fc.object()),
        (f, value) => {
          const result = parse(f.schema, { ...f.base, [f.key]: value });
          // An optional text left out is the empty text; anything else not a string is refused.
          if (result.ok) expect(value === undefined).toBe(true);
          else expect(Object.keys(result.errors)).toEqual([f.key]);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
