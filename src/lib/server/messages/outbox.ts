// Putting messages in the outbox. Messages are queued in the same transaction as the change they
// tell people about, so a change is never made without its message, nor a message without its
// change. They are written in the recipient's language at the time, and kept as written.
import { and, asc, eq, gt, inArray, isNull, lte, or } from 'drizzle-orm';
import { catalogueName, translatorFor } from '$lib/i18n';
import { formatDate, formatInvitationCode, formatReference, formatTime } from '$lib/i18n/format';
import { defaultLanguage, isLanguageCode, type LanguageCode } from '$lib/i18n/languages';
import { mayKnowOfService } from '../access/policy';
import { identifiersOf } from '../identifier';
import { publicOrigin } from '../config';
import { tables, type Db, type Transaction } from '../db';
import type {
	MessageChannel,
	MessageKind,
	ProxyKind,
	ReachMethod,
	RecordCodeChannel,
	RequestEventKind,
	SensitivityLabel
} from '../db/schema';

const {
	appointments,
	contactRequests,
	locations,
	organisations,
	outbox,
	patients,
	proxyRelationships,
	services,
	slots,
	users
} = tables;
type Executor = Db | Transaction;

type Recipient = {
	channel: MessageChannel;
	/** Email address, mobile number, or a letter's address lines. */
	address: string;
	language: LanguageCode;
	/** Written to the person's carer, who passes it on, rather than to the person. */
	viaCarer: boolean;
};

function languageOf(account: { language: string | null }): LanguageCode {
	return isLanguageCode(account.language) ? account.language : defaultLanguage;
}

/** An account's own address: email when there is one, as it carries the most; else SMS. */
function accountChannel(account: {
	email: string | null;
	mobile: string | null;
}): [MessageChannel, string] | null {
	if (account.email) return ['email', account.email];
	if (account.mobile) return ['sms', account.mobile];
	return null;
}

/**
 * Ways a message may not go: a reminder cannot wait for the post; some notices are the patient's
 * own. A message about a service goes through a carer only when they may know of the service
 * (its sensitivity label, as access.ts decides).
 */
type Limits = { letter?: boolean; carer?: boolean; about?: { label: SensitivityLabel } };

/**
 * Where and in what language a patient hears from us: the way they prefer, when it can carry a
 * message (a phone call cannot be queued; a letter needs an address) and the message may go that
 * way; otherwise their account (email, else SMS). Through a link worker means in person: nothing
 * is sent.
 */
function recipientOf(
	db: Executor,
	patientId: number,
	limits: Limits = { letter: true, carer: true },
	/** The way asked for this once (on a request), rather than the way recorded for them. */
	preferred?: ReachMethod
): Recipient | null {
	const patient = db.select().from(patients).where(eq(patients.id, patientId)).get();
	if (!patient) return null;
	const account = db
		.select({ email: users.email, mobile: users.mobile, language: users.language })
		.from(users)
		.where(eq(users.patientId, patientId))
		.get();
	const language = account ? languageOf(account) : defaultLanguage;
	const by = (channel: MessageChannel, address: string): Recipient => ({
		channel,
		address,
		language,
		viaCarer: false
	});
	switch (preferred ?? patient.reachBy) {
		case 'sms':
			if (account?.mobile) return by('sms', account.mobile);
			break;
		case 'email':
			if (account?.email) return by('email', account.email);
			break;
		case 'letter':
			if (limits.letter && patient.address) {
				const lines = [
					`${patient.givenName} ${patient.familyName}`,
					patient.address,
					patient.postcode
				];
				return by('letter', lines.join('\n').trim());
			}
			break;
		case 'carer': {
			const carer = limits.carer ? carerOf(db, patientId, limits.about) : null;
			if (carer) return carer;
			break;
		}
	}
	const channel = account && accountChannel(account);
	return channel ? by(channel[0], channel[1]) : null;
}

/**
 * The first carer who acts for the patient and has an account (and may know of the service the
 * message is about), written to in their language.
 */
