// Putting messages in the outbox. Messages are queued in the same transaction as the change they
// tell people about, so a change is never made without its message, nor a message without its
// change. They are written in the recipient's language at the time, and kept as written. Each
// function here joins the three parts: who hears and how (recipients.ts), the words (templates.ts)
// and the queue (queue.ts). Callers pass what the message is about, as they already hold it.
import { translatorFor } from '$lib/i18n';
import type { LanguageCode } from '$lib/i18n/languages';
import type { Transaction } from '../db';
import type {
	MessageChannel,
	ProxyKind,
	ReachMethod,
	RecordCodeChannel,
	RequestEventKind,
	SensitivityLabel,
	StatedIdentity
} from '../db/schema';
import { textRepliesOn } from '../config';
import { askByText, closeQuestionsAbout } from './questions';
import { enqueue } from './queue';
import { languageOf, makerOf, recipientOf, typedAddress } from './recipients';
import { limitsFor, writeFor, type Tellable } from './rewrite';
import {
	accountMessage,
	assistedSummaryMessage,
	invitationMessage,
	recordCodeMessage,
	requestMessage,
	textReplyMessage,
	type AccountMessage,
	type AppointmentDetails,
	type AppointmentMessageKind,
	type RequestDetails,
	type RequestMessageKind,
	type TextReply
} from './templates';

/**
 * Queues a message about an appointment to its patient. Returns false when the patient has no
 * way to be reached online (no account yet): there is then nothing to send.
 */
/**
 * The outbox's key for an appointment's reminder at one time: one reminder for each time an
 * appointment is at. `notRemindedYet` (appointments/reminders.ts) builds the same key in SQL.
 */
export function reminderKey(appointmentId: number, startsAt: Date): string {
	return `reminder:${appointmentId}:${startsAt.getTime()}`;
}

export async function queueAppointmentMessage(
	tx: Transaction,
	kind: AppointmentMessageKind,
	appointment: AppointmentDetails & { patientId: number },
	now = new Date()
): Promise<boolean> {
	const about = { kind, appointment };
	const recipient = await recipientOf(tx, appointment.patientId, limitsFor(about));
	// What an earlier text asked about this appointment no longer stands once it is cancelled or
	// moved (a moved one is asked about afresh below).
	if (kind === 'appointment.cancelled' || kind === 'appointment.rescheduled') {
		await closeQuestionsAbout(tx, appointment.id, now);
	}
	if (!recipient) return false;
	// A text about an appointment still to come asks what they want to do, when replies reach us.
	const replies = textRepliesOn && recipient.channel === 'sms' && kind !== 'appointment.cancelled';
	const queued = await enqueue(
		tx,
		recipient,
		(language) => writeFor(about, { ...recipient, language }, { replies }),
		{
			kind,
			patientId: appointment.patientId,
			appointmentId: appointment.id,
			now,
			// One reminder for each time an appointment is at: a changed time gets its own.
			dedupeKey:
				kind === 'appointment.reminder' ? reminderKey(appointment.id, appointment.startsAt) : null,
			about
		}
	);
	if (queued && replies) {
		await askByText(tx, {
			kind: 'appointment',
			phone: recipient.address,
			patientId: appointment.patientId,
			appointment,
			language: recipient.language,
			now
		});
	}
	return queued;
}

/**
 * An answer to someone who replied to a text: by text only, to the number that replied (which
 * is on the record of the account we texted), in the language the question was asked in.
 */
export async function queueTextReply(
	tx: Transaction,
	to: { phone: string; language: LanguageCode; patientId: number | null; appointmentId?: number },
	reply: TextReply,
	now: Date
): Promise<void> {
	await enqueue(
		tx,
		{ channel: 'sms', address: to.phone, language: to.language, viaCarer: false },
		(language) => textReplyMessage(reply, translatorFor(language), language),
		{ kind: reply.kind, patientId: to.patientId, appointmentId: to.appointmentId, now }
	);
}

/**
 * An invitation to act for a patient, to whoever they invited, in the patient's language (the
 * invited person may not have an account yet).
 */
export async function queueInvitation(
	tx: Transaction,
	invitation: Parameters<typeof invitationMessage>[0] & {
		patientId: number;
		invited: { kind: 'email' | 'mobile'; value: string };
		language: LanguageCode;
		now: Date;
	}
): Promise<void> {
	const { language } = invitation;
	await enqueue(
		tx,
		typedAddress(invitation.invited, language),
		(language) => invitationMessage(invitation, translatorFor(language), language),
		{ kind: 'proxy.invitation', patientId: invitation.patientId, now: invitation.now }
	);
}

/**
 * A message about someone's account itself, to the address they sign in with (the one they typed,
 * for a reset code) in their language: never by letter or through a carer, who cannot use it.
 */
export async function queueAccountMessage(
	tx: Transaction,
	account: { patientId: number | null; language: string | null },
	to: { kind: 'email' | 'mobile'; value: string },
	message: AccountMessage
): Promise<void> {
	const language = languageOf(account);
	await enqueue(
		tx,
		typedAddress(to, language),
		(language) => accountMessage(message, translatorFor(language), language),
		{
			kind: message.kind,
			patientId: account.patientId,
			now: message.now
		}
	);
}

