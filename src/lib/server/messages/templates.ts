// The words of each kind of message: a pure function from what the message is about (a typed
// view the caller already holds) and a translator in the recipient's language to a subject and
// a body, and the body's text-message form. Nothing here reads the database or decides who
// hears: see recipients.ts and outbox.ts.
// One file, a function a kind: the kinds share their opening line, their date-and-time line and
// their service line, which stay private here rather than in a module of their own.
//
// A text message is charged by the fragment, and a text in Arabic, Bengali or any script outside
// the GSM alphabet fits only 70 characters in one (fragments.ts): each text form says less than
// the email or letter it stands for, never more, and fits 3 fragments in every language
// (fragments.spec.ts counts every kind in every language at its longest).
import { catalogueName, type Translate } from '$lib/i18n';
import {
	formatDate,
	formatInvitationCode,
	formatReference,
	formatShortDate,
	formatTime
} from '$lib/i18n/format';
import type { LanguageCode } from '$lib/i18n/languages';
import { publicOrigin } from '../config';
import { maxTextFragments, textLength } from './fragments';
import type {
	AppointmentMode,
	CloseReason,
	MessageKind,
	ProxyKind,
	SensitivityLabel
} from '../db/schema';

/** A message's heading, its body (email and letter), and its text-message form. */
export type Written = { subject: string; body: string; text: string };

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

/**
 * What a text leaves out when all of it would not fit in three fragments, in the order it is
 * left out: the link where replies are offered (they do its job on a phone without a browser),
 * the reference, the explanation in brackets after a service's name ("Audiology (hearing)"),
 * and, to a carer, the person's family name.
 */
const shortenings = ['link', 'reference', 'gloss', 'familyName'] as const;
type Shortening = (typeof shortenings)[number];

/**
 * A text that fits: `write` is given what to leave out, more each time, and its first text
 * that fits three fragments (with the service's name that Notify may put before it) is sent.
 * The fragment test in fragments.spec.ts fails on any that would not fit even shortest.
 */
function fitted(t: Translate, write: (leftOut: (part: Shortening) => boolean) => string[]): string {
	let text = '';
	for (let steps = 0; steps <= shortenings.length; steps++) {
		const leftOut = shortenings.slice(0, steps);
		// An empty part (no greeting, to a number we know nothing of) is no line at all.
		text = lines(...write((part) => leftOut.includes(part)).filter(Boolean));
		if (textLength(text, t('common.serviceName')).fragments <= maxTextFragments) break;
	}
	return text;
}

/**
 * The first line of a text: the person's given name, or, to a carer, whose care it is about by
 * full name (a phone may be shared, so a text that asks something names whose question it is);
 * by given name only when the full name does not fit.
 */
function textGreeting(
	t: Translate,
	to: Greeted | null,
	leftOut: (part: Shortening) => boolean
): string {
	if (!to) return '';
	const { givenName, familyName } = to.person;
	return to.viaCarer
		? t('messages.text.about', {
				name: leftOut('familyName') ? givenName : `${givenName} ${familyName}`
			})
		: t('messages.greeting', { name: givenName });
}

/**
 * A link as a text gives it: without "https://", which every phone opens without, so it costs
 * eight characters less (a local "http://" stays: phones would assume https).
 */
function textLink(path: string): string {
	return `${publicOrigin.replace(/^https:\/\//, '')}${path}`;
}

/** A text's lines, each on its own: a line break costs what a space costs. */
const lines = (...parts: string[]) => parts.join('\n');

/** A moment as people read it: "Monday 7 December 2026 at 9am", in London time. */
function dateAndTime(t: Translate, language: LanguageCode, instant: Date): string {
	return t('appointments.dateTime', {
		date: formatDate(instant, language),
		time: formatTime(instant, language)
	});
}

/**
 * The numbers a person replies with, as the texts offer them: to an appointment's text, and, to
 * the other times offered, the time's own number from 1, or 0 for a call instead.
 */
export const replyNumbers = {
	keep: 1,
	cancel: 2,
	otherTime: 3,
	callMe: 4,
	callMeAmongTimes: 0
} as const;

/** "Reply 1 to keep it, 2 to cancel, 3 for a different time, 4 for us to call you." */
const repliesOffered = (t: Translate) =>
	t('messages.text.replies', {
		keep: replyNumbers.keep,
		cancel: replyNumbers.cancel,
		otherTime: replyNumbers.otherTime,
		callMe: replyNumbers.callMe
	});

