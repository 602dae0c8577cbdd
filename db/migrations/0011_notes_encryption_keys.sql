CREATE TABLE "encryption_keys" (
	"purpose" text PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"kek_id" text NOT NULL,
	"wrapped_key" "bytea" NOT NULL,
	"check_value" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rotated_at" timestamp with time zone
);
--> statement-breakpoint
DROP INDEX "private_notes_search_idx";