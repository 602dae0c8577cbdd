ALTER TABLE "organizations" ADD COLUMN "support_text" text;--> statement-breakpoint
ALTER TABLE "series" ADD COLUMN "agenda_template" text;--> statement-breakpoint
-- A placeholder support link (the old demo's) must not reach reports: cleared, for an admin to set.
UPDATE "organizations" SET "support_url" = NULL WHERE "support_url" ~* '^https?://([^/]*\.)?example\.(com|org|net)(/|$)';
