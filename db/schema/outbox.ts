import { index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { accountRecoveries, invitations, organizations, users } from "./people";

export const MAIL_KINDS = [
  "invitation",
  "meeting_reminder",
  "topic_digest",
  "sharing_request",
  "sharing_decision",
  "excerpt_shared",
  "covering_assigned",
  "account_recovery",
  "account_recovered",
  "identity_linked",
] as const;
export const mailKind = pgEnum("mail_kind", MAIL_KINDS);
export type MailKind = (typeof MAIL_KINDS)[number];

// Every mail the app sends is recorded here. Without SMTP each person reads their own rows in
// their inbox (recipient_id); admins see only kind, address, time and status, never subject or
// body. An invitation has no recipient_id: its addressee has no account yet (a later invitation
// into a never-used account names it). A mail that carries an invitation or recovery link holds
// no live token: its body keeps a placeholder, and delivery mints a fresh token for the row named
// by invitation_id / recovery_id and puts the link into the SMTP message only (lib/server/mail-links.ts).
export const outbox = pgTable(
  "outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id").references(() => organizations.id),
    kind: mailKind("kind").notNull(),
    recipientId: uuid("recipient_id").references(() => users.id),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    transport: text("transport").notNull(),
    invitationId: uuid("invitation_id").references(() => invitations.id, { onDelete: "set null" }),
    recoveryId: uuid("recovery_id").references(() => accountRecoveries.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    failedAt: timestamp("failed_at", { withTimezone: true }),
  },
  (t) => [
    index("outbox_org_created_idx").on(t.orgId, t.createdAt),
    index("outbox_recipient_created_idx").on(t.recipientId, t.createdAt),
    index("outbox_invitation_idx").on(t.invitationId),
    index("outbox_recovery_idx").on(t.recoveryId),
  ],
);
export type OutboxMail = typeof outbox.$inferSelect;
