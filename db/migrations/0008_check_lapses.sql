CREATE TABLE "watch_check_lapses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"watch_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"overdue_since" timestamp with time zone NOT NULL,
	"last_checked_at" timestamp with time zone,
	"reason" text NOT NULL,
	"alert_id" uuid,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "alerts" ALTER COLUMN "event_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "provider_queries" ADD COLUMN "promised_by" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "watch_check_lapses" ADD CONSTRAINT "watch_check_lapses_watch_id_watches_id_fk" FOREIGN KEY ("watch_id") REFERENCES "public"."watches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "watch_check_lapses" ADD CONSTRAINT "watch_check_lapses_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "watch_check_lapses" ADD CONSTRAINT "watch_check_lapses_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "watch_check_lapses_open_idx" ON "watch_check_lapses" USING btree ("watch_id") WHERE resolved_at is null;--> statement-breakpoint
CREATE INDEX "watch_check_lapses_opened_idx" ON "watch_check_lapses" USING btree ("opened_at");