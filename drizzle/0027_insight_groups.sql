CREATE TABLE `deprivation_areas` (
	`lsoa_code` text PRIMARY KEY NOT NULL,
	`imd_decile` integer NOT NULL,
	CONSTRAINT "deprivation_areas_decile" CHECK("deprivation_areas"."imd_decile" BETWEEN 1 AND 10)
);
--> statement-breakpoint
CREATE TABLE `insight_builds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`started_at` integer NOT NULL,
	`window_from` integer NOT NULL,
	`window_to` integer NOT NULL,
	`heard_since` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE TABLE `insight_group_events` (
	`build_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	`dimension` text NOT NULL,
	`group_key` text NOT NULL,
	`bookings` integer NOT NULL,
	`cancellations` integer NOT NULL,
	`late_cancellations` integer NOT NULL,
	`no_shows` integer NOT NULL,
	`requests` integer NOT NULL,
	PRIMARY KEY(`build_id`, `organisation_id`, `dimension`, `group_key`),
	FOREIGN KEY (`build_id`) REFERENCES `insight_builds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `insight_group_population` (
	`build_id` integer NOT NULL,
	`dimension` text NOT NULL,
	`group_key` text NOT NULL,
	`residents` integer NOT NULL,
	`not_heard_from` integer NOT NULL,
	PRIMARY KEY(`build_id`, `dimension`, `group_key`),
	FOREIGN KEY (`build_id`) REFERENCES `insight_builds`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `postcode_areas` (
	`postcode` text PRIMARY KEY NOT NULL,
	`lsoa_code` text NOT NULL
);
