ALTER TABLE "collab_documents" ADD COLUMN "quarantined_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "collab_documents" ADD COLUMN "quarantine_reason" text;