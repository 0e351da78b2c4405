CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text NOT NULL,
	"watch_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"stage" text NOT NULL,
	"bucket" text NOT NULL,
	"provider" text NOT NULL,
	"provider_event_id" text NOT NULL,
	"price_minor" integer,
	"currency" text,
	"origin" text NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	"idempotency_key" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"url" text,
	"payload" jsonb NOT NULL,
	"unchecked_criteria" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "provider_calls" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"key_label" text NOT NULL,
	"endpoint" text NOT NULL,
	"status" integer,
	"latency_ms" integer NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"is_counted" boolean NOT NULL,
	"error_kind" text,
	"rate_limit_available" integer,
	"rate_limit_reset_at" timestamp with time zone,
	"owner" text
);
--> statement-breakpoint
CREATE TABLE "provider_queries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider" text NOT NULL,
	"key" text NOT NULL,
	"query" jsonb NOT NULL,
	"kind" text NOT NULL,
	"watch_count" integer DEFAULT 0 NOT NULL,
	"fan_count" integer DEFAULT 0 NOT NULL,
	"check_class" text DEFAULT 'standard' NOT NULL,
	"calls_per_poll" integer DEFAULT 1 NOT NULL,
	"next_sale_at" timestamp with time zone,
	"next_event_at" timestamp with time zone,
	"last_moved_at" timestamp with time zone,
	"last_event_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"cadence_seconds" integer,
	"next_due_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_polled_at" timestamp with time zone,
	"last_source_at" timestamp with time zone,
	"last_result" text,
	"last_error" text,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"lease_owner" text,
	"lease_expires_at" timestamp with time zone,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "query_watches" (
	"query_id" uuid NOT NULL,
	"watch_id" uuid NOT NULL,
	CONSTRAINT "query_watches_query_id_watch_id_pk" PRIMARY KEY("query_id","watch_id")
);
--> statement-breakpoint
CREATE TABLE "quota_windows" (
	"provider" text NOT NULL,
	"key_label" text NOT NULL,
	"limit" integer NOT NULL,
	"used" integer DEFAULT 0 NOT NULL,
	"window_started_at" timestamp with time zone,
	"reset_at" timestamp with time zone,
	"reported_available" integer,
	"blocked_until" timestamp with time zone,
	"next_slot_at" timestamp with time zone,
	"in_flight_until" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quota_windows_provider_key_label_pk" PRIMARY KEY("provider","key_label")
);
--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "last_source_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "watches" ADD COLUMN "baselined_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_watch_id_watches_id_fk" FOREIGN KEY ("watch_id") REFERENCES "public"."watches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "query_watches" ADD CONSTRAINT "query_watches_query_id_provider_queries_id_fk" FOREIGN KEY ("query_id") REFERENCES "public"."provider_queries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "query_watches" ADD CONSTRAINT "query_watches_watch_id_watches_id_fk" FOREIGN KEY ("watch_id") REFERENCES "public"."watches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_idempotency_idx" ON "alerts" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "alerts_user_time_idx" ON "alerts" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "alerts_watch_event_idx" ON "alerts" USING btree ("watch_id","provider","provider_event_id");--> statement-breakpoint
CREATE INDEX "provider_calls_key_time_idx" ON "provider_calls" USING btree ("provider","key_label","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "provider_queries_key_idx" ON "provider_queries" USING btree ("provider","key");--> statement-breakpoint
CREATE INDEX "provider_queries_due_idx" ON "provider_queries" USING btree ("next_due_at");--> statement-breakpoint
CREATE INDEX "query_watches_watch_idx" ON "query_watches" USING btree ("watch_id");