CREATE TABLE `communication_needs` (
	`patient_id` integer PRIMARY KEY NOT NULL,
	`interpreter_language` text,
	`needs` text NOT NULL,
	`other` text,
	`other_language` text,
	`updated_at` integer NOT NULL,
	`updated_by_user_id` integer NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
