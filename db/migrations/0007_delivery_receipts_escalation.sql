ALTER TABLE "deliveries" ADD COLUMN "receipt" text;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "receipt_error_code" text;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "receipt_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "opened_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notification_settings" ADD COLUMN "delivery_mode" text DEFAULT 'instant' NOT NULL;--> statement-breakpoint
ALTER TABLE "notification_settings" ADD COLUMN "channels_off" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
CREATE INDEX "deliveries_sms_send_key_idx" ON "deliveries" USING btree ("send_key") WHERE channel = 'sms' and send_key is not null;