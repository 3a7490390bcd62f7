ALTER TABLE `patients` ADD `reach_by` text;--> statement-breakpoint
ALTER TABLE `patients` ADD `address` text;--> statement-breakpoint
ALTER TABLE `patients` ADD `registered_by_user_id` integer;--> statement-breakpoint
ALTER TABLE `proxy_relationships` ADD `set_up` text DEFAULT 'invited' NOT NULL;--> statement-breakpoint
ALTER TABLE `proxy_relationships` ADD `checks` text;--> statement-breakpoint
ALTER TABLE `proxy_relationships` ADD `reason` text;--> statement-breakpoint
ALTER TABLE `proxy_relationships` ADD `review_on` text;--> statement-breakpoint
ALTER TABLE `proxy_relationships` ADD `renewal_note` text;--> statement-breakpoint
ALTER TABLE `proxy_relationships` ADD `renewed_at` integer;--> statement-breakpoint
ALTER TABLE `assisted_sessions` ADD `copy_sent_by` text;