CREATE TABLE `received_texts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`notify_id` text NOT NULL,
	`phone` text NOT NULL,
	`received_at` integer NOT NULL,
	`processed_at` integer NOT NULL,
	`question_id` integer,
	`outcome` text NOT NULL,
	`body` text,
	FOREIGN KEY (`question_id`) REFERENCES `text_questions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `received_texts_notify_id_unique` ON `received_texts` (`notify_id`);--> statement-breakpoint
CREATE INDEX `received_texts_question` ON `received_texts` (`question_id`);--> statement-breakpoint
CREATE TABLE `text_opt_outs` (
	`phone` text PRIMARY KEY NOT NULL,
	`at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `text_polling` (
	`id` integer PRIMARY KEY NOT NULL,
	`newest_notify_id` text
);
--> statement-breakpoint
CREATE TABLE `text_questions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`phone` text NOT NULL,
	`asked_user_id` integer NOT NULL,
	`patient_id` integer NOT NULL,
	`appointment_id` integer NOT NULL,
	`offered_slot_ids` text,
	`language` text NOT NULL,
	`asked_at` integer NOT NULL,
	`open_until` integer NOT NULL,
	`closed_at` integer,
	FOREIGN KEY (`asked_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `text_questions_open` ON `text_questions` (`phone`,`asked_at`);--> statement-breakpoint
CREATE INDEX `text_questions_appointment` ON `text_questions` (`appointment_id`);--> statement-breakpoint
ALTER TABLE `activity_log` ADD `channel` text DEFAULT 'web' NOT NULL;--> statement-breakpoint
ALTER TABLE `appointments` ADD `confirmed_at` integer;--> statement-breakpoint
ALTER TABLE `contact_requests` ADD `asked_by_text_about` integer REFERENCES appointments(id);