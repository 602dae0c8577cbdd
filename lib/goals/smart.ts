/**
 * The SMART rules of a goal, as small pure functions without zod, so that the goal form can
 * show them live while the person types, and lib/validation/goals.ts applies the very same
 * code on the server.
 */
export const GOAL_LIMITS = { title: 120, part: 1000, metric: 120, unit: 40, number: 20 } as const;

export const MEASURE_KINDS = ["numeric", "done_condition"] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];

export const SMART_PARTS = ["specific", "measurable", "achievable", "relevant", "timeBound"] as const;
export type SmartPart = (typeof SMART_PARTS)[number];
export const SMART_LABELS: Record<SmartPart, string> = {
  specific: "Specific",
  measurable: "Measurable",
  achievable: "Achievable",
  relevant: "Relevant",
  timeBound: "Time-bound",
};

/** A goal as typed into the form: every field a string. */
export type GoalDraft = {
  title: string;
  specific: string;
  measureKind: string;
  metric: string;
  baseline: string;
  target: string;
  unit: string;
  doneCondition: string;
  achievable: string;
  relevant: string;
  dueDate: string;
};
/** Each typed field's limit: the goal form's maxLength and counter, and goalIssues below, use these numbers. */
export const GOAL_FIELD_MAX: Record<Exclude<keyof GoalDraft, "measureKind" | "dueDate">, number> = {
  title: GOAL_LIMITS.title,
  specific: GOAL_LIMITS.part,
  metric: GOAL_LIMITS.metric,
  baseline: GOAL_LIMITS.number,
  target: GOAL_LIMITS.number,
  unit: GOAL_LIMITS.unit,
  doneCondition: GOAL_LIMITS.part,
  achievable: GOAL_LIMITS.part,
  relevant: GOAL_LIMITS.part,
};
export type GoalField = keyof GoalDraft;
export type GoalIssue = { field: GoalField; message: string };

const PART_OF: Record<GoalField, SmartPart | null> = {
  title: null,
  specific: "specific",
  measureKind: "measurable",
  metric: "measurable",
  baseline: "measurable",
  target: "measurable",
  unit: "measurable",
  doneCondition: "measurable",
  achievable: "achievable",
  relevant: "relevant",
  dueDate: "timeBound",
};

/**
 * Today as YYYY-MM-DD in UTC: the one "today" of the access rules and the goal checks, the
 * same for everyone whatever their zone (lib/policy re-exports it as `today`; a person's own
 * calendar day is lib/schedule `todayIn`). No imports here: the goal form uses it in the browser.
 */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** A decimal number as typed ("12", "-3.5"), or null. */
export function parseNumber(text: string): number | null {
  const s = text.trim();
  if (!/^-?\d+(\.\d+)?$/.test(s) || s.length > GOAL_LIMITS.number) return null;
  return Number(s);
}

/** A real calendar date in YYYY-MM-DD, or null. */
export function parseDay(text: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const d = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text ? null : d;
}

