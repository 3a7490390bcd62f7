CREATE TABLE `insight_request_weeks` (
	`service_id` integer NOT NULL,
	`week` text NOT NULL,
	`received` integer NOT NULL,
	`arranged` integer NOT NULL,
	`closed` integer NOT NULL,
	`arranged_in_target` integer NOT NULL,
	`arrange_hours` integer NOT NULL,
	PRIMARY KEY(`service_id`, `week`),
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `insight_services` (
	`service_id` integer PRIMARY KEY NOT NULL,
	`next_free_at` integer,
	`refreshed_at` integer NOT NULL,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `insight_stale` (
	`service_id` integer PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE `insight_weeks` (
	`service_id` integer NOT NULL,
	`location_id` integer NOT NULL,
	`week` text NOT NULL,
	`offered` integer NOT NULL,
	`booked` integer NOT NULL,
	`unused` integer NOT NULL,
	`cancelled` integer NOT NULL,
	`late_cancelled` integer NOT NULL,
	`no_shows` integer NOT NULL,
	PRIMARY KEY(`service_id`, `location_id`, `week`),
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `insight_weeks_week` ON `insight_weeks` (`week`);--> statement-breakpoint
-- A change to a slot, an appointment or a request marks its service's summaries stale; the
-- server makes them again in small steps (insight/summaries.ts). Each is one primary-key insert.
CREATE TRIGGER `insight_slot_added` AFTER INSERT ON `slots`
BEGIN
	INSERT OR IGNORE INTO `insight_stale` (`service_id`) VALUES (NEW.`service_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `insight_slot_changed` AFTER UPDATE ON `slots`
BEGIN
	INSERT OR IGNORE INTO `insight_stale` (`service_id`) VALUES (NEW.`service_id`), (OLD.`service_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `insight_appointment_added` AFTER INSERT ON `appointments`
BEGIN
	INSERT OR IGNORE INTO `insight_stale` (`service_id`)
		SELECT `service_id` FROM `slots` WHERE `id` = NEW.`slot_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `insight_appointment_changed` AFTER UPDATE ON `appointments`
BEGIN
	INSERT OR IGNORE INTO `insight_stale` (`service_id`)
		SELECT `service_id` FROM `slots` WHERE `id` IN (NEW.`slot_id`, OLD.`slot_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `insight_request_added` AFTER INSERT ON `contact_requests`
BEGIN
	INSERT OR IGNORE INTO `insight_stale` (`service_id`) VALUES (NEW.`service_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `insight_request_changed` AFTER UPDATE ON `contact_requests`
BEGIN
	INSERT OR IGNORE INTO `insight_stale` (`service_id`) VALUES (NEW.`service_id`), (OLD.`service_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `insight_request_event` AFTER INSERT ON `request_events`
	WHEN NEW.`kind` IN ('arranged', 'closed')
BEGIN
	INSERT OR IGNORE INTO `insight_stale` (`service_id`)
		SELECT `service_id` FROM `contact_requests` WHERE `id` = NEW.`request_id`;
END;
--> statement-breakpoint
-- Every service starts stale: the summaries are made after the server starts.
INSERT INTO `insight_stale` (`service_id`) SELECT `id` FROM `services`;
