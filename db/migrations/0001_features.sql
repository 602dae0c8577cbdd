CREATE TYPE "public"."notification_kind" AS ENUM('meeting_reminder', 'topic_digest');--> statement-breakpoint
CREATE TYPE "public"."pair_role" AS ENUM('manager', 'report');--> statement-breakpoint
CREATE TYPE "public"."topic_category" AS ENUM('partner_teams', 'productivity', 'career_growth', 'work_life_balance', 'wellbeing', 'other');--> statement-breakpoint
CREATE TYPE "public"."topic_kind" AS ENUM('strategic', 'tactical');--> statement-breakpoint
CREATE TYPE "public"."topic_status" AS ENUM('open', 'discussed', 'carried_over');--> statement-breakpoint
CREATE TYPE "public"."goal_measure_kind" AS ENUM('numeric', 'done_condition');--> statement-breakpoint
CREATE TYPE "public"."goal_status" AS ENUM('on_track', 'at_risk', 'off_track', 'done', 'dropped');--> statement-breakpoint
CREATE TYPE "public"."share_source" AS ENUM('private_note', 'topic');--> statement-breakpoint
CREATE TYPE "public"."share_status" AS ENUM('pending', 'approved', 'declined');--> statement-breakpoint
CREATE TABLE "action_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"series_id" uuid NOT NULL,
	"text" text NOT NULL,
	"owner" "pair_role" NOT NULL,
	"due_date" date,
	"done" boolean DEFAULT false NOT NULL,
	"done_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"carried_from_meeting_id" uuid,
	"carried_from_date" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_feeds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"series_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "notification_opt_outs" (
	"user_id" uuid NOT NULL,
	"kind" "notification_kind" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "topics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"series_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"text" text NOT NULL,
	"kind" "topic_kind" DEFAULT 'strategic' NOT NULL,
	"category" "topic_category" DEFAULT 'other' NOT NULL,
	"status" "topic_status" DEFAULT 'open' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"keep_out_of_themes" boolean DEFAULT false NOT NULL,
	"carried_from_meeting_id" uuid,
	"carried_from_date" timestamp with time zone,
	"discussed_at" timestamp with time zone,
	"discussed_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "working_agreements" (
	"series_id" uuid PRIMARY KEY NOT NULL,
	"goals_and_expectations" text DEFAULT '' NOT NULL,
	"feedback_preferences" text DEFAULT '' NOT NULL,
	"challenges" text DEFAULT '' NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "goal_check_ins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"goal_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"checked_on" date NOT NULL,
	"value" numeric,
	"percent" numeric,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "goal_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"goal_id" uuid NOT NULL,
	"meeting_id" uuid,
	"user_id" uuid NOT NULL,
	"reviewed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "goal_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"goal_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"previous" jsonb NOT NULL,
	"changed_by" uuid NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "goals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reporting_line_id" uuid NOT NULL,
	"title" text NOT NULL,
	"specific" text NOT NULL,
	"measure_kind" "goal_measure_kind" NOT NULL,
	"metric" text,
	"baseline" numeric,
	"target" numeric,
	"unit" text,
	"done_condition" text,
	"achievable" text NOT NULL,
	"relevant" text NOT NULL,
	"due_date" date NOT NULL,
	"status" "goal_status" DEFAULT 'on_track' NOT NULL,
	"status_override" "goal_status",
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "access_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"report_id" uuid NOT NULL,
	"actor_id" uuid,
	"action" text NOT NULL,
	"subject" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "covering_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"series_id" uuid NOT NULL,
	"covering_manager_id" uuid NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "handoff_grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"grantee_id" uuid NOT NULL,
	"granted_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "private_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"content" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "safety_escalations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"series_id" uuid NOT NULL,
	"report_id" uuid NOT NULL,
	"recorded_by" uuid NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "share_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"series_id" uuid NOT NULL,
	"requested_by" uuid NOT NULL,
	"report_id" uuid NOT NULL,
	"recipient_id" uuid NOT NULL,
	"source" "share_source" NOT NULL,
	"excerpt" text NOT NULL,
	"reason" text NOT NULL,
	"status" "share_status" DEFAULT 'pending' NOT NULL,
	"frozen_excerpt" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "terms_acknowledgements" (
	"terms_version_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"acknowledged_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "terms_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"series_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"body" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agenda_documents" ADD COLUMN "search_text" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "occurrence_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "completed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "completed_by" uuid;--> statement-breakpoint
ALTER TABLE "series" ADD COLUMN "anchor_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "action_items" ADD CONSTRAINT "action_items_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_items" ADD CONSTRAINT "action_items_series_id_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."series"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_items" ADD CONSTRAINT "action_items_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_items" ADD CONSTRAINT "action_items_carried_from_meeting_id_meetings_id_fk" FOREIGN KEY ("carried_from_meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_series_id_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."series"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_opt_outs" ADD CONSTRAINT "notification_opt_outs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topics" ADD CONSTRAINT "topics_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topics" ADD CONSTRAINT "topics_series_id_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."series"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topics" ADD CONSTRAINT "topics_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topics" ADD CONSTRAINT "topics_carried_from_meeting_id_meetings_id_fk" FOREIGN KEY ("carried_from_meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topics" ADD CONSTRAINT "topics_discussed_by_users_id_fk" FOREIGN KEY ("discussed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "working_agreements" ADD CONSTRAINT "working_agreements_series_id_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."series"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "working_agreements" ADD CONSTRAINT "working_agreements_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_check_ins" ADD CONSTRAINT "goal_check_ins_goal_id_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."goals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_check_ins" ADD CONSTRAINT "goal_check_ins_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_reviews" ADD CONSTRAINT "goal_reviews_goal_id_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."goals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_reviews" ADD CONSTRAINT "goal_reviews_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_reviews" ADD CONSTRAINT "goal_reviews_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_versions" ADD CONSTRAINT "goal_versions_goal_id_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."goals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_versions" ADD CONSTRAINT "goal_versions_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_reporting_line_id_reporting_lines_id_fk" FOREIGN KEY ("reporting_line_id") REFERENCES "public"."reporting_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_log" ADD CONSTRAINT "access_log_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_log" ADD CONSTRAINT "access_log_report_id_users_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_log" ADD CONSTRAINT "access_log_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "covering_assignments" ADD CONSTRAINT "covering_assignments_series_id_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."series"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "covering_assignments" ADD CONSTRAINT "covering_assignments_covering_manager_id_users_id_fk" FOREIGN KEY ("covering_manager_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "covering_assignments" ADD CONSTRAINT "covering_assignments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoff_grants" ADD CONSTRAINT "handoff_grants_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoff_grants" ADD CONSTRAINT "handoff_grants_grantee_id_users_id_fk" FOREIGN KEY ("grantee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoff_grants" ADD CONSTRAINT "handoff_grants_granted_by_users_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "private_notes" ADD CONSTRAINT "private_notes_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "private_notes" ADD CONSTRAINT "private_notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_escalations" ADD CONSTRAINT "safety_escalations_series_id_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."series"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_escalations" ADD CONSTRAINT "safety_escalations_report_id_users_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_escalations" ADD CONSTRAINT "safety_escalations_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_requests" ADD CONSTRAINT "share_requests_series_id_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."series"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_requests" ADD CONSTRAINT "share_requests_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_requests" ADD CONSTRAINT "share_requests_report_id_users_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_requests" ADD CONSTRAINT "share_requests_recipient_id_users_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "terms_acknowledgements" ADD CONSTRAINT "terms_acknowledgements_terms_version_id_terms_versions_id_fk" FOREIGN KEY ("terms_version_id") REFERENCES "public"."terms_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "terms_acknowledgements" ADD CONSTRAINT "terms_acknowledgements_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "terms_versions" ADD CONSTRAINT "terms_versions_series_id_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."series"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "terms_versions" ADD CONSTRAINT "terms_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "action_items_meeting_idx" ON "action_items" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "action_items_series_idx" ON "action_items" USING btree ("series_id");--> statement-breakpoint
CREATE INDEX "action_items_created_by_idx" ON "action_items" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "action_items_carried_from_idx" ON "action_items" USING btree ("carried_from_meeting_id");--> statement-breakpoint
CREATE INDEX "action_items_search_idx" ON "action_items" USING gin (to_tsvector('simple', "text"));--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_feeds_token_key" ON "calendar_feeds" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "calendar_feeds_series_user_idx" ON "calendar_feeds" USING btree ("series_id","user_id");--> statement-breakpoint
CREATE INDEX "calendar_feeds_user_idx" ON "calendar_feeds" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "notification_opt_outs_key" ON "notification_opt_outs" USING btree ("user_id","kind");--> statement-breakpoint
CREATE INDEX "topics_meeting_position_idx" ON "topics" USING btree ("meeting_id","position");--> statement-breakpoint
CREATE INDEX "topics_series_created_idx" ON "topics" USING btree ("series_id","created_at");--> statement-breakpoint
CREATE INDEX "topics_author_idx" ON "topics" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "topics_carried_from_idx" ON "topics" USING btree ("carried_from_meeting_id");--> statement-breakpoint
CREATE INDEX "topics_discussed_by_idx" ON "topics" USING btree ("discussed_by");--> statement-breakpoint
CREATE INDEX "topics_search_idx" ON "topics" USING gin (to_tsvector('simple', "text"));--> statement-breakpoint
CREATE INDEX "working_agreements_updated_by_idx" ON "working_agreements" USING btree ("updated_by");--> statement-breakpoint
CREATE INDEX "goal_check_ins_goal_idx" ON "goal_check_ins" USING btree ("goal_id","checked_on");--> statement-breakpoint
CREATE INDEX "goal_check_ins_author_idx" ON "goal_check_ins" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "goal_reviews_goal_idx" ON "goal_reviews" USING btree ("goal_id","reviewed_at");--> statement-breakpoint
CREATE INDEX "goal_reviews_meeting_idx" ON "goal_reviews" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "goal_reviews_user_idx" ON "goal_reviews" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "goal_versions_goal_idx" ON "goal_versions" USING btree ("goal_id","version");--> statement-breakpoint
CREATE INDEX "goal_versions_changed_by_idx" ON "goal_versions" USING btree ("changed_by");--> statement-breakpoint
CREATE INDEX "goals_line_idx" ON "goals" USING btree ("reporting_line_id","due_date");--> statement-breakpoint
CREATE INDEX "goals_created_by_idx" ON "goals" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "access_log_report_idx" ON "access_log" USING btree ("report_id","created_at");--> statement-breakpoint
CREATE INDEX "access_log_org_idx" ON "access_log" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "access_log_actor_idx" ON "access_log" USING btree ("actor_id");--> statement-breakpoint
CREATE INDEX "covering_assignments_series_idx" ON "covering_assignments" USING btree ("series_id","starts_on");--> statement-breakpoint
CREATE INDEX "covering_assignments_manager_idx" ON "covering_assignments" USING btree ("covering_manager_id");--> statement-breakpoint
CREATE INDEX "covering_assignments_created_by_idx" ON "covering_assignments" USING btree ("created_by");--> statement-breakpoint
CREATE UNIQUE INDEX "handoff_grants_key" ON "handoff_grants" USING btree ("meeting_id","grantee_id");--> statement-breakpoint
CREATE INDEX "handoff_grants_grantee_idx" ON "handoff_grants" USING btree ("grantee_id");--> statement-breakpoint
CREATE INDEX "handoff_grants_granted_by_idx" ON "handoff_grants" USING btree ("granted_by");--> statement-breakpoint
CREATE UNIQUE INDEX "private_notes_meeting_author_key" ON "private_notes" USING btree ("meeting_id","author_id");--> statement-breakpoint
CREATE INDEX "private_notes_author_idx" ON "private_notes" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "private_notes_search_idx" ON "private_notes" USING gin (to_tsvector('simple', "search_text"));--> statement-breakpoint
CREATE INDEX "safety_escalations_series_idx" ON "safety_escalations" USING btree ("series_id");--> statement-breakpoint
CREATE INDEX "safety_escalations_report_idx" ON "safety_escalations" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "safety_escalations_recorded_by_idx" ON "safety_escalations" USING btree ("recorded_by");--> statement-breakpoint
CREATE INDEX "share_requests_series_idx" ON "share_requests" USING btree ("series_id");--> statement-breakpoint
CREATE INDEX "share_requests_report_idx" ON "share_requests" USING btree ("report_id","created_at");--> statement-breakpoint
CREATE INDEX "share_requests_recipient_idx" ON "share_requests" USING btree ("recipient_id","status");--> statement-breakpoint
CREATE INDEX "share_requests_requested_by_idx" ON "share_requests" USING btree ("requested_by");--> statement-breakpoint
CREATE UNIQUE INDEX "terms_acknowledgements_key" ON "terms_acknowledgements" USING btree ("terms_version_id","user_id");--> statement-breakpoint
CREATE INDEX "terms_acknowledgements_user_idx" ON "terms_acknowledgements" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "terms_versions_series_version_key" ON "terms_versions" USING btree ("series_id","version");--> statement-breakpoint
CREATE INDEX "terms_versions_created_by_idx" ON "terms_versions" USING btree ("created_by");--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_completed_by_users_id_fk" FOREIGN KEY ("completed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agenda_documents_search_idx" ON "agenda_documents" USING gin (to_tsvector('simple', "search_text"));--> statement-breakpoint
CREATE INDEX "meetings_completed_by_idx" ON "meetings" USING btree ("completed_by");--> statement-breakpoint
CREATE INDEX "meetings_series_status_idx" ON "meetings" USING btree ("series_id","status");--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_theme_threshold_min" CHECK ("organizations"."theme_threshold" >= 3);--> statement-breakpoint
-- Safety escalations are a permanent record: no update, no delete, whoever asks.
CREATE FUNCTION refuse_safety_escalation_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'safety escalations cannot be changed or deleted' USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER safety_escalations_immutable BEFORE UPDATE OR DELETE ON "safety_escalations"
  FOR EACH ROW EXECUTE FUNCTION refuse_safety_escalation_change();
--> statement-breakpoint
CREATE TRIGGER safety_escalations_no_truncate BEFORE TRUNCATE ON "safety_escalations"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_safety_escalation_change();
