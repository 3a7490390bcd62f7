ALTER TABLE `appointments` ADD `booking_token` text;--> statement-breakpoint
CREATE UNIQUE INDEX `appointments_booking_token_unique` ON `appointments` (`booking_token`);