function carerOf(
	db: Executor,
	patientId: number,
	about?: { label: SensitivityLabel }
): Recipient | null {
	const carer = db
		.select({
			email: users.email,
			mobile: users.mobile,
			language: users.language,
			permissions: proxyRelationships.permissions,
			carePlanLabels: proxyRelationships.carePlanLabels
		})
		.from(proxyRelationships)
		.innerJoin(users, eq(proxyRelationships.proxyUserId, users.id))
		.where(
			and(
				eq(proxyRelationships.patientId, patientId),
				// Their carer: not an attorney or anyone else who acts for them.
				eq(proxyRelationships.kind, 'carer'),
				eq(proxyRelationships.status, 'active'),
				or(isNull(proxyRelationships.endsAt), gt(proxyRelationships.endsAt, new Date()))
			)
		)
		.orderBy(asc(proxyRelationships.acceptedAt))
		.all()
		.find(
			(relationship) =>
				!about || mayKnowOfService({ via: 'proxy', grant: relationship }, about.label)
		);
	const channel = carer && accountChannel(carer);
	return carer && channel
		? { channel: channel[0], address: channel[1], language: languageOf(carer), viaCarer: true }
		: null;
}

/** The opening line: the person's name, or, to a carer, whose care the message is about. */
function greeting(
	t: ReturnType<typeof translatorFor>,
	recipient: Recipient,
	patient: { givenName: string; familyName: string }
): string {
	return recipient.viaCarer
		? t('messages.greetingCarer', { name: `${patient.givenName} ${patient.familyName}` })
		: t('messages.greeting', { name: patient.givenName });
}

/** Puts one message in the outbox, to go as soon as the worker next looks. */
function enqueue(
	db: Executor,
	recipient: Recipient,
	message: {
		kind: MessageKind;
		patientId: number | null;
		subject: string;
		body: string;
		now: Date;
		appointmentId?: number;
		dedupeKey?: string | null;
	}
): boolean {
	const inserted = db
		.insert(outbox)
		.values({
			kind: message.kind,
			patientId: message.patientId,
			appointmentId: message.appointmentId ?? null,
			channel: recipient.channel,
			recipient: recipient.address,
			language: recipient.language,
			// Emails and letters have a heading; a text message does not.
			subject: recipient.channel === 'sms' ? null : message.subject,
			body: message.body,
			nextAttemptAt: message.now,
			dedupeKey: message.dedupeKey ?? null
		})
		.onConflictDoNothing({ target: outbox.dedupeKey })
		.run();
	return inserted.changes > 0;
}

type AppointmentMessageKind = Extract<MessageKind, `appointment.${string}`>;

