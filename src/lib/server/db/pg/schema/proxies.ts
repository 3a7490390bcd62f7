// PostgreSQL twin of ../../schema/proxies.ts, table for table (../schema.spec.ts).
// People who act for a patient: carers, parents, attorneys and deputies. A relationship starts as
// an invitation from the patient (or is recorded in person by staff or a link worker), is active
// once accepted, and ends when the patient revokes it, the proxy steps down, or it expires.
import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { users } from './accounts';
import type { SensitivityLabel } from './organisations';
import { patients } from './patients';
import { timestampMs, jsonText, epochMsNow } from '../types';
import {
	proxyKinds,
	type ProxyKind,
	proxyPermissions,
	type ProxyPermission,
	proxySetUps,
	type ProxySetUp,
	proxyStatuses,
	type ProxyStatus
} from '../../schema/proxies';

// The names other code imports are the SQLite schema's own, so both say the same.
export {
	proxyKinds,
	type ProxyKind,
	proxyPermissions,
	type ProxyPermission,
	proxySetUps,
	type ProxySetUp,
	proxyStatuses,
	type ProxyStatus
};

export const proxyRelationships = pgTable(
	'proxy_relationships',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
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
		renewedAt: timestampMs('renewed_at'),
		permissions: jsonText('permissions').$type<ProxyPermission[]>().notNull(),
		/**
		 * Which care plans the proxy may read, by sensitivity label; the same labels decide which
		 * services' appointments, requests and messages they learn of (general ones always).
		 */
		carePlanLabels: jsonText('care_plan_labels').$type<SensitivityLabel[]>().notNull(),
		/** Where the invitation was sent: an email address or E.164 mobile number. */
		invitedIdentifier: text('invited_identifier'),
		/** SHA-256 of the invitation code, hex; the code itself is never stored. */
		invitationCodeHash: text('invitation_code_hash').unique(),
		invitationExpiresAt: timestampMs('invitation_expires_at'),
		/** When access ends by itself (a parent's, at the child's 16th birthday), if ever. */
		endsAt: timestampMs('ends_at'),
		createdByUserId: integer('created_by_user_id')
			.notNull()
			.references(() => users.id),
		createdAt: timestampMs('created_at').notNull().default(epochMsNow),
		acceptedAt: timestampMs('accepted_at'),
		endedAt: timestampMs('ended_at')
	},
	(table) => [
		index('proxy_relationships_patient').on(table.patientId, table.status),
		index('proxy_relationships_proxy').on(table.proxyUserId, table.status)
	]
);
