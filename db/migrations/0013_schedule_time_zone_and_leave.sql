CREATE TYPE "public"."schedule_change_kind" AS ENUM('cancel', 'move', 'leave');--> statement-breakpoint
CREATE TABLE "schedule_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"kind" "schedule_change_kind" NOT NULL,
	"actor_id" uuid NOT NULL,
	"person_id" uuid,
	"starts_on" date,
	"ends_on" date,
	"undo" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"undone_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "time_zone" text;--> statement-breakpoint
ALTER TABLE "schedule_changes" ADD CONSTRAINT "schedule_changes_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_changes" ADD CONSTRAINT "schedule_changes_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_changes" ADD CONSTRAINT "schedule_changes_person_id_users_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "schedule_changes_org_idx" ON "schedule_changes" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "schedule_changes_actor_idx" ON "schedule_changes" USING btree ("actor_id","created_at");--> statement-breakpoint
CREATE INDEX "schedule_changes_person_idx" ON "schedule_changes" USING btree ("person_id");