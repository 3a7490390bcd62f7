// Insight's weekly summaries (issue 25): demand and capacity counted once per service, place and
// week, so the insight pages read a few thousand rows instead of every appointment in the ICS.
// Kept by insight/summaries.ts; triggers in the migration mark a service stale whenever one of
// its slots, appointments or requests changes.
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { locations, services } from './organisations';

/** One service's diary at one place in one week (Monday, London): its times and appointments. */
export const insightWeeks = sqliteTable(
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
export const insightRequestWeeks = sqliteTable(
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
export const insightServices = sqliteTable('insight_services', {
	serviceId: integer('service_id')
		.primaryKey()
		.references(() => services.id),
	nextFreeAt: integer('next_free_at', { mode: 'timestamp_ms' }),
	refreshedAt: integer('refreshed_at', { mode: 'timestamp_ms' }).notNull()
});

/** Services whose summaries are out of date, to be made again (by triggers and on a schedule). */
export const insightStale = sqliteTable('insight_stale', {
	serviceId: integer('service_id').primaryKey()
});
