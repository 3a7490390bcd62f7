// The words of each kind of message: a pure function from what the message is about (a typed
// view the caller already holds) and a translator in the recipient's language to a subject and
// a body. Nothing here reads the database or decides who hears: see recipients.ts and outbox.ts.
// One file, a function a kind: the kinds share their opening line, their date-and-time line and
// their service line, which stay private here rather than in a module of their own.
import { catalogueName, type Translate } from '$lib/i18n';
import { formatDate, formatInvitationCode, formatReference, formatTime } from '$lib/i18n/format';
import type { LanguageCode } from '$lib/i18n/languages';
import { publicOrigin } from '../config';
import type {
	AppointmentMode,
	CloseReason,
	MessageKind,
	ProxyKind,
	SensitivityLabel
} from '../db/schema';

export type Written = { subject: string; body: string };

/** A person's name, as the opening line of a message uses it. */
export type PersonName = { givenName: string; familyName: string };

/** Whom a message greets: the person it is about, or, through a carer, whose care it is about. */
export type Greeted = { viaCarer: boolean; person: PersonName };

/** The opening line: the person's name, or, to a carer, whose care the message is about. */
function greeting(t: Translate, to: Greeted): string {
	return to.viaCarer
		? t('messages.greetingCarer', { name: `${to.person.givenName} ${to.person.familyName}` })
		: t('messages.greeting', { name: to.person.givenName });
}

/** A moment as people read it: "Monday 7 December 2026 at 9am", in London time. */
function dateAndTime(t: Translate, language: LanguageCode, instant: Date): string {
	return t('appointments.dateTime', {
		date: formatDate(instant, language),
		time: formatTime(instant, language)
	});
}

/** A name from the directory of services, in the reader's language where it is translated. */
const named = (language: LanguageCode, name: string) => catalogueName(language, name).text;

/** The service and who runs it: "GP appointment, Eastmere Surgery". */
function serviceLine(language: LanguageCode, about: { service: string; organisation: string }) {
	return `${named(language, about.service)}, ${named(language, about.organisation)}`;
}

export type AppointmentMessageKind = Extract<MessageKind, `appointment.${string}`>;

const appointmentKeys: Record<AppointmentMessageKind, string> = {
	'appointment.booked': 'booked',
	'appointment.rescheduled': 'rescheduled',
	'appointment.cancelled': 'cancelled',
	'appointment.reminder': 'reminder'
};

/** An appointment as its messages describe it (appointments/queries.ts's view fits it). */
export type AppointmentDetails = {
	id: number;
	reference: string;
	startsAt: Date;
	mode: AppointmentMode;
	service: string;
	label: SensitivityLabel;
	organisation: string;
	location: string;
	address: string;
	postcode: string;
};

/** Booked, moved, cancelled, or tomorrow: what, when, how and where, and its reference. */
export function appointmentMessage(
	view: { kind: AppointmentMessageKind; to: Greeted; appointment: AppointmentDetails },
	t: Translate,
	language: LanguageCode
): Written {
	const { appointment } = view;
	const key = `messages.${appointmentKeys[view.kind]}`;
	const link =
		view.kind === 'appointment.cancelled'
			? `${publicOrigin}/appointments/book`
			: `${publicOrigin}/appointments/${appointment.id}`;
	return {
		subject: t(`${key}.subject`, { service: named(language, appointment.service) }),
		body: [
			greeting(t, view.to),
			t(`${key}.lead`),
			[
				serviceLine(language, appointment),
				dateAndTime(t, language, appointment.startsAt),
				t(`appointments.modes.${appointment.mode}`),
				...(appointment.mode === 'in_person'
					? [
							`${named(language, appointment.location)}, ${appointment.address}, ${appointment.postcode}`
						]
					: []),
				t('messages.reference', { reference: formatReference(appointment.reference) })
			].join('\n'),
			t(`${key}.next`, { link })
		].join('\n\n')
	};
}

/**
 * An invitation to act for a patient. The code is in the message: it is the secret that lets
 * the invited person accept, and the outbox is as protected as the rest of the database.
 */
export function invitationMessage(
	view: {
		inviter: string;
		code: string;
		expiresAt: Date;
		/** Recorded in person by staff, rather than sent by the patient themself. */
		inPerson?: boolean;
	},
	t: Translate,
	language: LanguageCode
): Written {
	const { inviter: name } = view;
	return {
		subject: t('messages.invitation.subject', { name }),
		body: [
			t(view.inPerson ? 'messages.invitation.leadInPerson' : 'messages.invitation.lead', { name }),
			t('messages.invitation.code', { code: formatInvitationCode(view.code) }),
			t('messages.invitation.next', {
				link: `${publicOrigin}/people/accept`,
				date: formatDate(view.expiresAt, language)
			})
		].join('\n\n')
	};
}

/**
 * A message about someone's account itself. A reset code, or a code confirming a new account's
 * address, is in the message, as an invitation code is: it is what the person types back.
 */
export type AccountMessage =
	| { kind: 'account.reset_code'; code: string; expiresAt: Date; now: Date }
	| { kind: 'account.confirm_code'; code: string; expiresAt: Date; now: Date }
	| { kind: 'account.password_changed'; now: Date }
	| { kind: 'account.already_registered'; now: Date };

