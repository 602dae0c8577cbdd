import { sql } from "drizzle-orm";
import { date, index, integer, jsonb, pgEnum, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations, reportingLines, users } from "./people";

export const cadence = pgEnum("cadence", ["weekly", "biweekly", "monthly"]);
export const meetingFormat = pgEnum("meeting_format", ["structured", "unstructured"]);
export const meetingStatus = pgEnum("meeting_status", ["scheduled", "in_progress", "completed", "cancelled"]);

export const series = pgTable(
  "series",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    reportingLineId: uuid("reporting_line_id")
      .notNull()
      .references(() => reportingLines.id),
    cadence: cadence("cadence").notNull(),
    // ISO weekday, 1 = Monday ... 7 = Sunday.
    weekday: smallint("weekday").notNull(),
    // Local wall-clock start, minutes after midnight in time_zone.
    startMinutes: smallint("start_minutes").notNull(),
    durationMinutes: smallint("duration_minutes").notNull(),
    timeZone: text("time_zone").notNull(),
    format: meetingFormat("format").notNull(),
    // The first meeting of the current cadence; a cadence change moves it to the next meeting.
    anchorAt: timestamp("anchor_at", { withTimezone: true }),
    // The template each new meeting's agenda starts from after the first: a built-in id
    // ("builtin:weekly_check_in") or one of the manager's own templates; null starts blank.
    agendaTemplate: text("agenda_template"),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("series_reporting_line_key").on(t.reportingLineId), index("series_created_by_idx").on(t.createdBy)],
);
export type Series = typeof series.$inferSelect;

export const meetings = pgTable(
  "meetings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    seriesId: uuid("series_id")
      .notNull()
      .references(() => series.id),
    scheduledAt: timestamp("scheduled_at", { withTimezone: true }).notNull(),
    durationMinutes: smallint("duration_minutes").notNull(),
    status: meetingStatus("status").notNull().default("scheduled"),
    // The cadence slot this meeting fills; differs from scheduled_at when it was moved.
    occurrenceAt: timestamp("occurrence_at", { withTimezone: true }),
    startedAt: timestamp("started_at", { withTimezone: true }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    completedBy: uuid("completed_by").references(() => users.id),
    // The last reopening (manager only, within 24 h of completion); the report sees it on the page and in the access log.
    reopenedAt: timestamp("reopened_at", { withTimezone: true }),
    reopenedBy: uuid("reopened_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("meetings_series_scheduled_idx").on(t.seriesId, t.scheduledAt),
    index("meetings_completed_by_idx").on(t.completedBy),
    index("meetings_reopened_by_idx").on(t.reopenedBy),
    index("meetings_series_status_idx").on(t.seriesId, t.status),
    // "The series' last completed meeting" (dashboard, series page) without reading its whole history.
    index("meetings_series_status_completed_idx").on(t.seriesId, t.status, t.completedAt),
  ],
);
export type Meeting = typeof meetings.$inferSelect;

// When each person last opened each meeting's page: "N new topics" counts only what came after.
export const meetingViews = pgTable(
  "meeting_views",
  {
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meetings.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.userId] }), index("meeting_views_user_idx").on(t.userId)],
);

/** What a cancel, a move or a leave changed, so that the person who did it can undo it for a while. */
export type ScheduleUndo = {
  /** Each meeting touched, as it was and as the change left it (ISO instants). */
  meetings: { id: string; seriesId: string; before: { status: string; scheduledAt: string }; after: { status: string; scheduledAt: string } }[];
  /** Meetings the change created (a leave's cancelled slots), removed again by an undo. */
  createdMeetingIds: string[];
  /** Carry-over: copies made in the next meeting, and the originals marked carried over. */
  carriedTopicIds: string[];
  carriedActionItemIds: string[];
  originalTopicIds: string[];
  coveringAssignmentIds: string[];
};
export const scheduleChangeKind = pgEnum("schedule_change_kind", ["cancel", "move", "leave"]);

// A leave is one of these rows too (kind "leave", person and range set): the team and series pages list it.
export const scheduleChanges = pgTable(
  "schedule_changes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id),
    kind: scheduleChangeKind("kind").notNull(),
    actorId: uuid("actor_id")
      .notNull()
      .references(() => users.id),
    personId: uuid("person_id").references(() => users.id),
    startsOn: date("starts_on"),
    endsOn: date("ends_on"),
    undo: jsonb("undo").$type<ScheduleUndo>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    undoneAt: timestamp("undone_at", { withTimezone: true }),
  },
  (t) => [
    index("schedule_changes_org_idx").on(t.orgId),
    index("schedule_changes_actor_idx").on(t.actorId, t.createdAt),
    index("schedule_changes_person_idx").on(t.personId),
  ],
);
export type ScheduleChange = typeof scheduleChanges.$inferSelect;

// The shared agenda: ProseMirror JSON only, never HTML. `version` detects stale saves.
export const agendaDocuments = pgTable(
  "agenda_documents",
  {
    meetingId: uuid("meeting_id")
      .primaryKey()
      .references(() => meetings.id),
    content: jsonb("content").notNull(),
    version: integer("version").notNull().default(1),
    // Plain text of `content`, kept by the app on every save, for full-text search.
    searchText: text("search_text").notNull().default(""),
    updatedBy: uuid("updated_by").references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("agenda_documents_updated_by_idx").on(t.updatedBy),
    index("agenda_documents_search_idx").using("gin", sql`to_tsvector('simple', ${t.searchText})`),
  ],
);
export type AgendaDocument = typeof agendaDocuments.$inferSelect;

export const templateKind = pgEnum("template_kind", ["first_meeting", "weekly_check_in", "career_conversation", "mentorship"]);

export const templates = pgTable(
  "templates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id),
    kind: templateKind("kind").notNull(),
    name: text("name").notNull(),
    content: jsonb("content").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("templates_owner_kind_idx").on(t.ownerId, t.kind)],
);
export type Template = typeof templates.$inferSelect;
