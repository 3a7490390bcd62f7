CREATE TABLE `contact_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reference` text NOT NULL,
	`patient_id` integer NOT NULL,
	`service_id` integer NOT NULL,
	`topic` text NOT NULL,
	`details` text NOT NULL,
	`details_language` text NOT NULL,
	`place` text NOT NULL,
	`travel_reason` text,
	`hub_location_id` integer,
	`days` text NOT NULL,
	`day_parts` text NOT NULL,
	`reach_by` text NOT NULL,
	`needs` text NOT NULL,
	`status` text DEFAULT 'received' NOT NULL,
	`assigned_to_user_id` integer,
	`appointment_id` integer,
	`close_reason` text,
	`made_by_user_id` integer NOT NULL,
	`made_via` text NOT NULL,
	`send_token` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`due_by` integer NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`hub_location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assigned_to_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`made_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contact_requests_reference_unique` ON `contact_requests` (`reference`);--> statement-breakpoint
CREATE UNIQUE INDEX `contact_requests_send_token_unique` ON `contact_requests` (`send_token`);--> statement-breakpoint
CREATE INDEX `contact_requests_queue` ON `contact_requests` (`service_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `contact_requests_patient` ON `contact_requests` (`patient_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `request_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` integer NOT NULL,
	`kind` text NOT NULL,
	`at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`actor_user_id` integer,
	`via` text NOT NULL,
	`body` text,
	`body_language` text,
	FOREIGN KEY (`request_id`) REFERENCES `contact_requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `request_events_request` ON `request_events` (`request_id`,`at`);--> statement-breakpoint
ALTER TABLE `locations` ADD `community_hub` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `services` ADD `response_target_working_days` integer DEFAULT 2 NOT NULL;--> statement-breakpoint
-- A request's timeline is what was said and done: it is added to, never rewritten.
CREATE TRIGGER `request_events_no_update` BEFORE UPDATE ON `request_events`
BEGIN
	SELECT RAISE(ABORT, 'request_events is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `request_events_no_delete` BEFORE DELETE ON `request_events`
BEGIN
	SELECT RAISE(ABORT, 'request_events is append-only');
END;
