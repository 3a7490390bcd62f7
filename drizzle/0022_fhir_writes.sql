ALTER TABLE `slots` ADD `identifier_system` text;--> statement-breakpoint
ALTER TABLE `slots` ADD `identifier_value` text;--> statement-breakpoint
CREATE UNIQUE INDEX `slots_identifier` ON `slots` (`identifier_system`,`identifier_value`) WHERE "slots"."identifier_value" is not null;--> statement-breakpoint
ALTER TABLE `care_plans` ADD `identifier_system` text;--> statement-breakpoint
ALTER TABLE `care_plans` ADD `identifier_value` text;--> statement-breakpoint
CREATE UNIQUE INDEX `care_plans_identifier` ON `care_plans` (`identifier_system`,`identifier_value`) WHERE "care_plans"."identifier_value" is not null;