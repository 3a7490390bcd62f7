// People who act for a patient: carers, parents, attorneys and deputies. A relationship starts as
// an invitation from the patient (or is recorded in person by staff or a link worker), is active
// once accepted, and ends when the patient revokes it, the proxy steps down, or it expires.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './accounts';
import type { SensitivityLabel } from './organisations';
import { patients } from './patients';

export const proxyKinds = [
	'carer',
	'parent',
	'lasting_power_of_attorney',
	'court_appointed_deputy',
	'other'
] as const;
export type ProxyKind = (typeof proxyKinds)[number];

/** What a proxy may do for the patient; nothing else is ever allowed to them. */
export const proxyPermissions = [
	'appointments.view',
	'appointments.manage',
	'care_plans.view',
	'requests.make',
	'communication_needs.manage'
] as const;
export type ProxyPermission = (typeof proxyPermissions)[number];

/** How a relationship was set up: invited by the patient, or recorded in person by staff. */
export const proxySetUps = ['invited', 'in_person'] as const;
export type ProxySetUp = (typeof proxySetUps)[number];

/** Stored states; `expired` is worked out from the dates, never stored. */
export const proxyStatuses = ['invited', 'active', 'revoked', 'stepped_down'] as const;
export type ProxyStatus = (typeof proxyStatuses)[number];

export const proxyRelationships = sqliteTable(
	'proxy_relationships',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		patientId: integer('patient_id')
			.notNull()
			.references(() => patients.id),
		/** The person acting; null while an invitation waits to be accepted. */
		proxyUserId: integer('proxy_user_id').references(() => users.id),
		status: text('status', { enum: proxyStatuses }).notNull(),
		kind: text('kind', { enum: proxyKinds }).notNull().default('carer'),
		setUp: text('set_up', { enum: proxySetUps }).notNull().default('invited'),
		/** In person: what was checked (documents seen, registers searched), as written. */
		checks: text('checks'),
		/** In person: why it was recorded this way, for example that the patient lacks capacity. */
		reason: text('reason'),
		/** In person: when the relationship should next be reviewed, an ISO date. */
		reviewOn: text('review_on'),
		/** A parent's access renewed past the child's 11th birthday: the staff member's note. */
		renewalNote: text('renewal_note'),
		renewedAt: integer('renewed_at', { mode: 'timestamp_ms' }),
		permissions: text('permissions', { mode: 'json' }).$type<ProxyPermission[]>().notNull(),
		/**
		 * Which care plans the proxy may read, by sensitivity label; the same labels decide which
		 * services' appointments, requests and messages they learn of (general ones always).
		 */
		carePlanLabels: text('care_plan_labels', { mode: 'json' })
			.$type<SensitivityLabel[]>()
			.notNull(),
		/** Where the invitation was sent: an email address or E.164 mobile number. */
		invitedIdentifier: text('invited_identifier'),
		/** SHA-256 of the invitation code, hex; the code itself is never stored. */
		invitationCodeHash: text('invitation_code_hash').unique(),
		invitationExpiresAt: integer('invitation_expires_at', { mode: 'timestamp_ms' }),
		/** When access ends by itself (a parent's, at the child's 16th birthday), if ever. */
		endsAt: integer('ends_at', { mode: 'timestamp_ms' }),
		createdByUserId: integer('created_by_user_id')
			.notNull()
			.references(() => users.id),
		createdAt: integer('created_at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(unixepoch('subsec') * 1000)`),
		acceptedAt: integer('accepted_at', { mode: 'timestamp_ms' }),
		endedAt: integer('ended_at', { mode: 'timestamp_ms' })
	},
	(table) => [
		index('proxy_relationships_patient').on(table.patientId, table.status),
		index('proxy_relationships_proxy').on(table.proxyUserId, table.status)
	]
);
