CREATE TABLE `appointments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reference` text NOT NULL,
	`patient_id` integer NOT NULL,
	`slot_id` integer NOT NULL,
	`status` text DEFAULT 'booked' NOT NULL,
	`needs` text DEFAULT '{}' NOT NULL,
	`booked_by_user_id` integer,
	`booked_via` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`cancelled_at` integer,
	`cancellation_reason` text,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`slot_id`) REFERENCES `slots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`booked_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `appointments_reference_unique` ON `appointments` (`reference`);--> statement-breakpoint
CREATE UNIQUE INDEX `appointments_one_live_per_slot` ON `appointments` (`slot_id`) WHERE "appointments"."status" = 'booked';--> statement-breakpoint
CREATE INDEX `appointments_patient` ON `appointments` (`patient_id`,`status`);--> statement-breakpoint
CREATE TABLE `slots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`service_id` integer NOT NULL,
	`location_id` integer NOT NULL,
	`mode` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`blocked` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `slots_service_mode_start` ON `slots` (`service_id`,`mode`,`starts_at`);--> statement-breakpoint
CREATE INDEX `slots_location_start` ON `slots` (`location_id`,`starts_at`);--> statement-breakpoint
ALTER TABLE `services` ADD `cancellation_cutoff_minutes` integer DEFAULT 120 NOT NULL;