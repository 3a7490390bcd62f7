// Putting messages in the outbox. Messages are queued in the same transaction as the change they
// tell people about, so a change is never made without its message, nor a message without its
// change. They are written in the recipient's language at the time, and kept as written.
import { and, eq } from 'drizzle-orm';
import { translatorFor } from '$lib/i18n';
import { formatDate, formatInvitationCode, formatReference, formatTime } from '$lib/i18n/format';
import { defaultLanguage, isLanguageCode, type LanguageCode } from '$lib/i18n/languages';
import { publicOrigin } from '../config';
import { tables, type Db } from '../db';
import type { MessageChannel, MessageKind } from '../db/schema';

const { appointments, locations, organisations, outbox, patients, services, slots, users } = tables;
type Executor = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

/** Where and in what language a patient hears from us: their own account's details. */
function recipientOf(db: Executor, patientId: number) {
	const account = db
		.select({ email: users.email, mobile: users.mobile, language: users.language })
		.from(users)
		.where(eq(users.patientId, patientId))
		.get();
	if (!account) return null;
	const language = isLanguageCode(account.language) ? account.language : defaultLanguage;
	// Email when there is one, as it carries the most; people who signed up by mobile get SMS.
	const [channel, address]: [MessageChannel, string] | [null, null] = account.email
		? ['email', account.email]
		: account.mobile
			? ['sms', account.mobile]
			: [null, null];
	return channel ? { channel, address, language } : null;
}

const messageKeys: Record<Exclude<MessageKind, 'proxy.invitation'>, string> = {
	'appointment.booked': 'booked',
	'appointment.rescheduled': 'rescheduled',
	'appointment.cancelled': 'cancelled',
	'appointment.reminder': 'reminder'
};

/**
 * Queues a message about an appointment to its patient. Returns false when the patient has no
 * way to be reached online (no account yet): there is then nothing to send.
 */
export function queueAppointmentMessage(
	db: Executor,
	kind: Exclude<MessageKind, 'proxy.invitation'>,
	appointmentId: number,
	now = new Date()
): boolean {
	const row = db
		.select({
			id: appointments.id,
			patientId: appointments.patientId,
			reference: appointments.reference,
			givenName: patients.givenName,
			mode: slots.mode,
			startsAt: slots.startsAt,
			service: services.name,
			organisation: organisations.name,
			location: locations.name,
			address: locations.address,
			postcode: locations.postcode
		})
		.from(appointments)
		.innerJoin(patients, eq(appointments.patientId, patients.id))
		.innerJoin(slots, eq(appointments.slotId, slots.id))
		.innerJoin(services, eq(slots.serviceId, services.id))
		.innerJoin(organisations, eq(services.organisationId, organisations.id))
		.innerJoin(locations, eq(slots.locationId, locations.id))
		.where(eq(appointments.id, appointmentId))
		.get();
	if (!row) return false;
	const recipient = recipientOf(db, row.patientId);
	if (!recipient) return false;

	const { language } = recipient;
	const t = translatorFor(language);
	const key = `messages.${messageKeys[kind]}`;
	const link =
		kind === 'appointment.cancelled'
			? `${publicOrigin}/appointments/book`
			: `${publicOrigin}/appointments/${row.id}`;
	const body = [
		t('messages.greeting', { name: row.givenName }),
		t(`${key}.lead`),
		[
			`${row.service}, ${row.organisation}`,
			t('appointments.dateTime', {
				date: formatDate(row.startsAt, language),
				time: formatTime(row.startsAt, language)
			}),
			t(`appointments.modes.${row.mode}`),
			...(row.mode === 'in_person' ? [`${row.location}, ${row.address}, ${row.postcode}`] : []),
			t('messages.reference', { reference: formatReference(row.reference) })
		].join('\n'),
		t(`${key}.next`, { link })
	].join('\n\n');

	const inserted = db
		.insert(outbox)
		.values({
			kind,
			patientId: row.patientId,
			appointmentId: row.id,
			channel: recipient.channel,
			recipient: recipient.address,
			language,
			subject: recipient.channel === 'email' ? t(`${key}.subject`, { service: row.service }) : null,
			body,
			nextAttemptAt: now,
			// One reminder for each time an appointment is at: a changed time gets its own.
			dedupeKey:
				kind === 'appointment.reminder' ? `reminder:${row.id}:${row.startsAt.getTime()}` : null
		})
		.onConflictDoNothing({ target: outbox.dedupeKey })
		.run();
	return inserted.changes > 0;
}

/**
 * An invitation to act for a patient, to whoever they invited, in the patient's language (the
 * invited person may not have an account yet). The code is in the message: it is the secret
 * that lets them accept, and the outbox is as protected as the rest of the database.
 */
export function queueInvitation(
	db: Executor,
	invitation: {
		patientId: number;
		invited: { kind: 'email' | 'mobile'; value: string };
		language: LanguageCode;
		inviter: string;
		code: string;
		expiresAt: Date;
		now: Date;
	}
): void {
	const { language, inviter, code, expiresAt } = invitation;
	const t = translatorFor(language);
	const email = invitation.invited.kind === 'email';
	db.insert(outbox)
		.values({
			kind: 'proxy.invitation',
			patientId: invitation.patientId,
			channel: email ? 'email' : 'sms',
			recipient: invitation.invited.value,
			language,
			subject: email ? t('messages.invitation.subject', { name: inviter }) : null,
			body: [
				t('messages.invitation.lead', { name: inviter }),
				t('messages.invitation.code', { code: formatInvitationCode(code) }),
				t('messages.invitation.next', {
					link: `${publicOrigin}/people/accept`,
					date: formatDate(expiresAt, language)
				})
			].join('\n\n'),
			nextAttemptAt: invitation.now
		})
		.run();
}

/** Reminders not yet sent for an appointment whose time has changed or that was cancelled. */
export function withdrawReminders(db: Executor, appointmentId: number): void {
	db.update(outbox)
		.set({ status: 'withdrawn' })
		.where(
			and(
				eq(outbox.appointmentId, appointmentId),
				eq(outbox.kind, 'appointment.reminder'),
				eq(outbox.status, 'queued')
			)
		)
		.run();
}
