import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

export const orgRole = pgEnum("org_role", ["admin", "member"]);

export const organizations = pgTable(
  "organizations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    // The employee-assistance resources the first-meeting agenda points to (set by an admin).
    supportUrl: text("support_url"),
    supportText: text("support_text"),
    // Team themes show a category only where at least this many reports contribute (never below 3).
    themeThreshold: integer("theme_threshold").notNull().default(5),
    isDemo: boolean("is_demo").notNull().default(false),
    // Days a deactivated person's private notes are kept before the retention sweep deletes them.
    noteRetentionDays: integer("note_retention_days").notNull().default(90),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("organizations_theme_threshold_min", sql`${t.themeThreshold} >= 3`),
    check("organizations_note_retention_days_range", sql`${t.noteRetentionDays} between 1 and 3650`),
  ],
);
export type Organization = typeof organizations.$inferSelect;

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash"),
    orgRole: orgRole("org_role").notNull().default("member"),
    active: boolean("active").notNull().default(true),
    // Bumped to end every session of this user at once (sign out everywhere, role change).
    sessionVersion: integer("session_version").notNull().default(0),
    // When an admin deactivated this person (null while active): their private notes' retention runs from here.
    deactivatedAt: timestamp("deactivated_at", { withTimezone: true }),
    // When an erasure request removed this person's personal data (docs/ERASURE.md); never undone.
    erasedAt: timestamp("erased_at", { withTimezone: true }),
    // The person's own IANA time zone: times are shown in it and bulk start suggests it. Null until chosen (the browser's guess is offered).
    timeZone: text("time_zone"),
    // Set at each sign-in (password, OpenID Connect): an account that has signed in once is "used"
    // (lib/server/account-use.ts) and no admin can give it a credential again.
    firstSignedInAt: timestamp("first_signed_in_at", { withTimezone: true }),
    lastSignedInAt: timestamp("last_signed_in_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_email_key").on(sql`lower(${t.email})`),
    index("users_org_idx").on(t.orgId),
    // People pickers list the first names of an organization without sorting all of it.
    index("users_org_name_idx").on(t.orgId, t.name),
  ],
);
export type User = typeof users.$inferSelect;

export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id),
    email: text("email").notNull(),
    name: text("name").notNull(),
    orgRole: orgRole("org_role").notNull().default("member"),
    tokenHash: text("token_hash").notNull(),
    invitedBy: uuid("invited_by")
      .notNull()
      .references(() => users.id),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("invitations_token_key").on(t.tokenHash), index("invitations_org_idx").on(t.orgId), index("invitations_invited_by_idx").on(t.invitedBy)],
);
export type Invitation = typeof invitations.$inferSelect;

/**
 * An OpenID Connect identity linked to an account, once, at its first sign-in (a verified email
 * from the provider's configured issuer). Afterwards sign-in matches on issuer + subject only.
 */
export const identities = pgTable(
  "identities",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    issuer: text("issuer").notNull(),
    subject: text("subject").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("identities_issuer_subject_key").on(t.issuer, t.subject),
    // One identity per issuer and account: another subject with the same address is refused.
    uniqueIndex("identities_user_issuer_key").on(t.userId, t.issuer),
  ],
);
export type Identity = typeof identities.$inferSelect;

export const recoveryVia = pgEnum("recovery_via", ["operator", "mail"]);

/**
 * A one-time link that lets the person set a new password: made by the operator on the server's
 * shell (npm run account:recover) or mailed to the person's own address. Token kept as a hash only.
 */
export const accountRecoveries = pgTable(
  "account_recoveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    via: recoveryVia("via").notNull(),
    tokenHash: text("token_hash").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("account_recoveries_token_key").on(t.tokenHash), index("account_recoveries_user_idx").on(t.userId, t.createdAt)],
);
export type AccountRecovery = typeof accountRecoveries.$inferSelect;
export const adminGrantVia = pgEnum("admin_grant_via", ["setup", "invitation", "import", "role_change", "unknown"]);

/**
 * Who made each admin, how and when (the People and Privacy pages list them): written by every
 * path that creates or promotes an admin, never changed. `granted_by_name` is the maker's name at
 * the time, so erasing or renaming the maker leaves the record saying who it was. Null maker: the
 * seed or the operator's setup, or "unknown" for admins from before this record was kept.
 */
export const adminGrants = pgTable(
  "admin_grants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    grantedBy: uuid("granted_by").references(() => users.id),
    grantedByName: text("granted_by_name"),
    via: adminGrantVia("via").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("admin_grants_org_idx").on(t.orgId),
    index("admin_grants_user_idx").on(t.userId, t.createdAt),
    index("admin_grants_granted_by_idx").on(t.grantedBy),
  ],
);
export type AdminGrant = typeof adminGrants.$inferSelect;

export const reportingLines = pgTable(
  "reporting_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id),
    managerId: uuid("manager_id")
      .notNull()
      .references(() => users.id),
    reportId: uuid("report_id")
      .notNull()
      .references(() => users.id),
    activeFrom: date("active_from").notNull(),
    // Exclusive end: the line holds before this day; null while it is current.
    activeTo: date("active_to"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("reporting_lines_org_idx").on(t.orgId),
    index("reporting_lines_manager_idx").on(t.managerId),
    index("reporting_lines_report_idx").on(t.reportId),
    // A report has at most one current manager.
    uniqueIndex("reporting_lines_one_current_key")
      .on(t.reportId)
      .where(sql`${t.activeTo} is null`),
  ],
);
export type ReportingLine = typeof reportingLines.$inferSelect;
