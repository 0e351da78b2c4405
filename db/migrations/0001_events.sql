CREATE TABLE "event_snapshots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"data" jsonb NOT NULL,
	"price_min_minor" integer,
	"currency" text,
	"observed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider" text NOT NULL,
	"provider_event_id" text NOT NULL,
	"name" text NOT NULL,
	"url" text,
	"status" text NOT NULL,
	"starts_at" timestamp with time zone,
	"local_date" date,
	"timezone" text,
	"venue_name" text,
	"city" text,
	"country_code" text,
	"latitude" double precision,
	"longitude" double precision,
	"segment" text,
	"genre" text,
	"price_min_minor" integer,
	"price_max_minor" integer,
	"currency" text,
	"public_sale_starts_at" timestamp with time zone,
	"attraction_ids" text[] NOT NULL,
	"data" jsonb NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"gone_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "event_snapshots" ADD CONSTRAINT "event_snapshots_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "event_snapshots_event_idx" ON "event_snapshots" USING btree ("event_id","observed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "events_provider_id_idx" ON "events" USING btree ("provider","provider_event_id");--> statement-breakpoint
CREATE INDEX "events_starts_at_idx" ON "events" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "events_country_idx" ON "events" USING btree ("country_code","starts_at");