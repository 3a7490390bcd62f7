// PostgreSQL twin of ../../schema/insight.ts, table for table (../schema.spec.ts).
// What the insight pages read (issue 25), so that they never read every appointment of the ICS:
// - demand and capacity counted once per service, place and week, kept by insight/summaries.ts
//   (triggers in the migration mark a service stale whenever one of its slots, appointments or
//   requests changes);
// - the deprivation lookup an operator loads (scripts/load-deprivation.js), and the "who is left
//   out" summary, rebuilt in bounded chunks by insight/groups.ts.
import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, pgTable, text } from 'drizzle-orm/pg-core';
import { locations, organisations, services } from './organisations';
import { timestampMs } from '../types';
import { insightDimensions, type InsightDimension } from '../../schema/insight';

// The names other code imports are the SQLite schema's own, so both say the same.
export { insightDimensions, type InsightDimension };

/** One service's diary at one place in one week (Monday, London): its times and appointments. */
export const insightWeeks = pgTable(
	'insight_weeks',
	{
		serviceId: integer('service_id')
			.notNull()
			.references(() => services.id),
		locationId: integer('location_id')
			.notNull()
			.references(() => locations.id),
		/** The week's Monday, a London date (YYYY-MM-DD). */
		week: text('week').notNull(),
		/** Times in the diary (not taken out by staff), and those holding an appointment. */
		offered: integer('offered').notNull(),
		booked: integer('booked').notNull(),
		/** Times that passed with no appointment in them. */
		unused: integer('unused').notNull(),
		/** Appointments cancelled, and of those, cancelled inside the service's cut-off. */
		cancelled: integer('cancelled').notNull(),
		lateCancelled: integer('late_cancelled').notNull(),
		/** Appointments the patient did not come to. */
		noShows: integer('no_shows').notNull()
	},
	(table) => [
		primaryKey({ columns: [table.serviceId, table.locationId, table.week] }),
		index('insight_weeks_week').on(table.week)
	]
);

/** One service's requests to be seen in one week: received, arranged, closed. */
export const insightRequestWeeks = pgTable(
	'insight_request_weeks',
	{
		serviceId: integer('service_id')
			.notNull()
			.references(() => services.id),
		week: text('week').notNull(),
		received: integer('received').notNull(),
		arranged: integer('arranged').notNull(),
		closed: integer('closed').notNull(),
		/** Of those arranged this week, arranged by the service's response target. */
		arrangedInTarget: integer('arranged_in_target').notNull(),
		/** Hours from asking to arranged, summed over those arranged this week (for the mean). */
		arrangeHours: integer('arrange_hours').notNull()
	},
	(table) => [primaryKey({ columns: [table.serviceId, table.week] })]
);

/** Each service's next free time, as found when its summary was last made. */
export const insightServices = pgTable('insight_services', {
	serviceId: integer('service_id')
		.primaryKey()
		.references(() => services.id),
	nextFreeAt: timestampMs('next_free_at'),
	refreshedAt: timestampMs('refreshed_at').notNull()
});

/** Services whose summaries are out of date, to be made again (by triggers and on a schedule). */
export const insightStale = pgTable('insight_stale', {
	serviceId: integer('service_id').primaryKey()
});

/**
 * A small area (a Lower-layer Super Output Area, LSOA) and its Index of Multiple Deprivation
 * decile: 1 is the most deprived 10% of areas in England, 10 the least.
 */
export const deprivationAreas = pgTable(
	'deprivation_areas',
	{
		lsoaCode: text('lsoa_code').primaryKey(),
		imdDecile: integer('imd_decile').notNull()
	},
	(table) => [check('deprivation_areas_decile', sql`${table.imdDecile} BETWEEN 1 AND 10`)]
);

/**
 * Which small area a postcode is in (from ONS's postcode lookup). The postcode is kept compact,
 * upper case with no spaces, as `upper(replace(postcode, ' ', ''))` makes it from a patient's.
 */
export const postcodeAreas = pgTable('postcode_areas', {
	postcode: text('postcode').primaryKey(),
	lsoaCode: text('lsoa_code').notNull()
});

/** One rebuild of the summary: its window, and when it finished (null while it runs). */
export const insightBuilds = pgTable('insight_builds', {
	id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
	startedAt: timestampMs('started_at').notNull(),
	/** The events counted happened from `windowFrom` to `windowTo` (26 weeks). */
	windowFrom: timestampMs('window_from').notNull(),
	windowTo: timestampMs('window_to').notNull(),
	/** Residents with no contact since this (12 months before) are "not heard from". */
	heardSince: timestampMs('heard_since').notNull(),
	finishedAt: timestampMs('finished_at')
});

/** Per organisation and group, the events of a build's window. */
export const insightGroupEvents = pgTable(
	'insight_group_events',
	{
		buildId: integer('build_id')
			.notNull()
			.references(() => insightBuilds.id),
		organisationId: integer('organisation_id')
			.notNull()
			.references(() => organisations.id),
		dimension: text('dimension', { enum: insightDimensions }).notNull(),
		groupKey: text('group_key').notNull(),
		bookings: integer('bookings').notNull(),
		cancellations: integer('cancellations').notNull(),
		lateCancellations: integer('late_cancellations').notNull(),
		noShows: integer('no_shows').notNull(),
		requests: integer('requests').notNull()
	},
	(table) => [
		primaryKey({
			columns: [table.buildId, table.organisationId, table.dimension, table.groupKey]
		})
	]
);

/** Per group, the area's registered residents and those not heard from, as a build found them. */
export const insightGroupPopulation = pgTable(
	'insight_group_population',
	{
		buildId: integer('build_id')
			.notNull()
			.references(() => insightBuilds.id),
		dimension: text('dimension', { enum: insightDimensions }).notNull(),
		groupKey: text('group_key').notNull(),
		residents: integer('residents').notNull(),
		notHeardFrom: integer('not_heard_from').notNull()
	},
	(table) => [primaryKey({ columns: [table.buildId, table.dimension, table.groupKey] })]
);
