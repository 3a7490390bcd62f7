// The outbox: every message sent to a person, written in the same transaction as the change it
// tells them about, then sent by the worker. The row is the record of what was said.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { appointments } from './appointments';
import { patients } from './patients';

export const messageChannels = ['email', 'sms', 'letter'] as const;
export type MessageChannel = (typeof messageChannels)[number];

export const messageKinds = [
	'appointment.booked',
	'appointment.rescheduled',
	'appointment.cancelled',
	'appointment.reminder',
	'proxy.invitation',
	'proxy.recorded',
	'assist.summary',
	'request.received',
	'request.in_review',
	'request.message',
	'request.arranged',
	'request.closed',
	'account.reset_code',
	'account.password_changed',
	'account.record_code',
	'account.confirm_code',
	'account.already_registered',
	// Answers to a text message the person replied to (texts/): each goes by text only.
	'text.help',
	'text.kept',
	'text.too_late',
	'text.times',
	'text.stopped',
	'text.started'
] as const;
export type MessageKind = (typeof messageKinds)[number];

/**
 * queued: waiting for its next attempt; sent: the driver accepted it; failed: the driver refused
 * it for good, or every retry failed (kept, and can be sent again); withdrawn: no longer true
 * before it was sent (a reminder for an appointment since cancelled).
 */
export const messageStatuses = ['queued', 'sent', 'failed', 'withdrawn'] as const;
export type MessageStatus = (typeof messageStatuses)[number];

/**
 * What GOV.UK Notify last said of a sent message, once it is final (Notify's own words): it
 * reached the phone or inbox; the address does not exist or refuses it; the phone was off or
 * full for the 72 hours Notify's providers keep trying; a fault between Notify and its provider.
 * Null while Notify has not said (or says "sending"). Nothing else of a receipt is kept: the
 * provider's text can quote the recipient.
 */
export const deliveryStatuses = [
	'delivered',
	'permanent-failure',
	'temporary-failure',
	'technical-failure'
] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export const outbox = sqliteTable(
	'outbox',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
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
		nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
		/** Why the last attempt failed: a status code or error name, never message content. */
		lastError: text('last_error'),
		/** The provider's id for the message (GOV.UK Notify's notification id). */
		providerId: text('provider_id'),
		sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
		/** Final word from Notify on whether it arrived; null until then (see deliveryStatuses). */
		deliveryStatus: text('delivery_status', { enum: deliveryStatuses }),
		/** When the delivery status was recorded. */
		deliveryStatusAt: integer('delivery_status_at', { mode: 'timestamp_ms' }),
		/** When Notify was last asked how it went (polling, without the delivery callback). */
		deliveryCheckedAt: integer('delivery_checked_at', { mode: 'timestamp_ms' }),
		/** The text that could not be delivered and that this message tells again another way. */
		replacesId: integer('replaces_id').references((): AnySQLiteColumn => outbox.id),
		/**
		 * What a message about a patient tells, to write it again for someone else if it cannot
		 * be delivered (see messages/rewrite.ts); null for messages that never go another way.
		 */
		about: text('about'),
		/** Stops the same message being queued twice, such as one reminder per appointment time. */
		dedupeKey: text('dedupe_key').unique(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(unixepoch('subsec') * 1000)`)
	},
	(table) => [
		index('outbox_due').on(table.status, table.nextAttemptAt),
		index('outbox_appointment').on(table.appointmentId),
		index('outbox_delivery').on(table.status, table.deliveryStatus, table.channel),
		index('outbox_replaces').on(table.replacesId)
	]
);