/** The same month and day `years` later (29 Feb becomes 28 Feb). */
export function addYears(day: string, years: number): string {
  const [y, m, d] = day.split("-").map(Number);
  const last = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return `${String(y + years).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

function required(issues: GoalIssue[], field: GoalField, value: string, max: number, empty: string, label: string) {
  const v = value.trim();
  if (!v) issues.push({ field, message: empty });
  else if (v.length > max) issues.push({ field, message: `${label} has at most ${max} characters.` });
}

/** Every rule a goal breaks; an empty list means the goal may be stored. */
export function goalIssues(d: GoalDraft, today: string): GoalIssue[] {
  const issues: GoalIssue[] = [];
  required(issues, "title", d.title, GOAL_LIMITS.title, "Give the goal a short title.", "A title");
  required(issues, "specific", d.specific, GOAL_LIMITS.part, "Say what exactly you want to achieve.", "This part");
  if (d.measureKind === "numeric") {
    required(issues, "metric", d.metric, GOAL_LIMITS.metric, "Name what you will measure.", "The metric");
    const target = parseNumber(d.target);
    if (!d.target.trim()) issues.push({ field: "target", message: "Enter a target number." });
    else if (target === null) issues.push({ field: "target", message: "The target must be a number, such as 12 or 4.5." });
    const baseline = d.baseline.trim() ? parseNumber(d.baseline) : 0;
    if (baseline === null) issues.push({ field: "baseline", message: "The baseline must be a number, or left empty." });
    else if (target !== null && target === baseline) issues.push({ field: "target", message: "The target must differ from the baseline." });
    if (d.unit.trim().length > GOAL_LIMITS.unit) issues.push({ field: "unit", message: `A unit has at most ${GOAL_LIMITS.unit} characters.` });
  } else if (d.measureKind === "done_condition") {
    required(issues, "doneCondition", d.doneCondition, GOAL_LIMITS.part, "Describe when the goal counts as done.", "The done condition");
  } else {
    issues.push({ field: "measureKind", message: "Choose a number target or a done condition." });
  }
  required(issues, "achievable", d.achievable, GOAL_LIMITS.part, "Say how you will get there and with what support.", "This part");
  required(issues, "relevant", d.relevant, GOAL_LIMITS.part, "Say why this goal matters.", "This part");
  if (!d.dueDate.trim()) issues.push({ field: "dueDate", message: "Choose a due date." });
  else if (!parseDay(d.dueDate)) issues.push({ field: "dueDate", message: "Enter the due date as YYYY-MM-DD." });
  else if (d.dueDate <= today) issues.push({ field: "dueDate", message: "The due date must be in the future." });
  else if (d.dueDate > addYears(today, 2)) issues.push({ field: "dueDate", message: "The due date can be at most two years ahead." });
  return issues;
}

/** The number of whole days from `from` to `to` (both YYYY-MM-DD). */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Advice on a goal that passes every rule but may not say what its people mean: a target below
 * the baseline (fine for a goal to reduce something, a slip for one to grow it), a due date within
 * a week (little room for a goal; perhaps an action item), a Specific part of one word. Hints never
 * refuse a goal: the form shows them beside the SMART check.
 */
export function goalHints(d: GoalDraft, today: string): GoalIssue[] {
  const hints: GoalIssue[] = [];
  const specific = d.specific.trim();
  if (specific && specific.split(/\s+/).length === 1) {
    hints.push({ field: "specific", message: "One word says little: describe what exactly will be different when this is achieved." });
  }
  if (d.measureKind === "numeric" && d.target.trim()) {
    const target = parseNumber(d.target);
    const baseline = d.baseline.trim() ? parseNumber(d.baseline) : 0;
    if (target !== null && baseline !== null && target < baseline) {
      hints.push({ field: "target", message: "The target is below the baseline: right for a goal to reduce something; check it if the goal is to increase." });
    }
  }
  if (parseDay(d.dueDate) && d.dueDate > today && daysBetween(today, d.dueDate) <= 7) {
    hints.push({ field: "dueDate", message: "Due within a week: little room for a goal. Is the date right, or is this an action item?" });
  }
  return hints;
}

/** For each SMART part: met or not, what is missing, and advice that does not block it. */
export function smartParts(d: GoalDraft, today: string): Record<SmartPart, { met: boolean; messages: string[]; hints: string[] }> {
  const out = Object.fromEntries(SMART_PARTS.map((p) => [p, { met: true, messages: [] as string[], hints: [] as string[] }])) as Record<
    SmartPart,
    { met: boolean; messages: string[]; hints: string[] }
  >;
  for (const issue of goalIssues(d, today)) {
    const part = PART_OF[issue.field];
    if (!part) continue;
    out[part].met = false;
    out[part].messages.push(issue.message);
  }
  for (const hint of goalHints(d, today)) {
    const part = PART_OF[hint.field];
    if (part) out[part].hints.push(hint.message);
  }
  return out;
}

/** A valid draft as the values to store. */
export function normalizeGoal(d: GoalDraft) {
  const numeric = d.measureKind === "numeric";
  return {
    title: d.title.trim(),
    specific: d.specific.trim(),
    measureKind: (numeric ? "numeric" : "done_condition") as MeasureKind,
    metric: numeric ? d.metric.trim() : null,
    baseline: numeric && d.baseline.trim() ? parseNumber(d.baseline) : null,
    target: numeric ? parseNumber(d.target) : null,
    unit: numeric && d.unit.trim() ? d.unit.trim() : null,
    doneCondition: numeric ? null : d.doneCondition.trim(),
    achievable: d.achievable.trim(),
    relevant: d.relevant.trim(),
    dueDate: d.dueDate,
  };
}
export type GoalParts = ReturnType<typeof normalizeGoal>;
