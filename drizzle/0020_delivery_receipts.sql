ALTER TABLE `outbox` ADD `delivery_status` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `delivery_status_at` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `delivery_checked_at` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `replaces_id` integer REFERENCES outbox(id);--> statement-breakpoint
ALTER TABLE `outbox` ADD `about` text;--> statement-breakpoint
CREATE INDEX `outbox_delivery` ON `outbox` (`status`,`delivery_status`,`channel`);--> statement-breakpoint
CREATE INDEX `outbox_replaces` ON `outbox` (`replaces_id`);