export function accountMessage(
	message: AccountMessage,
	t: Translate,
	language: LanguageCode
): Written {
	const written = (subject: string, lines: string[]) => ({
		subject: t(subject),
		body: lines.join('\n\n')
	});
	const when = { date: formatDate(message.now, language), time: formatTime(message.now, language) };
	switch (message.kind) {
		case 'account.reset_code':
		case 'account.confirm_code': {
			const key = message.kind === 'account.reset_code' ? 'resetCode' : 'confirmCode';
			return written(`messages.${key}.subject`, [
				t(`messages.${key}.code`, { code: message.code }),
				t(`messages.${key}.expires`, { time: formatTime(message.expiresAt, language) }),
				t(`messages.${key}.notYou`)
			]);
		}
		case 'account.password_changed':
			return written('messages.passwordChanged.subject', [
				t('messages.passwordChanged.lead', when),
				t('messages.passwordChanged.notYou', { link: `${publicOrigin}/help` })
			]);
		case 'account.already_registered':
			return written('messages.alreadyRegistered.subject', [
				t('messages.alreadyRegistered.lead', when),
				t('messages.alreadyRegistered.signIn', { link: `${publicOrigin}/sign-in` }),
				t('messages.alreadyRegistered.reset', { link: `${publicOrigin}/sign-in/reset` }),
				t('messages.alreadyRegistered.notYou')
			]);
	}
}

/** A record code as it is printed: two groups of four digits, easier to copy from a letter. */
export function formatRecordCode(code: string): string {
	return `${code.slice(0, 4)} ${code.slice(4)}`;
}

/** A "find my record" code, and where and until when to type it. */
export function recordCodeMessage(
	view: { code: string; expiresAt: Date },
	t: Translate,
	language: LanguageCode
): Written {
	return {
		subject: t('messages.recordCode.subject'),
		body: [
			t('messages.recordCode.code', { code: formatRecordCode(view.code) }),
			t('messages.recordCode.where', {
				link: `${publicOrigin}/your-record/code`,
				date: formatDate(view.expiresAt, language),
				time: formatTime(view.expiresAt, language)
			}),
			t('messages.recordCode.notYou')
		].join('\n\n')
	};
}

/** Staff recorded in person someone who may act for the patient: where to see or end it. */
export function relationshipRecordedMessage(
	view: { to: Greeted; kind: ProxyKind },
	t: Translate
): Written {
	return {
		subject: t('messages.recorded.subject'),
		body: [
			greeting(t, view.to),
			t('messages.recorded.lead', { kind: t(`people.kinds.${view.kind}`) }),
			t('messages.recorded.next', { link: `${publicOrigin}/people` })
		].join('\n\n')
	};
}

/** What a link worker did in an assisted session: each change in the words of the activity log. */
export function assistedSummaryMessage(
	view: {
		to: Greeted;
		startedAt: Date;
		endedAt: Date;
		done: { action: string; reference: string | null }[];
	},
	t: Translate,
	language: LanguageCode
): Written {
	const done =
		view.done.length === 0
			? t('assist.summaryNothing')
			: view.done
					.map(
						(entry) =>
							`- ${t(`activity.actions.${entry.action}`, {
								reference: entry.reference ? formatReference(entry.reference) : ''
							})}`
					)
					.join('\n');
	return {
		subject: t('messages.assistSummary.subject'),
		body: [
			greeting(t, view.to),
			t('messages.assistSummary.lead', {
				from: dateAndTime(t, language, view.startedAt),
				to: formatTime(view.endedAt, language)
			}),
			done,
			t('messages.assistSummary.next', { link: `${publicOrigin}/activity` })
		].join('\n\n')
	};
}

export type RequestMessageKind = Extract<MessageKind, `request.${string}`>;

/** A request for face-to-face contact as its messages describe it. */
export type RequestDetails = {
	id: number;
	reference: string;
	dueBy: Date;
	closeReason: CloseReason | null;
	service: string;
	organisation: string;
};

/**
 * What happened to a request for face-to-face contact: what was said, the appointment arranged
 * (only the message that arranges it names it), or why it was closed.
 */
export function requestMessage(
	view: {
		kind: RequestMessageKind;
		to: Greeted;
		request: RequestDetails;
		/** What staff or the patient wrote, as written. */
		said: string | null;
		appointment: { startsAt: Date; mode: AppointmentMode; location: string } | null;
	},
	t: Translate,
	language: LanguageCode
): Written {
	const { request } = view;
	const key = `messages.request.${view.kind.slice('request.'.length)}`;
	const appointment = view.kind === 'request.arranged' ? view.appointment : null;
	return {
		subject: t(`${key}.subject`, { service: named(language, request.service) }),
		body: [
			greeting(t, view.to),
			t(`${key}.lead`, {
				date: formatDate(request.dueBy, language),
				reason: request.closeReason ? t(`contact.closeReasons.${request.closeReason}`) : ''
			}),
			...(view.said ? [view.said] : []),
			...(appointment
				? [
						[
							dateAndTime(t, language, appointment.startsAt),
							t(`appointments.modes.${appointment.mode}`),
							...(appointment.mode === 'in_person' ? [named(language, appointment.location)] : [])
						].join('\n')
					]
				: []),
			[
				serviceLine(language, request),
				t('messages.reference', { reference: formatReference(request.reference) })
			].join('\n'),
			t('messages.request.next', { link: `${publicOrigin}/contact/${request.id}` })
		].join('\n\n')
	};
}

/** The words of a reset code message with the code taken out. */
export function withoutResetCode(body: string): string {
	return body.replace(/\d{6}/g, '••••••');
}

/**
 * The words kept once a message has been handed on to be delivered: a reset code, a code
 * confirming a new account's address, or a "find my record" code leaves its message then (the
 * person has it now), so the database, and any backup of it, never holds one that was sent.
 * Other messages are kept as written.
 */
export function keptOnceSent(message: { kind: MessageKind; body: string }): string {
	if (message.kind === 'account.record_code') {
		return message.body.replace(/\b\d{4} \d{4}\b/g, '•••• ••••');
	}
	return message.kind === 'account.reset_code' || message.kind === 'account.confirm_code'
		? withoutResetCode(message.body)
		: message.body;
}
