// The catalogue of care: who provides it, where, and what they offer.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const organisationKinds = [
	'gp_practice',
	'hospital_trust',
	'community_provider',
	'council',
	'voluntary_sector'
] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

/**
 * How private a care plan, or everything about a service, is: anything not general reaches those
 * acting for the patient only when they were allowed its label.
 */
export const sensitivityLabels = [
	'general',
	'mental_health',
	'sexual_health',
	'social_care'
] as const;
export type SensitivityLabel = (typeof sensitivityLabels)[number];

/**
 * What kind of care a service gives, so that a request is offered the services that can help
 * with what it is about (requests/topics.ts). A service of no recorded kind fits every topic.
 */
export const serviceKinds = [
	'gp',
	'nursing',
	'specialist_clinic',
	'hearing',
	'therapy',
	'mental_health',
	'social_care',
	'social_prescribing',
	'vaccination'
] as const;
export type ServiceKind = (typeof serviceKinds)[number];

export const appointmentModes = ['in_person', 'phone', 'video', 'home_visit'] as const;
export type AppointmentMode = (typeof appointmentModes)[number];

export const organisations = sqliteTable('organisations', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	name: text('name').notNull(),
	kind: text('kind', { enum: organisationKinds }).notNull(),
	borough: text('borough').notNull(),
	phone: text('phone').notNull(),
	createdAt: integer('created_at', { mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(unixepoch('subsec') * 1000)`)
});

export const locations = sqliteTable(
	'locations',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		organisationId: integer('organisation_id')
			.notNull()
			.references(() => organisations.id),
		name: text('name').notNull(),
		address: text('address').notNull(),
		postcode: text('postcode').notNull(),
		stepFreeAccess: integer('step_free_access', { mode: 'boolean' }).notNull(),
		hearingLoop: integer('hearing_loop', { mode: 'boolean' }).notNull(),
		/** A community hub (library, town hall, health hub) where people can meet any service. */
		communityHub: integer('community_hub', { mode: 'boolean' }).notNull().default(false)
	},
	// An organisation's places, for its staff's diary (about 1,500 services and their places in
	// an ICS: read on staff pages, not worth a scan each time).
	(table) => [index('locations_organisation').on(table.organisationId)]
);

export const services = sqliteTable(
	'services',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		organisationId: integer('organisation_id')
			.notNull()
			.references(() => organisations.id),
		name: text('name').notNull(),
		kind: text('kind', { enum: serviceKinds }),
		/** The ways this service can be delivered, a JSON array of appointment modes. */
		modes: text('modes', { mode: 'json' }).$type<AppointmentMode[]>().notNull(),
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