/** A moment as a text gives it: "Wed 30 Sept 9:30am", in London time. */
function shortDateAndTime(t: Translate, language: LanguageCode, instant: Date): string {
	return t('messages.text.when', {
		date: formatShortDate(instant, language),
		time: formatTime(instant, language)
	});
}

/** A name from the directory of services, in the reader's language where it is translated. */
const named = (language: LanguageCode, name: string) => catalogueName(language, name).text;

/** A service's name in a text, without its explanation in brackets when that is left out. */
function textName(language: LanguageCode, name: string, leftOut: (part: Shortening) => boolean) {
	const text = named(language, name);
	return leftOut('gloss') ? text.replace(/\s*[(（][^()（）]*[)）]$/u, '') : text;
}

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

/** When and how, in a text: "Wed 30 Sept at 9:30am, Phone call" (the link has where). */
function whenAndHow(
	t: Translate,
	language: LanguageCode,
	appointment: { startsAt: Date; mode: AppointmentMode }
): string {
	return t('messages.text.whenHow', {
		when: shortDateAndTime(t, language, appointment.startsAt),
		mode: t(`appointments.modes.${appointment.mode}`)
	});
}

/**
 * Booked, moved, cancelled, or tomorrow: what, when, how and where, and its reference. With
 * `replies` (a text to a number whose replies we read), the text ends with what the person can
 * reply instead of the link: it is for phones without a browser, and the two do not fit together
 * in three fragments in every language. A cancellation offers no replies.
 */
