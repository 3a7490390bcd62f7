// The outbox table as a queue: a message is added in the transaction of the change it tells of,
// taken (leased) by the worker when it is due, then marked sent, queued again for later, or
// failed; a reminder no longer true is withdrawn. What goes in and when is decided elsewhere:
// outbox.ts (what to say, to whom) and worker.ts (when to try, and how often).
import { and, asc, eq, lte } from 'drizzle-orm';
import { defaultLanguage, type LanguageCode } from '$lib/i18n/languages';
import { database, tables, type Transaction } from '../db';
import type { MessageKind } from '../db/schema';
import type { Recipient } from './recipients';
import { keptToTellAgain, type Tellable } from './rewrite';
import { textLength } from './fragments';
import type { Written } from './templates';

const { outbox } = tables;

export type QueuedMessage = typeof outbox.$inferSelect;

/**
 * Puts one message in the outbox, to go as soon as the worker next looks. False when a message
 * with the same `dedupeKey` is there already.
 */
export async function enqueue(
	tx: Transaction,
	recipient: Recipient,
	/** The message's words in a language: the recipient's, unless a text cannot carry it. */
	write: (language: LanguageCode) => Written,
	message: {
		kind: MessageKind;
		patientId: number | null;
		now: Date;
		appointmentId?: number;
		dedupeKey?: string | null;
		/** What a message about a patient tells, kept to tell it another way if it fails. */
		about?: Tellable;
		/** The undelivered text this message tells again another way. */
		replacesId?: number;
	}
): Promise<boolean> {
	const { language, written } = inWordsThatArrive(recipient, write);
	const inserted = await tx
		.insert(outbox)
		.values({
			kind: message.kind,
			patientId: message.patientId,
			appointmentId: message.appointmentId ?? null,
			channel: recipient.channel,
			recipient: recipient.address,
			language,
			// Emails and letters have a heading; a text message does not.
			subject: recipient.channel === 'sms' ? null : written.subject,
			body: recipient.channel === 'sms' ? written.text : written.body,
			nextAttemptAt: message.now,
			dedupeKey: message.dedupeKey ?? null,
			about: message.about && message.patientId !== null ? keptToTellAgain(message.about) : null,
			replacesId: message.replacesId ?? null
		})
		.onConflictDoNothing({ target: outbox.dedupeKey })
		.returning({ id: outbox.id });
	return inserted.length > 0;
}

/**
 * A text goes through GOV.UK Notify, which can send only the GSM alphabet and Welsh letters: any
 * other character (Arabic, Bengali, Chinese, Gujarati, Gurmukhi, Tamil and Urdu scripts, Turkish
 * "ı") would arrive as "?". Such a text is written in English instead, which arrives as written;
 * the person's replies are still read in their own language (texts/reply.ts), and emails and
 * letters stay in their language. See README, "Answering by text message".
 */
function inWordsThatArrive(
	recipient: Recipient,
	write: (language: LanguageCode) => Written
): { language: LanguageCode; written: Written } {
	const written = write(recipient.language);
	if (recipient.channel !== 'sms' || recipient.language === defaultLanguage) {
		return { language: recipient.language, written };
	}
	if (textLength(written.text).notSentByNotify.length === 0) {
		return { language: recipient.language, written };
	}
	return { language: defaultLanguage, written: write(defaultLanguage) };
}

/** Reminders not yet sent for an appointment whose time has changed or that was cancelled. */
export async function withdrawReminders(tx: Transaction, appointmentId: number): Promise<void> {
	await tx
		.update(outbox)
		.set({ status: 'withdrawn' })
		.where(
			and(
				eq(outbox.appointmentId, appointmentId),
				eq(outbox.kind, 'appointment.reminder'),
				eq(outbox.status, 'queued')
			)
		);
}

/** Queued messages whose time has come, the longest waiting first. */
export async function dueMessages(now: Date, limit: number): Promise<QueuedMessage[]> {
	return await database()
		.select()
		.from(outbox)
		.where(and(eq(outbox.status, 'queued'), lte(outbox.nextAttemptAt, now)))
		.orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
		.limit(limit);
}

/**
 * Takes a message to send it, counting the attempt: until `until` no other round takes it, and
 * if the process dies mid-send it is due again then. Several instances may read the same due
 * message, so it is taken only as it was read (the same attempts, due by `now`): true only for
 * the one call that took it; false for the others, and when it was withdrawn since it was read.
 */
export async function claim(
	message: Pick<QueuedMessage, 'id' | 'attempts'>,
	now: Date,
	until: Date
): Promise<boolean> {
	const claimed = await database()
		.update(outbox)
		.set({ attempts: message.attempts + 1, nextAttemptAt: until })
		.where(
			and(
				eq(outbox.id, message.id),
				eq(outbox.status, 'queued'),
				eq(outbox.attempts, message.attempts),
				lte(outbox.nextAttemptAt, now)
			)
		)
		.returning({ id: outbox.id });
	return claimed.length > 0;
}

/** Handed on to be delivered: the provider's id, and the words kept from now on. */
export async function markSent(
	messageId: number,
	sent: { at: Date; providerId: string | null; keptBody: string }
): Promise<void> {
	await database()
		.update(outbox)
		.set({
			status: 'sent',
			sentAt: sent.at,
			providerId: sent.providerId,
			lastError: null,
			body: sent.keptBody
		})
		.where(eq(outbox.id, messageId));
}

/** Not sent this time: tried again at `nextAttemptAt`, or, giving up, kept as failed. */
export async function markNotSent(
	messageId: number,
	outcome: { error: string; givingUp: boolean; nextAttemptAt: Date }
): Promise<void> {
	await database()
		.update(outbox)
		.set({
			status: outcome.givingUp ? 'failed' : 'queued',
			lastError: outcome.error,
			nextAttemptAt: outcome.nextAttemptAt
		})
		.where(eq(outbox.id, messageId));
}

/** A failed message, queued again from the start (an admin's decision). */
export async function sendAgain(messageId: number, now = new Date()): Promise<boolean> {
	const queued = await database()
		.update(outbox)
		.set({ status: 'queued', attempts: 0, nextAttemptAt: now, lastError: null })
		.where(and(eq(outbox.id, messageId), eq(outbox.status, 'failed')))
		.returning({ id: outbox.id });
	return queued.length > 0;
}
