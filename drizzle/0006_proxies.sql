CREATE TABLE `proxy_relationships` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`patient_id` integer NOT NULL,
	`proxy_user_id` integer,
	`status` text NOT NULL,
	`kind` text DEFAULT 'carer' NOT NULL,
	`permissions` text NOT NULL,
	`care_plan_labels` text NOT NULL,
	`invited_identifier` text,
	`invitation_code_hash` text,
	`invitation_expires_at` integer,
	`ends_at` integer,
	`created_by_user_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`accepted_at` integer,
	`ended_at` integer,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`proxy_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `proxy_relationships_invitation_code_hash_unique` ON `proxy_relationships` (`invitation_code_hash`);--> statement-breakpoint
CREATE INDEX `proxy_relationships_patient` ON `proxy_relationships` (`patient_id`,`status`);--> statement-breakpoint
CREATE INDEX `proxy_relationships_proxy` ON `proxy_relationships` (`proxy_user_id`,`status`);--> statement-breakpoint
ALTER TABLE `sessions` ADD `acting_for_patient_id` integer REFERENCES patients(id);