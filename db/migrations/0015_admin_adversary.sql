CREATE TYPE "public"."admin_grant_via" AS ENUM('setup', 'invitation', 'import', 'role_change', 'unknown');--> statement-breakpoint
CREATE TYPE "public"."recovery_via" AS ENUM('operator', 'mail');--> statement-breakpoint
ALTER TYPE "public"."mail_kind" ADD VALUE 'account_recovery';--> statement-breakpoint
ALTER TYPE "public"."mail_kind" ADD VALUE 'account_recovered';--> statement-breakpoint
ALTER TYPE "public"."mail_kind" ADD VALUE 'identity_linked';--> statement-breakpoint
ALTER TYPE "public"."access_kind" ADD VALUE 'recovery';--> statement-breakpoint
CREATE TABLE "account_recoveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"via" "recovery_via" NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "admin_grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"granted_by" uuid,
	"granted_by_name" text,
	"via" "admin_grant_via" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"issuer" text NOT NULL,
	"subject" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "theme_week_counts" (
	"org_id" uuid NOT NULL,
	"week_start" date NOT NULL,
	"line_id" uuid NOT NULL,
	"manager_id" uuid NOT NULL,
	"report_id" uuid NOT NULL,
	"line_from" date NOT NULL,
	"line_created_at" timestamp with time zone NOT NULL,
	"category" "topic_category" NOT NULL,
	"topics" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "theme_weeks" (
	"org_id" uuid NOT NULL,
	"week_start" date NOT NULL,
	"frozen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "theme_weeks_org_id_week_start_pk" PRIMARY KEY("org_id","week_start")
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "first_signed_in_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "last_signed_in_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "invitation_id" uuid;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "recovery_id" uuid;--> statement-breakpoint
ALTER TABLE "access_log" ADD COLUMN "actor_name" text;--> statement-breakpoint
ALTER TABLE "account_recoveries" ADD CONSTRAINT "account_recoveries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin_grants" ADD CONSTRAINT "admin_grants_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin_grants" ADD CONSTRAINT "admin_grants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin_grants" ADD CONSTRAINT "admin_grants_granted_by_users_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identities" ADD CONSTRAINT "identities_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "theme_week_counts" ADD CONSTRAINT "theme_week_counts_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "theme_weeks" ADD CONSTRAINT "theme_weeks_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "account_recoveries_token_key" ON "account_recoveries" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "account_recoveries_user_idx" ON "account_recoveries" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "admin_grants_org_idx" ON "admin_grants" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "admin_grants_user_idx" ON "admin_grants" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "admin_grants_granted_by_idx" ON "admin_grants" USING btree ("granted_by");--> statement-breakpoint
CREATE UNIQUE INDEX "identities_issuer_subject_key" ON "identities" USING btree ("issuer","subject");--> statement-breakpoint
CREATE UNIQUE INDEX "identities_user_issuer_key" ON "identities" USING btree ("user_id","issuer");--> statement-breakpoint
CREATE UNIQUE INDEX "theme_week_counts_key" ON "theme_week_counts" USING btree ("org_id","week_start","line_id","category");--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_invitation_id_invitations_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."invitations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_recovery_id_account_recoveries_id_fk" FOREIGN KEY ("recovery_id") REFERENCES "public"."account_recoveries"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_invitation_idx" ON "outbox" USING btree ("invitation_id");--> statement-breakpoint
CREATE INDEX "outbox_recovery_idx" ON "outbox" USING btree ("recovery_id");