CREATE TABLE `account_confirmations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`identifier` text NOT NULL,
	`password_hash` text NOT NULL,
	`language` text,
	`code_hash` blob,
	`browser_hash` blob NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer
);
--> statement-breakpoint
CREATE INDEX `account_confirmations_identifier` ON `account_confirmations` (`identifier`);--> statement-breakpoint
CREATE TABLE `record_link_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`patient_id` integer NOT NULL,
	`channel` text NOT NULL,
	`code_hash` blob NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `record_link_codes_user_id` ON `record_link_codes` (`user_id`);--> statement-breakpoint
CREATE TABLE `record_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`patient_id` integer NOT NULL,
	`method` text NOT NULL,
	`linked_by_user_id` integer,
	`checks` text,
	`organisation_id` integer,
	`identity_level` text,
	`at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`linked_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `record_links_patient` ON `record_links` (`patient_id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text,
	`mobile` text,
	`password_hash` text,
	`nhs_login_sub` text,
	`role` text DEFAULT 'patient' NOT NULL,
	`patient_id` integer,
	`organisation_id` integer,
	`language` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "users_sign_in_identifier" CHECK("__new_users"."email" IS NOT NULL OR "__new_users"."mobile" IS NOT NULL OR "__new_users"."nhs_login_sub" IS NOT NULL),
	CONSTRAINT "users_sign_in_secret" CHECK("__new_users"."password_hash" IS NOT NULL OR "__new_users"."nhs_login_sub" IS NOT NULL)
);
--> statement-breakpoint
INSERT INTO `__new_users`("id", "email", "mobile", "password_hash", "role", "patient_id", "organisation_id", "language", "created_at") SELECT "id", "email", "mobile", "password_hash", "role", "patient_id", "organisation_id", "language", "created_at" FROM `users`;--> statement-breakpoint
DROP TABLE `users`;--> statement-breakpoint
ALTER TABLE `__new_users` RENAME TO `users`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_mobile_unique` ON `users` (`mobile`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_nhs_login_sub_unique` ON `users` (`nhs_login_sub`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_patient_id_unique` ON `users` (`patient_id`);--> statement-breakpoint
CREATE TABLE `__new_contact_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reference` text NOT NULL,
	`patient_id` integer,
	`stated_identity` text,
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
INSERT INTO `__new_contact_requests`("id", "reference", "patient_id", "service_id", "topic", "details", "details_language", "place", "travel_reason", "hub_location_id", "days", "day_parts", "reach_by", "needs", "status", "assigned_to_user_id", "appointment_id", "close_reason", "made_by_user_id", "made_via", "send_token", "created_at", "due_by") SELECT "id", "reference", "patient_id", "service_id", "topic", "details", "details_language", "place", "travel_reason", "hub_location_id", "days", "day_parts", "reach_by", "needs", "status", "assigned_to_user_id", "appointment_id", "close_reason", "made_by_user_id", "made_via", "send_token", "created_at", "due_by" FROM `contact_requests`;--> statement-breakpoint
DROP TABLE `contact_requests`;--> statement-breakpoint
ALTER TABLE `__new_contact_requests` RENAME TO `contact_requests`;--> statement-breakpoint
CREATE UNIQUE INDEX `contact_requests_reference_unique` ON `contact_requests` (`reference`);--> statement-breakpoint
CREATE UNIQUE INDEX `contact_requests_send_token_unique` ON `contact_requests` (`send_token`);--> statement-breakpoint
CREATE INDEX `contact_requests_queue` ON `contact_requests` (`service_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `contact_requests_patient` ON `contact_requests` (`patient_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `sessions` ADD `identity_level` text;--> statement-breakpoint
ALTER TABLE `patients` ADD `mobile` text;--> statement-breakpoint
ALTER TABLE `patients` ADD `email` text;