// PostgreSQL twin of ../../schema/appointments.ts, table for table (../schema.spec.ts).
// Appointment slots in services' diaries, and the appointments that hold them.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './accounts';
import { vias } from './activity';
import { appointmentModes, locations, services } from './organisations';
import { patients } from './patients';
import { timestampMs, flag, jsonText, epochMsNow } from '../types';
import {
	appointmentStatuses,
	type AppointmentStatus,
	type AppointmentNeeds
} from '../../schema/appointments';

// The names other code imports are the SQLite schema's own, so both say the same.
export { appointmentStatuses, type AppointmentStatus, type AppointmentNeeds };

/** A recurring diary session made by staff: the slots it made point back to it. */
export const diarySessions = pgTable('diary_sessions', {
	id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
	serviceId: integer('service_id')
		.notNull()
		.references(() => services.id),
	locationId: integer('location_id')
		.notNull()
		.references(() => locations.id),
	mode: text('mode', { enum: appointmentModes }).notNull(),
	/** ISO weekdays, 1 (Monday) to 7 (Sunday). */
	weekdays: jsonText('weekdays').$type<number[]>().notNull(),
	/** London wall-clock times, HH:MM. */
	startTime: text('start_time').notNull(),
	endTime: text('end_time').notNull(),
	slotMinutes: integer('slot_minutes').notNull(),
	/** ISO dates, inclusive. */
	fromDate: text('from_date').notNull(),
	toDate: text('to_date').notNull(),
	createdByUserId: integer('created_by_user_id')
		.notNull()
		.references(() => users.id),
	createdAt: timestampMs('created_at').notNull().default(epochMsNow)
});

export const slots = pgTable(
	'slots',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		serviceId: integer('service_id')
			.notNull()
			.references(() => services.id),
		/** Where the appointment happens, or for phone and video, where the clinician works. */
		locationId: integer('location_id')
			.notNull()
			.references(() => locations.id),
		mode: text('mode', { enum: appointmentModes }).notNull(),
		startsAt: timestampMs('starts_at').notNull(),
		endsAt: timestampMs('ends_at').notNull(),
		/** The staff session that made this slot; null for slots loaded another way. */
		sessionId: integer('session_id').references(() => diarySessions.id),
		/** Taken out of the diary by staff; not offered, whether or not it was ever booked. */
		blocked: flag('blocked')
			.notNull()
			.default(sql`0`),
		/**
		 * The identifier another organisation's diary system gave the slot when it published it
		 * through the FHIR interface (null for slots made in Joined Up): publishing the same one
		 * again changes that slot rather than making a second.
		 */
		identifierSystem: text('identifier_system'),
		identifierValue: text('identifier_value')
	},
	(table) => [
		uniqueIndex('slots_identifier')
			.on(table.identifierSystem, table.identifierValue)
			.where(sql`${table.identifierValue} is not null`),
		index('slots_service_mode_start').on(table.serviceId, table.mode, table.startsAt),
		// Free times at one place: without it SQLite reads every slot at the place instead.
		index('slots_service_mode_location_start').on(
			table.serviceId,
			table.mode,
			table.locationId,
			table.startsAt
		),
		index('slots_location_start').on(table.locationId, table.startsAt),
		// One service's times in time order, whatever the way or place: the soonest free time
		// elsewhere stops at the first it finds instead of sorting every slot of the service.
		// Also a service's day, every place and way of meeting: the staff diary's day.
		index('slots_service_start').on(table.serviceId, table.startsAt),
		// A diary (a Schedule: one service at one place) in time order, whatever the way of
		// meeting: what other organisations' systems page through (fhir/read.ts).
		index('slots_service_location_start').on(table.serviceId, table.locationId, table.startsAt),
		// Every diary's day: tomorrow's reminders. Without it the sweep read every appointment.
		index('slots_start').on(table.startsAt)
	]
);

/**
 * A service's diary at one place (a FHIR Schedule, `{serviceId}-{locationId}`) that the
 * organisation's own system made inactive: its free times were withdrawn, and no free time is
 * published there until the system makes it active again.
 */
export const inactiveSchedules = pgTable(
	'inactive_schedules',
	{
		serviceId: integer('service_id')
			.notNull()
			.references(() => services.id),
		locationId: integer('location_id')
			.notNull()
			.references(() => locations.id),
		since: timestampMs('since').notNull(),
		byUserId: integer('by_user_id')
			.notNull()
			.references(() => users.id)
	},
	(table) => [primaryKey({ columns: [table.serviceId, table.locationId] })]
);

export const appointments = pgTable(
	'appointments',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		/** Short, easy to read aloud: no 0/O or 1/I. */
		reference: text('reference').notNull().unique(),
		patientId: integer('patient_id')
			.notNull()
			.references(() => patients.id),
		slotId: integer('slot_id')
			.notNull()
			.references(() => slots.id),
		status: text('status', { enum: appointmentStatuses }).notNull().default('booked'),
		needs: jsonText('needs')
			.$type<AppointmentNeeds>()
			.notNull()
			.default(sql`'{}'`),
		bookedByUserId: integer('booked_by_user_id').references(() => users.id),
		bookedVia: text('booked_via', { enum: vias }).notNull(),
		createdAt: timestampMs('created_at').notNull().default(epochMsNow),
		cancelledAt: timestampMs('cancelled_at'),
		cancellationReason: text('cancellation_reason'),
		/** The one-time token of the check-your-answers form: pressing Book twice books once. */
		bookingToken: text('booking_token').unique(),
		/** When the patient (or their carer) said they will come, by replying to a text. */
		confirmedAt: timestampMs('confirmed_at')
	},
	(table) => [
		// The database, not only the code, keeps a slot to at most one live appointment.
		uniqueIndex('appointments_one_live_per_slot')
			.on(table.slotId)
			.where(sql`${table.status} = 'booked'`),
		index('appointments_patient').on(table.patientId, table.status),
		// Whether any appointment holds or held a slot (fhir/read.ts, fhir/writes/slots.ts): the
		// unique index above covers booked ones only.
		index('appointments_slot').on(table.slotId, table.status)
	]
);