/**
 * A "find my record" code, to the contact the record itself holds (the GP practice's mobile or
 * email, or a letter to the registered address), chosen by identity/find-my-record.ts and never
 * typed by whoever asked; in the language of the account that asked, whose holder types it back.
 */
export async function queueRecordCode(
	tx: Transaction,
	to: { channel: RecordCodeChannel; address: string; patientId: number; language: LanguageCode },
	message: { code: string; expiresAt: Date; now: Date }
): Promise<void> {
	await enqueue(
		tx,
		{ channel: to.channel, address: to.address, language: to.language, viaCarer: false },
		(language) => recordCodeMessage(message, translatorFor(language), language),
		{ kind: 'account.record_code', patientId: to.patientId, now: message.now }
	);
}

/**
 * Tells the patient, when they can be reached, that staff recorded in person someone who may act
 * for them, and where to see or end it.
 */
export async function queueRelationshipRecorded(
	tx: Transaction,
	recorded: { patientId: number; kind: ProxyKind; now: Date }
): Promise<boolean> {
	// Who may act for the patient is told to the patient, never through someone acting for them.
	const about = { kind: 'proxy.recorded', proxyKind: recorded.kind } as const;
	const recipient = await recipientOf(tx, recorded.patientId, limitsFor(about));
	if (!recipient) return false;
	return await enqueue(tx, recipient, (language) => writeFor(about, { ...recipient, language }), {
		kind: 'proxy.recorded',
		patientId: recorded.patientId,
		now: recorded.now,
		about
	});
}

/**
 * A copy of what a link worker did in an assisted session, for the resident: each change in
 * the words of their activity log. Returns how it went (a channel, or `carer`), or null when
 * they are reached in person only.
 */
export async function queueAssistedSummary(
	tx: Transaction,
	summary: Omit<Parameters<typeof assistedSummaryMessage>[0], 'to'> & {
		patientId: number;
		now: Date;
	}
): Promise<MessageChannel | 'carer' | null> {
	const about = {
		kind: 'assist.summary',
		startedAt: summary.startedAt,
		endedAt: summary.endedAt,
		done: summary.done
	} as const;
	const recipient = await recipientOf(tx, summary.patientId, limitsFor(about));
	if (!recipient) return null;
	await enqueue(tx, recipient, (language) => writeFor(about, { ...recipient, language }), {
		kind: 'assist.summary',
		patientId: summary.patientId,
		now: summary.now,
		about
	});
	return recipient.viaCarer ? 'carer' : recipient.channel;
}

/** The message each step of a request's timeline sends the patient. */
export const requestMessageKinds: Partial<Record<RequestEventKind, RequestMessageKind>> = {
	received: 'request.received',
	in_review: 'request.in_review',
	message_from_staff: 'request.message',
	message_from_patient: 'request.message',
	arranged: 'request.arranged',
	closed: 'request.closed'
};

/** A request as requests/ reads it: the request, its service, and the record it is about. */
export type RequestToTell = {
	request: Omit<RequestDetails, 'service' | 'organisation'> & {
		madeByUserId: number;
		statedIdentity: StatedIdentity | null;
		reachBy: ReachMethod;
		appointmentId: number | null;
	};
	service: string;
	organisation: string;
	label: SensitivityLabel;
	/** The record it is about; null until it is matched to one. */
	patientId: number | null;
	givenName: string | null;
	familyName: string | null;
	/** The appointment it was arranged with, if any. */
	appointment: Parameters<typeof requestMessage>[0]['appointment'];
};

/**
 * Tells the patient what happened to their request for face-to-face contact, the way they asked
 * to be reached on it: what was said, the appointment arranged, or why it was closed. Until it
 * is matched to a record, the account that made it is told instead (see `makerOf`).
 */
export async function queueRequestMessage(
	tx: Transaction,
	kind: RequestMessageKind,
	about: RequestToTell,
	said: { body?: string | null; now: Date }
): Promise<boolean> {
	const { request } = about;
	const told: Tellable = {
		kind,
		request: { ...request, service: about.service, organisation: about.organisation },
		label: about.label,
		said: said.body ?? null,
		appointment: about.appointment
	};
	const recipient =
		about.patientId === null
			? await makerOf(tx, request.madeByUserId, request.reachBy)
			: await recipientOf(tx, about.patientId, limitsFor(told), request.reachBy);
	if (!recipient) return false;
	// Named as the record names them; until matched, as they named themself.
	const person = {
		givenName: about.givenName ?? request.statedIdentity?.givenName ?? '',
		familyName: about.familyName ?? request.statedIdentity?.familyName ?? ''
	};
	return await enqueue(
		tx,
		recipient,
		(language) => writeFor(told, { ...recipient, person, language }),
		{
			kind,
			patientId: about.patientId,
			appointmentId: request.appointmentId ?? undefined,
			now: said.now,
			about: told
		}
	);
}
