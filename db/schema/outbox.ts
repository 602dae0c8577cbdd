import { index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations, users } from "./people";

export const MAIL_KINDS = [
  "invitation",
  "meeting_reminder",
  "topic_digest",
  "sharing_request",
  "sharing_decision",
  "excerpt_shared",
  "covering_assigned",
] as const;
export const mailKind = pgEnum("mail_kind", MAIL_KINDS);
export type MailKind = (typeof MAIL_KINDS)[number];

// Every mail the app sends is recorded here. Without SMTP each person reads their own rows in
// their inbox (recipient_id); admins see only kind, address, time and status, never subject or
// body. An invitation has no recipient_id: its addressee has no account yet.
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
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    failedAt: timestamp("failed_at", { withTimezone: true }),
  },
  (t) => [index("outbox_org_created_idx").on(t.orgId, t.createdAt), index("outbox_recipient_created_idx").on(t.recipientId, t.createdAt)],
);
export type OutboxMail = typeof outbox.$inferSelect;
