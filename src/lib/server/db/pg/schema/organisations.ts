// PostgreSQL twin of ../../schema/organisations.ts, table for table (../schema.spec.ts).
// The catalogue of care: who provides it, where, and what they offer.
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { timestampMs, flag, jsonText, epochMsNow } from '../types';
import {
	organisationKinds,
	type OrganisationKind,
	sensitivityLabels,
	type SensitivityLabel,
	serviceKinds,
	type ServiceKind,
	appointmentModes,
	type AppointmentMode
} from '../../schema/organisations';

// The names other code imports are the SQLite schema's own, so both say the same.
export {
	organisationKinds,
	type OrganisationKind,
	sensitivityLabels,
	type SensitivityLabel,
	serviceKinds,
	type ServiceKind,
	appointmentModes,
	type AppointmentMode
};

export const organisations = pgTable('organisations', {
	id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
	name: text('name').notNull(),
	kind: text('kind', { enum: organisationKinds }).notNull(),
	borough: text('borough').notNull(),
	phone: text('phone').notNull(),
	createdAt: timestampMs('created_at').notNull().default(epochMsNow)
});

export const locations = pgTable(
	'locations',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		organisationId: integer('organisation_id')
			.notNull()
			.references(() => organisations.id),
		name: text('name').notNull(),
		address: text('address').notNull(),
		postcode: text('postcode').notNull(),
		stepFreeAccess: flag('step_free_access').notNull(),
		hearingLoop: flag('hearing_loop').notNull(),
		/** A community hub (library, town hall, health hub) where people can meet any service. */
		communityHub: flag('community_hub')
			.notNull()
			.default(sql`0`)
	},
	// An organisation's places, for its staff's diary (about 1,500 services and their places in
	// an ICS: read on staff pages, not worth a scan each time).
	(table) => [index('locations_organisation').on(table.organisationId)]
);

export const services = pgTable(
	'services',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		organisationId: integer('organisation_id')
			.notNull()
			.references(() => organisations.id),
		name: text('name').notNull(),
		kind: text('kind', { enum: serviceKinds }),
		/** The ways this service can be delivered, a JSON array of appointment modes. */
		modes: jsonText('modes').$type<AppointmentMode[]>().notNull(),
		phone: text('phone').notNull(),
		/** Closer to the start than this, people are asked to phone rather than cancel online. */
		cancellationCutoffMinutes: integer('cancellation_cutoff_minutes').notNull().default(120),
		/** How soon the service aims to answer a request for face-to-face contact. */
		responseTargetWorkingDays: integer('response_target_working_days').notNull().default(2),
		/**
		 * As a care plan's: appointments, requests and messages about a service labelled other than
		 * general reach only those acting for the patient who were allowed that label.
		 */
		label: text('label', { enum: sensitivityLabels }).notNull().default('general')
	},
	// An organisation's services: its staff's diary and request queue start from them.
	(table) => [index('services_organisation').on(table.organisationId)]
);
