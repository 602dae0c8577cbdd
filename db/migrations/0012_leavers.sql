ALTER TABLE "organizations" ADD COLUMN "note_retention_days" integer DEFAULT 90 NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "deactivated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_note_retention_days_range" CHECK ("organizations"."note_retention_days" between 1 and 3650);--> statement-breakpoint
-- People deactivated before this column existed: their notes' retention runs from today.
UPDATE "users" SET "deactivated_at" = now() WHERE "active" = false AND "deactivated_at" IS NULL;
