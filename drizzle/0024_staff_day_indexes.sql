CREATE INDEX `slots_service_start` ON `slots` (`service_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `slots_start` ON `slots` (`starts_at`);--> statement-breakpoint
CREATE INDEX `locations_organisation` ON `locations` (`organisation_id`);--> statement-breakpoint
CREATE INDEX `services_organisation` ON `services` (`organisation_id`);