CREATE TABLE `inactive_schedules` (
	`service_id` integer NOT NULL,
	`location_id` integer NOT NULL,
	`since` integer NOT NULL,
	`by_user_id` integer NOT NULL,
	PRIMARY KEY(`service_id`, `location_id`),
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `slots` ADD `identifier_system` text;--> statement-breakpoint
ALTER TABLE `slots` ADD `identifier_value` text;--> statement-breakpoint
CREATE UNIQUE INDEX `slots_identifier` ON `slots` (`identifier_system`,`identifier_value`) WHERE "slots"."identifier_value" is not null;--> statement-breakpoint
ALTER TABLE `care_plans` ADD `identifier_system` text;--> statement-breakpoint
ALTER TABLE `care_plans` ADD `identifier_value` text;--> statement-breakpoint
CREATE UNIQUE INDEX `care_plans_identifier` ON `care_plans` (`identifier_system`,`identifier_value`) WHERE "care_plans"."identifier_value" is not null;