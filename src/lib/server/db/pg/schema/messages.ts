// PostgreSQL twin of ../../schema/messages.ts, table for table (../schema.spec.ts).
// The outbox: every message sent to a person, written in the same transaction as the change it
// tells them about, then sent by the worker. The row is the record of what was said.
import { index, integer, pgTable, text, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { appointments } from './appointments';
import { patients } from './patients';
import { timestampMs, epochMsNow } from '../types';
import {
	messageChannels,
	type MessageChannel,
	messageKinds,
	type MessageKind,
	messageStatuses,
	type MessageStatus,
	deliveryStatuses,
	type DeliveryStatus
} from '../../schema/messages';

// The names other code imports are the SQLite schema's own, so both say the same.
export {
	messageChannels,
	type MessageChannel,
	messageKinds,
	type MessageKind,
	messageStatuses,
	type MessageStatus,
	deliveryStatuses,
	type DeliveryStatus
};

export const outbox = pgTable(
	'outbox',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		kind: text('kind', { enum: messageKinds }).notNull(),
		/** Whose care the message is about. */
		patientId: integer('patient_id').references(() => patients.id),
		appointmentId: integer('appointment_id').references(() => appointments.id),
		channel: text('channel', { enum: messageChannels }).notNull(),
		/** Email address, E.164 mobile number, or a letter's address lines (postcode last). */
		recipient: text('recipient').notNull(),
		/** The language the message is written in: the recipient's own. */
		language: text('language').notNull(),
		/** Email subject line; null for SMS. */
		subject: text('subject'),
		body: text('body').notNull(),
		status: text('status', { enum: messageStatuses }).notNull().default('queued'),
		attempts: integer('attempts').notNull().default(0),
		nextAttemptAt: timestampMs('next_attempt_at').notNull(),
		/** Why the last attempt failed: a status code or error name, never message content. */
		lastError: text('last_error'),
		/** The provider's id for the message (GOV.UK Notify's notification id). */
		providerId: text('provider_id'),
		sentAt: timestampMs('sent_at'),
		/** Final word from Notify on whether it arrived; null until then (see deliveryStatuses). */
		deliveryStatus: text('delivery_status', { enum: deliveryStatuses }),
		/** When the delivery status was recorded. */
		deliveryStatusAt: timestampMs('delivery_status_at'),
		/** When Notify was last asked how it went (polling, without the delivery callback). */
		deliveryCheckedAt: timestampMs('delivery_checked_at'),
		/** The text that could not be delivered and that this message tells again another way. */
		replacesId: integer('replaces_id').references((): AnyPgColumn => outbox.id),
		/**
		 * What a message about a patient tells, to write it again for someone else if it cannot
		 * be delivered (see messages/rewrite.ts); null for messages that never go another way.
		 */
		about: text('about'),
		/** Stops the same message being queued twice, such as one reminder per appointment time. */
		dedupeKey: text('dedupe_key').unique(),
		createdAt: timestampMs('created_at').notNull().default(epochMsNow)
	},
	(table) => [
		index('outbox_due').on(table.status, table.nextAttemptAt),
		index('outbox_appointment').on(table.appointmentId),
		index('outbox_delivery').on(table.status, table.deliveryStatus, table.channel),
		index('outbox_replaces').on(table.replacesId)
	]
);
