import { sql } from "drizzle-orm";
import { boolean, date, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { meetings, series } from "./meetings";
import { users } from "./people";

export const topicKind = pgEnum("topic_kind", ["strategic", "tactical"]);
export const topicCategory = pgEnum("topic_category", ["partner_teams", "productivity", "career_growth", "work_life_balance", "wellbeing", "other"]);
export const topicStatus = pgEnum("topic_status", ["open", "discussed", "carried_over"]);
export const pairRole = pgEnum("pair_role", ["manager", "report"]);

export const topics = pgTable(
  "topics",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meetings.id),
    seriesId: uuid("series_id")
      .notNull()
      .references(() => series.id),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    text: text("text").notNull(),
    kind: topicKind("kind").notNull().default("strategic"),
    category: topicCategory("category").notNull().default("other"),
    status: topicStatus("status").notNull().default("open"),
    position: integer("position").notNull().default(0),
    // Bumped by each edit of the text, kind or category: an edit made from an older version (another
    // tab) is refused instead of silently overwriting the newer one (lib/server/topics.ts editTopic).
    version: integer("version").notNull().default(1),
    // Exception 1 of the terms: the report may keep any topic out of team themes.
    keepOutOfThemes: boolean("keep_out_of_themes").notNull().default(false),
    carriedFromMeetingId: uuid("carried_from_meeting_id").references(() => meetings.id),
    carriedFromDate: timestamp("carried_from_date", { withTimezone: true }),
    discussedAt: timestamp("discussed_at", { withTimezone: true }),
    discussedBy: uuid("discussed_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("topics_meeting_position_idx").on(t.meetingId, t.position),
    index("topics_series_created_idx").on(t.seriesId, t.createdAt),
    index("topics_author_idx").on(t.authorId),
    index("topics_carried_from_idx").on(t.carriedFromMeetingId),
    index("topics_discussed_by_idx").on(t.discussedBy),
    index("topics_search_idx").using("gin", sql`to_tsvector('simple', ${t.text})`),
  ],
);
export type Topic = typeof topics.$inferSelect;

export const actionItems = pgTable(
  "action_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meetings.id),
    seriesId: uuid("series_id")
      .notNull()
      .references(() => series.id),
    text: text("text").notNull(),
    owner: pairRole("owner").notNull(),
    dueDate: date("due_date"),
    done: boolean("done").notNull().default(false),
    doneAt: timestamp("done_at", { withTimezone: true }),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    carriedFromMeetingId: uuid("carried_from_meeting_id").references(() => meetings.id),
    carriedFromDate: timestamp("carried_from_date", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("action_items_meeting_idx").on(t.meetingId),
    index("action_items_series_idx").on(t.seriesId),
    index("action_items_created_by_idx").on(t.createdBy),
    index("action_items_carried_from_idx").on(t.carriedFromMeetingId),
    index("action_items_search_idx").using("gin", sql`to_tsvector('simple', ${t.text})`),
  ],
);
export type ActionItem = typeof actionItems.$inferSelect;

/** What the first meeting settles; shown to the manager before every later meeting. */
export const workingAgreements = pgTable(
  "working_agreements",
  {
    seriesId: uuid("series_id")
      .primaryKey()
      .references(() => series.id),
    goalsAndExpectations: text("goals_and_expectations").notNull().default(""),
    feedbackPreferences: text("feedback_preferences").notNull().default(""),
    challenges: text("challenges").notNull().default(""),
    updatedBy: uuid("updated_by").references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("working_agreements_updated_by_idx").on(t.updatedBy)],
);

export const notificationKind = pgEnum("notification_kind", ["meeting_reminder", "topic_digest"]);

/** A row means the person turned that kind of mail off. */
export const notificationOptOuts = pgTable(
  "notification_opt_outs",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    kind: notificationKind("kind").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("notification_opt_outs_key").on(t.userId, t.kind)],
);

/** A private iCalendar feed of one series for one person; the URL carries the token. */
export const calendarFeeds = pgTable(
  "calendar_feeds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    seriesId: uuid("series_id")
      .notNull()
      .references(() => series.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    tokenHash: text("token_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("calendar_feeds_token_key").on(t.tokenHash),
    index("calendar_feeds_series_user_idx").on(t.seriesId, t.userId),
    index("calendar_feeds_user_idx").on(t.userId),
  ],
);
