import { date, integer, pgTable, primaryKey, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./people";
import { topicCategory } from "./topics";

/**
 * Team themes, frozen one closed week at a time (lib/server/theme-weeks.ts): a row says this
 * org's week was counted, once, at `frozen_at`, and its counts below never change afterwards.
 */
export const themeWeeks = pgTable(
  "theme_weeks",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id),
    weekStart: date("week_start").notNull(),
    frozenAt: timestamp("frozen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.weekStart] })],
);

/**
 * How many countable topics one reporting line's report wrote in one category in one frozen week,
 * with the line's facts as they were then. No foreign keys to the line or the people: a frozen
 * count outlives whatever later happens to them (an ended line, an erased person).
 */
export const themeWeekCounts = pgTable(
  "theme_week_counts",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id),
    weekStart: date("week_start").notNull(),
    lineId: uuid("line_id").notNull(),
    managerId: uuid("manager_id").notNull(),
    reportId: uuid("report_id").notNull(),
    lineFrom: date("line_from").notNull(),
    lineCreatedAt: timestamp("line_created_at", { withTimezone: true }).notNull(),
    category: topicCategory("category").notNull(),
    topics: integer("topics").notNull(),
  },
  (t) => [uniqueIndex("theme_week_counts_key").on(t.orgId, t.weekStart, t.lineId, t.category)],
);
