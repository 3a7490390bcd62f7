CREATE INDEX `appointments_slot` ON `appointments` (`slot_id`,`status`);--> statement-breakpoint
CREATE INDEX `slots_service_location_start` ON `slots` (`service_id`,`location_id`,`starts_at`);