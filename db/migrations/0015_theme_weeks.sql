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
ALTER TABLE "theme_week_counts" ADD CONSTRAINT "theme_week_counts_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "theme_weeks" ADD CONSTRAINT "theme_weeks_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "theme_week_counts_key" ON "theme_week_counts" USING btree ("org_id","week_start","line_id","category");