CREATE TYPE "public"."mail_kind" AS ENUM('invitation', 'meeting_reminder', 'topic_digest', 'sharing_request', 'sharing_decision', 'excerpt_shared', 'covering_assigned');--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "kind" "mail_kind";--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "recipient_id" uuid;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "failed_at" timestamp with time zone;--> statement-breakpoint
UPDATE "outbox" SET "kind" = CASE
  WHEN "subject" LIKE 'Reminder:%' THEN 'meeting_reminder'
  WHEN "subject" LIKE '% invited you to Between Us' THEN 'invitation'
  WHEN "subject" LIKE '% asks to share an excerpt%' THEN 'sharing_request'
  WHEN "subject" LIKE '% your sharing request' THEN 'sharing_decision'
  WHEN "subject" = 'An excerpt was shared with you' THEN 'excerpt_shared'
  ELSE 'topic_digest' END::"mail_kind";--> statement-breakpoint
UPDATE "outbox" o SET "recipient_id" = u."id" FROM "users" u
  WHERE o."kind" <> 'invitation' AND lower(u."email") = lower(o."to_address") AND u."org_id" = o."org_id";--> statement-breakpoint
-- Digests written before this migration quoted the topics' text: keep the record, drop the text.
UPDATE "outbox" SET "body" = 'New topics were added to the agenda of your one-on-one. Open Between Us to read them.' || chr(10)
  WHERE "kind" = 'topic_digest';--> statement-breakpoint
ALTER TABLE "outbox" ALTER COLUMN "kind" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_recipient_id_users_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_recipient_created_idx" ON "outbox" USING btree ("recipient_id","created_at");
