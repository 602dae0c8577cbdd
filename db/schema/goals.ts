import { date, index, integer, jsonb, numeric, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { meetings } from "./meetings";
import { reportingLines, users } from "./people";

export const goalStatus = pgEnum("goal_status", ["on_track", "at_risk", "off_track", "done", "dropped"]);
export const goalMeasureKind = pgEnum("goal_measure_kind", ["numeric", "done_condition"]);

/** A SMART goal of one reporting line. */
export const goals = pgTable(
  "goals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    reportingLineId: uuid("reporting_line_id")
      .notNull()
      .references(() => reportingLines.id),
    title: text("title").notNull(),
    specific: text("specific").notNull(),
    measureKind: goalMeasureKind("measure_kind").notNull(),
    metric: text("metric"),
    baseline: numeric("baseline"),
    target: numeric("target"),
    unit: text("unit"),
    doneCondition: text("done_condition"),
    achievable: text("achievable").notNull(),
    relevant: text("relevant").notNull(),
    dueDate: date("due_date").notNull(),
    status: goalStatus("status").notNull().default("on_track"),
    // null: follow the suggestion computed from progress; set: the person's own choice.
    statusOverride: goalStatus("status_override"),
    version: integer("version").notNull().default(1),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("goals_line_idx").on(t.reportingLineId, t.dueDate), index("goals_created_by_idx").on(t.createdBy)],
);
export type Goal = typeof goals.$inferSelect;

/** The SMART parts as they were before each change: who changed them and when. */
export const goalVersions = pgTable(
  "goal_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    goalId: uuid("goal_id")
      .notNull()
      .references(() => goals.id),
    version: integer("version").notNull(),
    previous: jsonb("previous").notNull(),
    changedBy: uuid("changed_by")
      .notNull()
      .references(() => users.id),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("goal_versions_goal_idx").on(t.goalId, t.version), index("goal_versions_changed_by_idx").on(t.changedBy)],
);

export const goalCheckIns = pgTable(
  "goal_check_ins",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    goalId: uuid("goal_id")
      .notNull()
      .references(() => goals.id),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    checkedOn: date("checked_on").notNull(),
    value: numeric("value"),
    percent: numeric("percent"),
    note: text("note").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("goal_check_ins_goal_idx").on(t.goalId, t.checkedOn), index("goal_check_ins_author_idx").on(t.authorId)],
);

/** "Reviewed together": one row per person per review, with its time. */
export const goalReviews = pgTable(
  "goal_reviews",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    goalId: uuid("goal_id")
      .notNull()
      .references(() => goals.id),
    meetingId: uuid("meeting_id").references(() => meetings.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("goal_reviews_goal_idx").on(t.goalId, t.reviewedAt),
    index("goal_reviews_meeting_idx").on(t.meetingId),
    index("goal_reviews_user_idx").on(t.userId),
  ],
);
