CREATE TYPE "public"."access_kind" AS ENUM('read', 'covering', 'excerpt', 'escalation', 'export', 'themes', 'handoff', 'reopened');--> statement-breakpoint
ALTER TABLE "access_log" ADD COLUMN "kind" "access_kind" DEFAULT 'read' NOT NULL;--> statement-breakpoint
ALTER TABLE "access_log" ADD COLUMN "day" date;--> statement-breakpoint
ALTER TABLE "access_log" ADD COLUMN "times" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE INDEX "access_log_report_kind_idx" ON "access_log" USING btree ("report_id","kind","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "access_log_daily_key" ON "access_log" USING btree ("report_id","actor_id","kind","day");--> statement-breakpoint
UPDATE "access_log" SET "kind" = 'covering' WHERE "action" IN ('named a covering manager', 'ended a covering assignment', 'opened a meeting (covering)', 'opened the series (covering)');--> statement-breakpoint
UPDATE "access_log" SET "kind" = 'excerpt' WHERE "action" IN ('asked to share an excerpt', 'approved sharing an excerpt', 'declined sharing an excerpt', 'read a shared excerpt');--> statement-breakpoint
UPDATE "access_log" SET "kind" = 'escalation' WHERE "action" = 'recorded a safety escalation';--> statement-breakpoint
UPDATE "access_log" SET "kind" = 'export' WHERE "action" = 'exported your one-on-one record';--> statement-breakpoint
UPDATE "access_log" SET "kind" = 'handoff' WHERE "action" IN ('let your new manager read a past agenda', 'read a handed-over agenda');--> statement-breakpoint
UPDATE "access_log" SET "kind" = 'themes' WHERE "action" = 'counted your topics'' categories in team themes';