export function appointmentMessage(
	view: {
		kind: AppointmentMessageKind;
		to: Greeted;
		appointment: AppointmentDetails;
		replies?: boolean;
	},
	t: Translate,
	language: LanguageCode
): Written {
	const { appointment } = view;
	const key = `messages.${appointmentKeys[view.kind]}`;
	const path =
		view.kind === 'appointment.cancelled'
			? '/appointments/book'
			: `/appointments/${appointment.id}`;
	const link = `${publicOrigin}${path}`;
	const replies = view.replies === true && view.kind !== 'appointment.cancelled';
	return {
		text: fitted(t, (leftOut) => [
			textGreeting(t, view.to, leftOut),
			t(`messages.text.${appointmentKeys[view.kind]}`, {
				service: textName(language, appointment.service, leftOut)
			}),
			whenAndHow(t, language, appointment),
			...(leftOut('reference')
				? []
				: [t('messages.text.reference', { reference: formatReference(appointment.reference) })]),
			...(replies && leftOut('link') ? [] : [textLink(path)]),
			...(replies ? [repliesOffered(t)] : [])
		]),
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
		text: lines(
			t(view.inPerson ? 'messages.text.invitationInPerson' : 'messages.text.invitation', {
				name
			}),
			t('messages.text.invitationCode', {
				code: formatInvitationCode(view.code),
				date: formatShortDate(view.expiresAt, language)
			}),
			textLink('/people/accept')
		),
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
	const written = (subject: string, paragraphs: string[], text: string) => ({
		subject: t(subject),
		body: paragraphs.join('\n\n'),
		text
	});
	const when = { date: formatDate(message.now, language), time: formatTime(message.now, language) };
	const shortWhen = { ...when, date: formatShortDate(message.now, language) };
	switch (message.kind) {
		case 'account.reset_code':
		case 'account.confirm_code': {
			const key = message.kind === 'account.reset_code' ? 'resetCode' : 'confirmCode';
			const time = formatTime(message.expiresAt, language);
			return written(
				`messages.${key}.subject`,
				[
					t(`messages.${key}.code`, { code: message.code }),
					t(`messages.${key}.expires`, { time }),
					t(`messages.${key}.notYou`)
				],
				t('messages.text.code', { code: message.code, time })
			);
		}
		case 'account.password_changed':
			return written(
				'messages.passwordChanged.subject',
				[
					t('messages.passwordChanged.lead', when),
					t('messages.passwordChanged.notYou', { link: `${publicOrigin}/help` })
				],
				lines(t('messages.text.passwordChanged', shortWhen), textLink('/help'))
			);
		case 'account.already_registered':
			return written(
				'messages.alreadyRegistered.subject',
				[
					t('messages.alreadyRegistered.lead', when),
					t('messages.alreadyRegistered.signIn', { link: `${publicOrigin}/sign-in` }),
					t('messages.alreadyRegistered.reset', { link: `${publicOrigin}/sign-in/reset` }),
					t('messages.alreadyRegistered.notYou')
				],
				lines(t('messages.text.alreadyRegistered', shortWhen), textLink('/sign-in/reset'))
			);
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
	const code = t('messages.recordCode.code', { code: formatRecordCode(view.code) });
	return {
		text: lines(
			code,
			t('messages.recordCode.where', {
				link: textLink('/your-record/code'),
				date: formatShortDate(view.expiresAt, language),
				time: formatTime(view.expiresAt, language)
			})
		),
		subject: t('messages.recordCode.subject'),
		body: [
			code,
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
		text: fitted(t, (leftOut) => [
			textGreeting(t, view.to, leftOut),
			t('messages.text.recorded'),
			textLink('/people')
		]),
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
		text: fitted(t, (leftOut) => [
			textGreeting(t, view.to, leftOut),
			t('messages.text.assisted', { date: formatShortDate(view.startedAt, language) }),
			textLink('/activity')
		]),
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
	const step = view.kind.slice('request.'.length);
	return {
		// Never what staff wrote: a text may be read by whoever holds the phone.
		text: fitted(t, (leftOut) => [
			textGreeting(t, view.to, leftOut),
			t(`messages.text.request.${step}`, {
				reference: formatReference(request.reference),
				date: formatShortDate(request.dueBy, language),
				reason: request.closeReason ? t(`contact.closeReasons.${request.closeReason}`) : ''
			}),
			...(appointment ? [whenAndHow(t, language, appointment)] : []),
			textLink(`/contact/${request.id}`)
		]),
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

/**
 * An answer to a text message someone sent us (texts/ decides which). Each goes by text only,
 * so its body is its text; its subject is the kind's title staff see in the outbox.
 */
export type TextReply =
	/**
	 * What can be replied, and the service's phone number; "sorry, we did not understand" first
	 * when the reply was not understood. `about` null: no question is open for this number (or it
	 * is one we never texted), so no appointment is named and no phone unless given.
	 */
	| {
			kind: 'text.help';
			/** Null when nothing was asked of the number: whose it is, we do not know. */
			to: Greeted | null;
			understood: boolean;
			phone: string | null;
			about: AppointmentDetails | null;
	  }
	/** The patient will come: noted. */
	| { kind: 'text.kept'; to: Greeted; appointment: AppointmentDetails }
	/** Too close to the time to cancel by text: phone the service. */
	| { kind: 'text.too_late'; to: Greeted; appointment: AppointmentDetails; phone: string }
	/** Other free times to move to, numbered from 1, or none. */
	| { kind: 'text.times'; to: Greeted; appointment: AppointmentDetails; times: Date[] }
	/** STOP: no more texts to this number, and what still comes and how. */
	| { kind: 'text.stopped'; phone: string | null }
	/** START: texts again. */
	| { kind: 'text.started' };

export function textReplyMessage(view: TextReply, t: Translate, language: LanguageCode): Written {
	const phone = (number: string | null) =>
		number === null ? [] : [t('messages.text.phone', { phone: number })];
	const text = (() => {
		if (view.kind === 'text.stopped')
			return lines(t('messages.text.stopped'), ...phone(view.phone));
		if (view.kind === 'text.started') return t('messages.text.started');
		return fitted(t, (leftOut) => {
			const service = (appointment: AppointmentDetails) =>
				textName(language, appointment.service, leftOut);
			/** Which appointment: "GP appointment\nWed 30 Sept 9:30am". */
			const which = (appointment: AppointmentDetails) =>
				lines(service(appointment), shortDateAndTime(t, language, appointment.startsAt));
			const greeting = textGreeting(t, view.to, leftOut);
			switch (view.kind) {
				case 'text.help':
					return [
						greeting,
						...(view.understood ? [] : [t('messages.text.notUnderstood')]),
						...(view.about
							? [which(view.about), repliesOffered(t)]
							: [t('messages.text.nothingAsked'), textLink('/appointments')]),
						...phone(view.phone)
					];
				case 'text.kept':
					return [greeting, t('messages.text.kept'), which(view.appointment)];
				case 'text.too_late':
					return [
						greeting,
						t('messages.text.tooLate'),
						which(view.appointment),
						...phone(view.phone)
					];
				case 'text.times':
					return view.times.length === 0
						? [
								greeting,
								t('messages.text.noTimes', { service: service(view.appointment) }),
								t('messages.text.replyCallOnly', { number: replyNumbers.callMe })
							]
						: [
								greeting,
								t('messages.text.times'),
								...view.times.map((time, index) =>
									t('messages.text.time', {
										number: index + 1,
										time: shortDateAndTime(t, language, time)
									})
								),
								t('messages.text.replyCall', { number: replyNumbers.callMeAmongTimes })
							];
			}
		});
	})();
	return { subject: t(`staff:outbox.kinds.${view.kind}`), body: text, text };
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
