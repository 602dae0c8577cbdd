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
CREATE TABLE "identities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"issuer" text NOT NULL,
	"subject" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "first_signed_in_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "last_signed_in_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "invitation_id" uuid;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "recovery_id" uuid;--> statement-breakpoint
ALTER TABLE "account_recoveries" ADD CONSTRAINT "account_recoveries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identities" ADD CONSTRAINT "identities_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "account_recoveries_token_key" ON "account_recoveries" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "account_recoveries_user_idx" ON "account_recoveries" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "identities_issuer_subject_key" ON "identities" USING btree ("issuer","subject");--> statement-breakpoint
CREATE UNIQUE INDEX "identities_user_issuer_key" ON "identities" USING btree ("user_id","issuer");--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_invitation_id_invitations_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."invitations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_recovery_id_account_recoveries_id_fk" FOREIGN KEY ("recovery_id") REFERENCES "public"."account_recoveries"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_invitation_idx" ON "outbox" USING btree ("invitation_id");--> statement-breakpoint
CREATE INDEX "outbox_recovery_idx" ON "outbox" USING btree ("recovery_id");