import { date, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { ACCESS_KINDS } from "../../lib/confidentiality/access-kinds";
import { meetings, series } from "./meetings";
import { organizations, users } from "./people";

/**
 * A private note: one per author per meeting, readable and writable by its author alone.
 * `content` holds the note sealed under the notes data key ({ enc }, lib/crypto/notes-cipher.ts)
 * and `search_text` stays empty: no SQL reads note text, so none is kept in the clear.
 */
export const privateNotes = pgTable(
  "private_notes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meetings.id),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    content: jsonb("content").notNull(),
    version: integer("version").notNull().default(1),
    searchText: text("search_text").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("private_notes_meeting_author_key").on(t.meetingId, t.authorId), index("private_notes_author_idx").on(t.authorId)],
);

/** The confidentiality terms of a series, versioned; the newest version is in force. */
export const termsVersions = pgTable(
  "terms_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    seriesId: uuid("series_id")
      .notNull()
      .references(() => series.id),
    version: integer("version").notNull(),
    body: text("body").notNull(),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("terms_versions_series_version_key").on(t.seriesId, t.version), index("terms_versions_created_by_idx").on(t.createdBy)],
);

export const termsAcknowledgements = pgTable(
  "terms_acknowledgements",
  {
    termsVersionId: uuid("terms_version_id")
      .notNull()
      .references(() => termsVersions.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("terms_acknowledgements_key").on(t.termsVersionId, t.userId), index("terms_acknowledgements_user_idx").on(t.userId)],
);

export const shareStatus = pgEnum("share_status", ["pending", "approved", "declined"]);
export const shareSource = pgEnum("share_source", ["private_note", "topic"]);

/** Exception 2: an excerpt the manager asks to share with one named person. */
export const shareRequests = pgTable(
  "share_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    seriesId: uuid("series_id")
      .notNull()
      .references(() => series.id),
    requestedBy: uuid("requested_by")
      .notNull()
      .references(() => users.id),
    reportId: uuid("report_id")
      .notNull()
      .references(() => users.id),
    recipientId: uuid("recipient_id")
      .notNull()
      .references(() => users.id),
    source: shareSource("source").notNull(),
    excerpt: text("excerpt").notNull(),
    reason: text("reason").notNull(),
    status: shareStatus("status").notNull().default("pending"),
    // The text as approved; never changed afterwards.
    frozenExcerpt: text("frozen_excerpt"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("share_requests_series_idx").on(t.seriesId),
    index("share_requests_report_idx").on(t.reportId, t.createdAt),
    index("share_requests_recipient_idx").on(t.recipientId, t.status),
    index("share_requests_requested_by_idx").on(t.requestedBy),
  ],
);

/** Exception 3: a recorded safety escalation. The database refuses updates and deletes. */
export const safetyEscalations = pgTable(
  "safety_escalations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    seriesId: uuid("series_id")
      .notNull()
      .references(() => series.id),
    reportId: uuid("report_id")
      .notNull()
      .references(() => users.id),
    recordedBy: uuid("recorded_by")
      .notNull()
      .references(() => users.id),
    reason: text("reason").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("safety_escalations_series_idx").on(t.seriesId),
    index("safety_escalations_report_idx").on(t.reportId),
    index("safety_escalations_recorded_by_idx").on(t.recordedBy),
  ],
);

/**
 * What an access-log entry records. covering, excerpt, escalation and an export by someone else
 * are "important": listed apart and never pushed out of sight by volume.
 */
export const accessKind = pgEnum("access_kind", ACCESS_KINDS);

/** The report's access log: reads by others, exports and uses of an exception. */
export const accessLog = pgTable(
  "access_log",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id),
    reportId: uuid("report_id")
      .notNull()
      .references(() => users.id),
    actorId: uuid("actor_id").references(() => users.id),
    // The reader's name as it was when the entry was written: erasing or renaming the account later
    // never changes who the report's log says it was (lib/server/access-log.ts writes it).
    actorName: text("actor_name"),
    kind: accessKind("kind").notNull().default("read"),
    action: text("action").notNull(),
    subject: text("subject").notNull(),
    // Aggregated entries (team themes) carry their UTC day: one row per report, viewer, kind and day.
    day: date("day"),
    times: integer("times").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("access_log_report_idx").on(t.reportId, t.createdAt),
    index("access_log_report_kind_idx").on(t.reportId, t.kind, t.createdAt),
    // Rows without a day never collide (NULLs are distinct): only aggregated entries are merged.
    uniqueIndex("access_log_daily_key").on(t.reportId, t.actorId, t.kind, t.day),
    index("access_log_org_idx").on(t.orgId),
    index("access_log_actor_idx").on(t.actorId),
  ],
);

/** A colleague covering for the manager during a date range (inclusive). */
export const coveringAssignments = pgTable(
  "covering_assignments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    seriesId: uuid("series_id")
      .notNull()
      .references(() => series.id),
    coveringManagerId: uuid("covering_manager_id")
      .notNull()
      .references(() => users.id),
    startsOn: date("starts_on").notNull(),
    endsOn: date("ends_on").notNull(),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("covering_assignments_series_idx").on(t.seriesId, t.startsOn),
    index("covering_assignments_manager_idx").on(t.coveringManagerId),
    index("covering_assignments_created_by_idx").on(t.createdBy),
  ],
);

/** Handoff: past meetings whose shared agenda the report lets a new manager read. */
export const handoffGrants = pgTable(
  "handoff_grants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meetings.id),
    granteeId: uuid("grantee_id")
      .notNull()
      .references(() => users.id),
    grantedBy: uuid("granted_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("handoff_grants_key").on(t.meetingId, t.granteeId),
    index("handoff_grants_grantee_idx").on(t.granteeId),
    index("handoff_grants_granted_by_idx").on(t.grantedBy),
  ],
);