const messageKeys: Record<AppointmentMessageKind, string> = {
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
	kind: AppointmentMessageKind,
	appointmentId: number,
	now = new Date()
): boolean {
	const row = db
		.select({
			id: appointments.id,
			patientId: appointments.patientId,
			reference: appointments.reference,
			givenName: patients.givenName,
			familyName: patients.familyName,
			mode: slots.mode,
			startsAt: slots.startsAt,
			service: services.name,
			label: services.label,
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
	// A letter about tomorrow would arrive after it: reminders go by email or SMS only.
	const recipient = recipientOf(db, row.patientId, {
		letter: kind !== 'appointment.reminder',
		carer: true,
		about: row
	});
	if (!recipient) return false;

	const { language } = recipient;
	const t = translatorFor(language);
	const named = (name: string) => catalogueName(language, name).text;
	const key = `messages.${messageKeys[kind]}`;
	const link =
		kind === 'appointment.cancelled'
			? `${publicOrigin}/appointments/book`
			: `${publicOrigin}/appointments/${row.id}`;
	const body = [
		greeting(t, recipient, row),
		t(`${key}.lead`),
		[
			`${named(row.service)}, ${named(row.organisation)}`,
			t('appointments.dateTime', {
				date: formatDate(row.startsAt, language),
				time: formatTime(row.startsAt, language)
			}),
			t(`appointments.modes.${row.mode}`),
			...(row.mode === 'in_person'
				? [`${named(row.location)}, ${row.address}, ${row.postcode}`]
				: []),
			t('messages.reference', { reference: formatReference(row.reference) })
		].join('\n'),
		t(`${key}.next`, { link })
	].join('\n\n');

	return enqueue(db, recipient, {
		kind,
		patientId: row.patientId,
		appointmentId: row.id,
		subject: t(`${key}.subject`, { service: named(row.service) }),
		body,
		now,
		// One reminder for each time an appointment is at: a changed time gets its own.
		dedupeKey:
			kind === 'appointment.reminder' ? `reminder:${row.id}:${row.startsAt.getTime()}` : null
	});
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
		/** Recorded in person by staff, rather than sent by the patient themself. */
		inPerson?: boolean;
	}
): void {
	const { language, inviter, code, expiresAt } = invitation;
	const t = translatorFor(language);
	const email = invitation.invited.kind === 'email';
	enqueue(
		db,
		{
			channel: email ? 'email' : 'sms',
			address: invitation.invited.value,
			language,
			viaCarer: false
		},
		{
			kind: 'proxy.invitation',
			patientId: invitation.patientId,
			subject: t('messages.invitation.subject', { name: inviter }),
			body: [
				t(invitation.inPerson ? 'messages.invitation.leadInPerson' : 'messages.invitation.lead', {
					name: inviter
				}),
				t('messages.invitation.code', { code: formatInvitationCode(code) }),
				t('messages.invitation.next', {
					link: `${publicOrigin}/people/accept`,
					date: formatDate(expiresAt, language)
				})
			].join('\n\n'),
			now: invitation.now
		}
	);
}

/**
 * A message about someone's account itself, to the address they sign in with (the one they typed,
 * for a reset code) in their language: never by letter or through a carer, who cannot use it.
 * A reset code is in the message, as an invitation code is: it is what the person types back.
 */
export function queueAccountMessage(
	db: Executor,
	account: { patientId: number | null; language: string | null },
	to: { kind: 'email' | 'mobile'; value: string },
	message:
		| { kind: 'account.reset_code'; code: string; expiresAt: Date; now: Date }
		| { kind: 'account.confirm_code'; code: string; expiresAt: Date; now: Date }
		| { kind: 'account.password_changed'; now: Date }
		| { kind: 'account.already_registered'; now: Date }
): void {
	const language = languageOf(account);
	const t = translatorFor(language);
	const { now } = message;
	const when = { date: formatDate(now, language), time: formatTime(now, language) };
	const words: Record<typeof message.kind, () => [string, string[]]> = {
		'account.reset_code': () => [
			t('messages.resetCode.subject'),
			[
				t('messages.resetCode.code', { code: 'code' in message ? message.code : '' }),
				t('messages.resetCode.expires', {
					time: 'expiresAt' in message ? formatTime(message.expiresAt, language) : ''
				}),
				t('messages.resetCode.notYou')
			]
		],
		'account.confirm_code': () => [
			t('messages.confirmCode.subject'),
			[
				t('messages.confirmCode.code', { code: 'code' in message ? message.code : '' }),
				t('messages.confirmCode.expires', {
					time: 'expiresAt' in message ? formatTime(message.expiresAt, language) : ''
				}),
				t('messages.confirmCode.notYou')
			]
		],
		'account.password_changed': () => [
			t('messages.passwordChanged.subject'),
			[
				t('messages.passwordChanged.lead', when),
				t('messages.passwordChanged.notYou', { link: `${publicOrigin}/help` })
			]
		],
		'account.already_registered': () => [
			t('messages.alreadyRegistered.subject'),
			[
				t('messages.alreadyRegistered.lead', when),
				t('messages.alreadyRegistered.signIn', { link: `${publicOrigin}/sign-in` }),
				t('messages.alreadyRegistered.reset', { link: `${publicOrigin}/sign-in/reset` }),
				t('messages.alreadyRegistered.notYou')
			]
		]
	};
	const [subject, lines] = words[message.kind]();
	enqueue(
		db,
		{
			channel: to.kind === 'email' ? 'email' : 'sms',
			address: to.value,
			language,
			viaCarer: false
		},
		{ kind: message.kind, patientId: account.patientId, subject, body: lines.join('\n\n'), now }
	);
}

/**
 * A "find my record" code, to the contact the record itself holds (the GP practice's mobile or
 * email, or a letter to the registered address), chosen by identity/find-my-record.ts and never
 * typed by whoever asked; in the language of the account that asked, whose holder types it back.
 */
export function queueRecordCode(
	db: Executor,
	to: { channel: RecordCodeChannel; address: string; patientId: number; language: LanguageCode },
	message: { code: string; expiresAt: Date; now: Date }
): void {
	const t = translatorFor(to.language);
	const { code, expiresAt, now } = message;
	enqueue(
		db,
		{ channel: to.channel, address: to.address, language: to.language, viaCarer: false },
		{
			kind: 'account.record_code',
			patientId: to.patientId,
			subject: t('messages.recordCode.subject'),
			body: [
				t('messages.recordCode.code', { code: formatRecordCode(code) }),
				t('messages.recordCode.where', {
					link: `${publicOrigin}/your-record/code`,
					date: formatDate(expiresAt, to.language),
					time: formatTime(expiresAt, to.language)
				}),
				t('messages.recordCode.notYou')
			].join('\n\n'),
			now
		}
	);
}

/** A record code as it is printed: two groups of four digits, easier to copy from a letter. */
export function formatRecordCode(code: string): string {
	return `${code.slice(0, 4)} ${code.slice(4)}`;
}

/** The words of a reset code message with the code taken out. */
function withoutResetCode(body: string): string {
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

/**
 * A reset code is a live secret only while it works. Once it is sent (see `keptOnceSent`), used
 * or replaced, or its ten minutes are over, it is taken out of the message kept in the outbox (the rest of the words
 * stay as the record), so the outbox never holds a code that still opens an account. For the
 * addresses an account signs in with, or for every code sent before a time. How many messages were changed.
 */
export function redactResetCodes(
	db: Executor,
	which: { account: { email: string | null; mobile: string | null } } | { sentBefore: Date }
): number {
	const sent =
		'account' in which
			? inArray(
					outbox.recipient,
					identifiersOf(which.account).map((identifier) => identifier.value)
				)
			: lte(outbox.createdAt, which.sentBefore);
	const messages = db
		.select({ id: outbox.id, body: outbox.body })
		.from(outbox)
		.where(and(eq(outbox.kind, 'account.reset_code'), sent))
		.all();
	let redacted = 0;
	for (const message of messages) {
		const body = withoutResetCode(message.body);
		if (body === message.body) continue;
		db.update(outbox).set({ body }).where(eq(outbox.id, message.id)).run();
		redacted++;
	}
	return redacted;
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

/**
 * Tells the patient, when they can be reached, that staff recorded in person someone who may act
 * for them, and where to see or end it.
 */
export function queueRelationshipRecorded(
	db: Executor,
	recorded: { patientId: number; kind: ProxyKind; now: Date }
): boolean {
	// Who may act for the patient is told to the patient, never through someone acting for them.
	const recipient = recipientOf(db, recorded.patientId, { letter: true, carer: false });
	const patient = db.select().from(patients).where(eq(patients.id, recorded.patientId)).get();
	if (!recipient || !patient) return false;
	const t = translatorFor(recipient.language);
	return enqueue(db, recipient, {
		kind: 'proxy.recorded',
		patientId: recorded.patientId,
		subject: t('messages.recorded.subject'),
		body: [
			greeting(t, recipient, patient),
			t('messages.recorded.lead', { kind: t(`people.kinds.${recorded.kind}`) }),
			t('messages.recorded.next', { link: `${publicOrigin}/people` })
		].join('\n\n'),
		now: recorded.now
	});
}

/**
 * A copy of what a link worker did in an assisted session, for the resident: each change in
 * the words of their activity log. Returns how it went (a channel, or `carer`), or null when
 * they are reached in person only.
 */
export function queueAssistedSummary(
	db: Executor,
	summary: {
		patientId: number;
		startedAt: Date;
		endedAt: Date;
		done: { action: string; reference: string | null }[];
		now: Date;
	}
): MessageChannel | 'carer' | null {
	const recipient = recipientOf(db, summary.patientId);
	const patient = db.select().from(patients).where(eq(patients.id, summary.patientId)).get();
	if (!recipient || !patient) return null;
	const { language } = recipient;
	const t = translatorFor(language);
	const done =
		summary.done.length === 0
			? t('assist.summaryNothing')
			: summary.done
					.map(
						(entry) =>
							`- ${t(`activity.actions.${entry.action}`, {
								reference: entry.reference ? formatReference(entry.reference) : ''
							})}`
					)
					.join('\n');
	enqueue(db, recipient, {
		kind: 'assist.summary',
		patientId: summary.patientId,
		subject: t('messages.assistSummary.subject'),
		body: [
			greeting(t, recipient, patient),
			t('messages.assistSummary.lead', {
				from: t('appointments.dateTime', {
					date: formatDate(summary.startedAt, language),
					time: formatTime(summary.startedAt, language)
				}),
				to: formatTime(summary.endedAt, language)
			}),
			done,
			t('messages.assistSummary.next', { link: `${publicOrigin}/activity` })
		].join('\n\n'),
		now: summary.now
	});
	return recipient.viaCarer ? 'carer' : recipient.channel;
}

type RequestMessageKind = Extract<MessageKind, `request.${string}`>;

/** The message each step of a request's timeline sends the patient. */
export const requestMessageKinds: Partial<Record<RequestEventKind, RequestMessageKind>> = {
	received: 'request.received',
	in_review: 'request.in_review',
	message_from_staff: 'request.message',
	message_from_patient: 'request.message',
	arranged: 'request.arranged',
	closed: 'request.closed'
};

/**
 * Who hears about a request not matched to a record yet: the account that made it, at its own
 * email address or mobile number (the way asked, when it has it), in its language. Nobody else
 * is told: there is no record, so no carer, letter address or contact the practice holds.
 */
function makerOf(db: Executor, userId: number, preferred: ReachMethod): Recipient | null {
	const account = db
		.select({ email: users.email, mobile: users.mobile, language: users.language })
		.from(users)
		.where(eq(users.id, userId))
		.get();
	if (!account) return null;
	const language = languageOf(account);
	const asked: [MessageChannel, string] | null =
		preferred === 'email' && account.email
			? ['email', account.email]
			: (preferred === 'sms' || preferred === 'phone') && account.mobile
				? ['sms', account.mobile]
				: null;
	const channel = asked ?? accountChannel(account);
	return channel ? { channel: channel[0], address: channel[1], language, viaCarer: false } : null;
}

/**
 * Tells the patient what happened to their request for face-to-face contact, the way they asked
 * to be reached on it: what was said, the appointment arranged, or why it was closed. Until it
 * is matched to a record, the account that made it is told instead (see `makerOf`).
 */
export function queueRequestMessage(
	db: Executor,
	kind: RequestMessageKind,
	requestId: number,
	said: { body?: string | null; now: Date }
): boolean {
	const request = db
		.select({
			id: contactRequests.id,
			reference: contactRequests.reference,
			// From the record joined; null while the request is not matched to one.
			patientId: patients.id,
			madeByUserId: contactRequests.madeByUserId,
			statedIdentity: contactRequests.statedIdentity,
			reachBy: contactRequests.reachBy,
			closeReason: contactRequests.closeReason,
			dueBy: contactRequests.dueBy,
			appointmentId: contactRequests.appointmentId,
			givenName: patients.givenName,
			familyName: patients.familyName,
			service: services.name,
			label: services.label,
			organisation: organisations.name
		})
		.from(contactRequests)
		.leftJoin(patients, eq(contactRequests.patientId, patients.id))
		.innerJoin(services, eq(contactRequests.serviceId, services.id))
		.innerJoin(organisations, eq(services.organisationId, organisations.id))
		.where(eq(contactRequests.id, requestId))
		.get();
	if (!request) return false;
	const recipient =
		request.patientId === null
			? makerOf(db, request.madeByUserId, request.reachBy)
			: recipientOf(
					db,
					request.patientId,
					{ letter: true, carer: true, about: request },
					request.reachBy
				);
	if (!recipient) return false;
	// Named as the record names them; until matched, as they named themself.
	const person = {
		givenName: request.givenName ?? request.statedIdentity?.givenName ?? '',
		familyName: request.familyName ?? request.statedIdentity?.familyName ?? ''
	};
	const { language } = recipient;
	const t = translatorFor(language);
	const named = (name: string) => catalogueName(language, name).text;
	const key = `messages.request.${kind.slice('request.'.length)}`;
	const appointment =
		kind === 'request.arranged' && request.appointmentId !== null
			? db
					.select({ startsAt: slots.startsAt, mode: slots.mode, location: locations.name })
					.from(appointments)
					.innerJoin(slots, eq(appointments.slotId, slots.id))
					.innerJoin(locations, eq(slots.locationId, locations.id))
					.where(eq(appointments.id, request.appointmentId))
					.get()
			: undefined;
	const body = [
		greeting(t, recipient, person),
		t(`${key}.lead`, {
			date: formatDate(request.dueBy, language),
			reason: request.closeReason ? t(`contact.closeReasons.${request.closeReason}`) : ''
		}),
		...(said.body ? [said.body] : []),
		...(appointment
			? [
					[
						t('appointments.dateTime', {
							date: formatDate(appointment.startsAt, language),
							time: formatTime(appointment.startsAt, language)
						}),
						t(`appointments.modes.${appointment.mode}`),
						...(appointment.mode === 'in_person' ? [named(appointment.location)] : [])
					].join('\n')
				]
			: []),
		[
			`${named(request.service)}, ${named(request.organisation)}`,
			t('messages.reference', { reference: formatReference(request.reference) })
		].join('\n'),
		t('messages.request.next', { link: `${publicOrigin}/contact/${request.id}` })
	].join('\n\n');
	return enqueue(db, recipient, {
		kind,
		patientId: request.patientId,
		appointmentId: request.appointmentId ?? undefined,
		subject: t(`${key}.subject`, { service: named(request.service) }),
		body,
		now: said.now
	});
}
