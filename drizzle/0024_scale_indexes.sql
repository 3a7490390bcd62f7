CREATE INDEX `activity_log_subject_actor` ON `activity_log` (`subject_patient_id`,`actor_user_id`,`via`);--> statement-breakpoint
CREATE INDEX `slots_service_start` ON `slots` (`service_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `slots_start` ON `slots` (`starts_at`);--> statement-breakpoint
CREATE INDEX `locations_organisation` ON `locations` (`organisation_id`);--> statement-breakpoint
CREATE INDEX `services_organisation` ON `services` (`organisation_id`);