CREATE TABLE `assisted_sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`link_worker_user_id` integer NOT NULL,
	`patient_id` integer NOT NULL,
	`consent_method` text NOT NULL,
	`consent_place` text NOT NULL,
	`started_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`ended_at` integer,
	FOREIGN KEY (`link_worker_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `assisted_sessions_link_worker` ON `assisted_sessions` (`link_worker_user_id`,`started_at`);--> statement-breakpoint
ALTER TABLE `sessions` ADD `assist_found_patient_id` integer REFERENCES patients(id);--> statement-breakpoint
ALTER TABLE `sessions` ADD `assisted_session_id` integer;