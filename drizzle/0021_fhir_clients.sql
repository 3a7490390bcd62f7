CREATE TABLE `fhir_access_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`secret_hash` blob NOT NULL,
	`client_id` integer NOT NULL,
	`scopes` text NOT NULL,
	`issued_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `fhir_clients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `fhir_access_tokens_expiry` ON `fhir_access_tokens` (`expires_at`);--> statement-breakpoint
CREATE TABLE `fhir_assertions_used` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` integer NOT NULL,
	`jti` text NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `fhir_clients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `fhir_assertions_used_expiry` ON `fhir_assertions_used` (`expires_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `fhir_assertions_used_client_jti` ON `fhir_assertions_used` (`client_id`,`jti`);--> statement-breakpoint
CREATE TABLE `fhir_calls` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`client_id` integer,
	`interaction` text NOT NULL,
	`resource_type` text,
	`resource_id` text,
	`status` integer NOT NULL,
	`outcome` text,
	FOREIGN KEY (`client_id`) REFERENCES `fhir_clients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `fhir_calls_at` ON `fhir_calls` (`at`);--> statement-breakpoint
CREATE INDEX `fhir_calls_client` ON `fhir_calls` (`client_id`,`at`);--> statement-breakpoint
CREATE TABLE `fhir_clients` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` text NOT NULL,
	`name` text NOT NULL,
	`organisation_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`jwks` text NOT NULL,
	`scopes` text NOT NULL,
	`registered_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`registered_by_user_id` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`registered_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `fhir_clients_client_id_unique` ON `fhir_clients` (`client_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `fhir_clients_user_id_unique` ON `fhir_clients` (`user_id`);--> statement-breakpoint
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
	CONSTRAINT "users_sign_in_identifier" CHECK("__new_users"."email" IS NOT NULL OR "__new_users"."mobile" IS NOT NULL OR "__new_users"."nhs_login_sub" IS NOT NULL OR "__new_users"."role" = 'system'),
	CONSTRAINT "users_sign_in_secret" CHECK("__new_users"."password_hash" IS NOT NULL OR "__new_users"."nhs_login_sub" IS NOT NULL OR "__new_users"."role" = 'system')
);
--> statement-breakpoint
INSERT INTO `__new_users`("id", "email", "mobile", "password_hash", "nhs_login_sub", "role", "patient_id", "organisation_id", "language", "created_at") SELECT "id", "email", "mobile", "password_hash", "nhs_login_sub", "role", "patient_id", "organisation_id", "language", "created_at" FROM `users`;--> statement-breakpoint
DROP TABLE `users`;--> statement-breakpoint
ALTER TABLE `__new_users` RENAME TO `users`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_mobile_unique` ON `users` (`mobile`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_nhs_login_sub_unique` ON `users` (`nhs_login_sub`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_patient_id_unique` ON `users` (`patient_id`);