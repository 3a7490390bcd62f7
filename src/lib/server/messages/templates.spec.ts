// Each kind of message, written without a database: the words in English, exactly, and in
// Arabic from its own translation file; the data filled in, times in London's time; and, in
// every language offered, no placeholder left unfilled.
import { describe, expect, it } from 'vitest';
import { translatorFor } from '$lib/i18n';
import { formatDate, formatShortDate, formatTime } from '$lib/i18n/format';
import { languageCodes, type LanguageCode } from '$lib/i18n/languages';
import arabic from '$lib/i18n/locales/ar.json';
import { publicOrigin } from '../config';
import {
	accountMessage,
	appointmentMessage,
	assistedSummaryMessage,
	invitationMessage,
	keptOnceSent,
	recordCodeMessage,
	relationshipRecordedMessage,
	requestMessage,
	textReplyMessage,
	type AppointmentDetails,
	type Greeted,
	type RequestDetails,
	type TextReply,
	type Written
} from './templates';

const en = translatorFor('en');
const ar = translatorFor('ar');

/** An Arabic text from its file, its placeholders filled by hand (not by i18next). */
function arabicText(path: string, values: Record<string, string> = {}): string {
	const text = path
		.split('.')
		.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], arabic);
	if (typeof text !== 'string') throw new Error(`no Arabic text at ${path}`);
	return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? `{{${name}}}`);
}

// 9:30 in the morning in London: summer time, an hour ahead of UTC.
const summerMorning = new Date('2026-07-01T08:30:00Z');
const ola: Greeted = { viaCarer: false, person: { givenName: 'Ola', familyName: 'Nowak' } };
const olasCarer: Greeted = { ...ola, viaCarer: true };
const appointment: AppointmentDetails = {
	id: 42,
	reference: 'KX7R2P',
	startsAt: summerMorning,
	mode: 'in_person',
	service: 'GP appointment',
	label: 'general',
	organisation: 'Westbrook Medical Practice',
	location: 'Eastmere Health Centre',
	address: '1 High Street',
	postcode: 'E20 1AA'
};
const request: RequestDetails = {
	id: 7,
	reference: 'RQ4T8M',
	dueBy: new Date('2026-07-03T15:00:00Z'),
	closeReason: null,
	service: 'GP appointment',
	organisation: 'Westbrook Medical Practice'
};

describe('appointment messages', () => {
	it('say what, when in London time, how, where and the reference, in English', () => {
		expect(
			appointmentMessage({ kind: 'appointment.booked', to: ola, appointment }, en, 'en')
		).toEqual({
			subject: 'Appointment booked: GP appointment',
			body: [
				'Hello Ola,',
				'Your appointment is booked.',
				[
					'GP appointment, Westbrook Medical Practice',
					'Wednesday 1 July 2026 at 9:30am',
					'In person',
					'Eastmere Health Centre, 1 High Street, E20 1AA',
					'Reference: KX7 R2P'
				].join('\n'),
				`To see, change or cancel it, sign in to Joined Up: ${publicOrigin}/appointments/42`
			].join('\n\n'),
			text: [
				'Hello Ola,',
				'Booked: GP appointment',
				'Wed 1 Jul 9:30am, In person',
				'Ref KX7 R2P',
				`${publicOrigin}/appointments/42`
			].join('\n')
		});
	});

	it('give no place for a phone call, and point a cancellation to booking again', () => {
		const cancelled = appointmentMessage(
			{ kind: 'appointment.cancelled', to: ola, appointment: { ...appointment, mode: 'phone' } },
			en,
			'en'
		);
		expect(cancelled.subject).toBe('Appointment cancelled: GP appointment');
		expect(cancelled.body).toContain('Wednesday 1 July 2026 at 9:30am\nPhone call\nReference:');
		expect(cancelled.body).not.toContain('1 High Street');
		expect(cancelled.body).toContain(
			`If you need another appointment, book one at ${publicOrigin}/appointments/book or phone the service.`
		);
	});

	it('tell a carer whose appointment it is, by full name', () => {
		const reminder = appointmentMessage(
			{ kind: 'appointment.reminder', to: olasCarer, appointment },
			en,
			'en'
		);
		expect(reminder.subject).toBe('Reminder: your appointment tomorrow, GP appointment');
		expect(reminder.body.split('\n\n')[0]).toBe(
			'Hello. This message is about Ola Nowak, whom you help with their care. Please pass it on to them.'
		);
	});

	it('are written in Arabic from its own words, with the directory’s names translated', () => {
		const booked = appointmentMessage(
			{ kind: 'appointment.rescheduled', to: ola, appointment },
			ar,
			'ar'
		);
		const gp = arabic.catalogue['GP appointment'];
		expect(booked.subject).toBe(arabicText('messages.rescheduled.subject', { service: gp }));
		expect(booked.body.split('\n\n')).toEqual([
			arabicText('messages.greeting', { name: 'Ola' }),
			arabicText('messages.rescheduled.lead'),
			[
				`${gp}, ${arabic.catalogue['Westbrook Medical Practice']}`,
				arabicText('appointments.dateTime', {
					date: formatDate(summerMorning, 'ar'),
					time: formatTime(summerMorning, 'ar')
				}),
				arabicText('appointments.modes.in_person'),
				`${arabic.catalogue['Eastmere Health Centre']}, 1 High Street, E20 1AA`,
				arabicText('messages.reference', { reference: 'KX7 R2P' })
			].join('\n'),
			arabicText('messages.rescheduled.next', { link: `${publicOrigin}/appointments/42` })
		]);
		// London's time, not the instant's UTC hour.
		expect(formatTime(summerMorning, 'ar')).toContain('9:30');
	});
});

describe('an invitation to act for someone', () => {
	const invitation = {
		inviter: 'Ola Nowak',
		code: 'KX7R2P9MQA',
		expiresAt: new Date('2026-07-15T10:00:00Z')
	};

	it('holds the code in two halves, where to enter it and until when', () => {
		expect(invitationMessage(invitation, en, 'en')).toEqual({
			subject: 'Ola Nowak has asked you to help with their care',
			body: [
				'Ola Nowak has asked you to help with their NHS care through Joined Up.',
				'Your invitation code is: KX7R2 P9MQA',
				`To accept, sign in to Joined Up or create an account, then enter the code at ${publicOrigin}/people/accept. The code works until Wednesday 15 July 2026.`
			].join('\n\n'),
			text: [
				'Ola Nowak has asked you to help with their NHS care.',
				'Your code: KX7R2 P9MQA. Enter it by Wed 15 Jul at:',
				`${publicOrigin}/people/accept`
			].join('\n')
		});
		expect(invitationMessage({ ...invitation, inPerson: true }, en, 'en').body).toMatch(
			/^Staff have recorded, in person, that you may help with the NHS care of Ola Nowak through Joined Up\./
		);
	});

	it('is written in Arabic', () => {
		expect(invitationMessage(invitation, ar, 'ar')).toEqual({
			subject: arabicText('messages.invitation.subject', { name: 'Ola Nowak' }),
			body: [
				arabicText('messages.invitation.lead', { name: 'Ola Nowak' }),
				arabicText('messages.invitation.code', { code: 'KX7R2 P9MQA' }),
				arabicText('messages.invitation.next', {
					link: `${publicOrigin}/people/accept`,
					date: formatDate(invitation.expiresAt, 'ar')
				})
			].join('\n\n'),
			text: [
				arabicText('messages.text.invitation', { name: 'Ola Nowak' }),
				arabicText('messages.text.invitationCode', {
					code: 'KX7R2 P9MQA',
					date: formatShortDate(invitation.expiresAt, 'ar')
				}),
				`${publicOrigin}/people/accept`
			].join('\n')
		});
	});
});

describe('messages about an account', () => {
	// 10am in London in winter: the same as UTC.
	const now = new Date('2026-12-01T10:00:00Z');
	const expiresAt = new Date('2026-12-01T10:10:00Z');

	it('give a reset code and the time it stops working', () => {
		expect(
			accountMessage({ kind: 'account.reset_code', code: '123456', expiresAt, now }, en, 'en')
		).toEqual({
			subject: 'Your Joined Up code',
			body: [
				'Your code to reset your Joined Up password is 123456',
				'It works once, until 10:10am. Do not share it with anyone: nobody from the NHS will ask you for it.',
				'If you did not ask for it, you do not need to do anything. Your password has not changed.'
			].join('\n\n'),
			text: 'Your Joined Up code is 123456. It works once, until 10:10am. Do not share it.'
		});
		expect(
			accountMessage({ kind: 'account.reset_code', code: '123456', expiresAt, now }, ar, 'ar')
		).toEqual({
			subject: arabicText('messages.resetCode.subject'),
			body: [
				arabicText('messages.resetCode.code', { code: '123456' }),
				arabicText('messages.resetCode.expires', { time: formatTime(expiresAt, 'ar') }),
				arabicText('messages.resetCode.notYou')
			].join('\n\n'),
			text: arabicText('messages.text.code', {
				code: '123456',
				time: formatTime(expiresAt, 'ar')
			})
		});
	});

	it('give a code confirming a new account’s address', () => {
		const written = accountMessage(
			{ kind: 'account.confirm_code', code: '654321', expiresAt, now },
			en,
			'en'
		);
		expect(written.subject).toBe('Your code to create a Joined Up account');
		expect(written.body).toMatch(
			/^Your code to create your Joined Up account is 654321\n\nIt works once, until 10:10am\./
		);
	});

	it('say when the password was changed, and where to get help', () => {
		expect(accountMessage({ kind: 'account.password_changed', now }, en, 'en')).toEqual({
			subject: 'Your Joined Up password has been changed',
			body: [
				'Your Joined Up password was changed on Tuesday 1 December 2026 at 10am, and every device signed in to your account was signed out.',
				`If this was not you, reset your password now from the sign-in page, or get help in person or by phone: ${publicOrigin}/help`
			].join('\n\n'),
			text: `Your Joined Up password was changed on Tue 1 Dec at 10am. If this was not you, get help:\n${publicOrigin}/help`
		});
	});

	it('tell someone who has an account already how to sign in or reset', () => {
		const written = accountMessage({ kind: 'account.already_registered', now }, en, 'en');
		expect(written.subject).toBe('You already have a Joined Up account');
		expect(written.body.split('\n\n')).toEqual([
			'On Tuesday 1 December 2026 at 10am, someone asked to create a Joined Up account with this email address or mobile number. You already have an account with it, so no new account was made.',
			`To sign in, go to ${publicOrigin}/sign-in`,
			`If you have forgotten your password, you can reset it: ${publicOrigin}/sign-in/reset`,
			'If this was not you, you do not need to do anything. Your account has not changed.'
		]);
	});
});

describe('a “find my record” code', () => {
	const view = { code: '12345678', expiresAt: new Date('2026-07-15T16:45:00Z') };

	it('prints the code in two groups of four, and until when, in London time', () => {
		expect(recordCodeMessage(view, en, 'en')).toEqual({
			subject: 'Your code to link your Joined Up account',
			body: [
				'Your code to link your Joined Up account to your health record is 1234 5678.',
				`Enter it at ${publicOrigin}/your-record/code by 5:45pm on Wednesday 15 July 2026.`,
				'If you did not ask for this, you do not need to do anything. Nobody can reach your record without this code.'
			].join('\n\n'),
			text: `Your code to link your Joined Up account to your health record is 1234 5678.\nEnter it at ${publicOrigin}/your-record/code by 5:45pm on Wed 15 Jul.`
		});
		expect(recordCodeMessage(view, ar, 'ar').body.split('\n\n')[1]).toBe(
			arabicText('messages.recordCode.where', {
				link: `${publicOrigin}/your-record/code`,
				time: formatTime(view.expiresAt, 'ar'),
				date: formatDate(view.expiresAt, 'ar')
			})
		);
	});
});

describe('someone recorded in person as acting for the patient', () => {
	it('names the kind of relationship, and where to see or end it', () => {
		expect(relationshipRecordedMessage({ to: ola, kind: 'lasting_power_of_attorney' }, en)).toEqual(
			{
				subject: 'Someone can now help with your care',
				body: [
					'Hello Ola,',
					'Staff have recorded, in person, someone who may act for you in Joined Up: Lasting power of attorney for health and welfare.',
					`To see who can act for you, change what they can do or stop it, sign in to Joined Up: ${publicOrigin}/people`
				].join('\n\n'),
				text: `Hello Ola,\nStaff have recorded someone who may act for you. See or change it:\n${publicOrigin}/people`
			}
		);
		expect(relationshipRecordedMessage({ to: ola, kind: 'carer' }, ar).body).toContain(
			arabicText('messages.recorded.lead', { kind: arabicText('people.kinds.carer') })
		);
	});
});

describe('the copy of an assisted session', () => {
	const session = {
		to: ola,
		startedAt: summerMorning,
		endedAt: new Date('2026-07-01T09:05:00Z'),
		done: [
			{ action: 'appointment.booked', reference: 'KX7R2P' },
			{ action: 'appointment.cancelled', reference: 'MN3Q7Z' }
		]
	};

	it('lists each change in the words of the activity log, with its time in London', () => {
		expect(assistedSummaryMessage(session, en, 'en')).toEqual({
			subject: 'What your link worker did for you',
			body: [
				'Hello Ola,',
				'A link worker helped you with Joined Up, with your consent, from Wednesday 1 July 2026 at 9:30am to 10:05am. This is what they did:',
				'- Booked an appointment (reference KX7 R2P)\n- Cancelled an appointment (reference MN3 Q7Z)',
				`Everything done for you is in your activity log: ${publicOrigin}/activity`
			].join('\n\n'),
			text: `Hello Ola,\nA link worker helped you with Joined Up on Wed 1 Jul. See what they did:\n${publicOrigin}/activity`
		});
	});

	it('says so when nothing was changed, in Arabic too', () => {
		expect(assistedSummaryMessage({ ...session, done: [] }, en, 'en').body).toContain(
			'\n\nNothing was changed in this session.\n\n'
		);
		expect(assistedSummaryMessage({ ...session, done: [] }, ar, 'ar').body.split('\n\n')).toEqual([
			arabicText('messages.greeting', { name: 'Ola' }),
			arabicText('messages.assistSummary.lead', {
				from: arabicText('appointments.dateTime', {
					date: formatDate(summerMorning, 'ar'),
					time: formatTime(summerMorning, 'ar')
				}),
				to: formatTime(session.endedAt, 'ar')
			}),
			arabicText('assist.summaryNothing'),
			arabicText('messages.assistSummary.next', { link: `${publicOrigin}/activity` })
		]);
	});
});

describe('messages about a request to see someone', () => {
	const arranged = {
		startsAt: summerMorning,
		mode: 'in_person' as const,
		location: 'Eastmere Health Centre'
	};

	it('say when to expect an answer once it is received', () => {
		expect(
			requestMessage(
				{ kind: 'request.received', to: ola, request, said: null, appointment: null },
				en,
				'en'
			)
		).toEqual({
			subject: 'We have your request to see someone: GP appointment',
			body: [
				'Hello Ola,',
				'We have received your request to see someone face to face. The service aims to answer by Friday 3 July 2026.',
				'GP appointment, Westbrook Medical Practice\nReference: RQ4 T8M',
				`To see your request, reply or cancel it, sign in to Joined Up: ${publicOrigin}/contact/7`
			].join('\n\n'),
			text: `Hello Ola,\nWe have your request RQ4 T8M to see someone. We aim to answer by Fri 3 Jul.\n${publicOrigin}/contact/7`
		});
	});

	it('carry what was said, as written', () => {
		const written = requestMessage(
			{
				kind: 'request.message',
				to: ola,
				request,
				said: 'Can you come on Tuesday?',
				appointment: null
			},
			en,
			'en'
		);
		expect(written.body.split('\n\n').slice(1, 3)).toEqual([
			'There is a new message about your request to see someone face to face:',
			'Can you come on Tuesday?'
		]);
	});

	it('name the appointment arranged, and only in the message arranging it', () => {
		const view = { to: ola, request, said: null, appointment: arranged };
		expect(
			requestMessage({ ...view, kind: 'request.arranged' }, en, 'en').body.split('\n\n')[2]
		).toBe('Wednesday 1 July 2026 at 9:30am\nIn person\nEastmere Health Centre');
		expect(requestMessage({ ...view, kind: 'request.closed' }, en, 'en').body).not.toContain(
			'9:30am'
		);
	});

	it('give the reason a request was closed, in Arabic too', () => {
		const closed = {
			kind: 'request.closed' as const,
			to: ola,
			request: { ...request, closeReason: 'could_not_reach' as const },
			said: null,
			appointment: null
		};
		expect(requestMessage(closed, en, 'en').body.split('\n\n')[1]).toBe(
			'Your request to see someone face to face has been closed. Reason: We could not reach you'
		);
		expect(requestMessage(closed, ar, 'ar')).toEqual({
			subject: arabicText('messages.request.closed.subject', {
				service: arabic.catalogue['GP appointment']
			}),
			body: [
				arabicText('messages.greeting', { name: 'Ola' }),
				arabicText('messages.request.closed.lead', {
					reason: arabicText('contact.closeReasons.could_not_reach')
				}),
				`${arabic.catalogue['GP appointment']}, ${arabic.catalogue['Westbrook Medical Practice']}\n${arabicText('messages.reference', { reference: 'RQ4 T8M' })}`,
				arabicText('messages.request.next', { link: `${publicOrigin}/contact/7` })
			].join('\n\n'),
			text: [
				arabicText('messages.greeting', { name: 'Ola' }),
				arabicText('messages.text.request.closed', {
					reference: 'RQ4 T8M',
					reason: arabicText('contact.closeReasons.could_not_reach')
				}),
				`${publicOrigin}/contact/7`
			].join('\n')
		});
	});
});

describe('every kind, in every language', () => {
	const now = new Date('2026-12-01T10:00:00Z');
	/** Each kind with data of its own, and a piece of that data each must show. */
	const kinds: [
		string,
		(t: Awaited<ReturnType<typeof translatorFor>>, language: LanguageCode) => Written,
		string
	][] = [
		[
			'booked',
			(t, l) => appointmentMessage({ kind: 'appointment.booked', to: ola, appointment }, t, l),
			'KX7 R2P'
		],
		[
			'rescheduled',
			(t, l) =>
				appointmentMessage({ kind: 'appointment.rescheduled', to: olasCarer, appointment }, t, l),
			'Ola Nowak'
		],
		[
			'cancelled',
			(t, l) => appointmentMessage({ kind: 'appointment.cancelled', to: ola, appointment }, t, l),
			'/appointments/book'
		],
		[
			'reminder',
			(t, l) => appointmentMessage({ kind: 'appointment.reminder', to: ola, appointment }, t, l),
			'/appointments/42'
		],
		[
			'invitation',
			(t, l) =>
				invitationMessage({ inviter: 'Ola Nowak', code: 'KX7R2P9MQA', expiresAt: now }, t, l),
			'KX7R2 P9MQA'
		],
		[
			'invitation in person',
			(t, l) =>
				invitationMessage(
					{ inviter: 'Ola Nowak', code: 'KX7R2P9MQA', expiresAt: now, inPerson: true },
					t,
					l
				),
			'Ola Nowak'
		],
		[
			'reset code',
			(t, l) =>
				accountMessage({ kind: 'account.reset_code', code: '123456', expiresAt: now, now }, t, l),
			'123456'
		],
		[
			'confirm code',
			(t, l) =>
				accountMessage({ kind: 'account.confirm_code', code: '654321', expiresAt: now, now }, t, l),
			'654321'
		],
		[
			'password changed',
			(t, l) => accountMessage({ kind: 'account.password_changed', now }, t, l),
			'/help'
		],
		[
			'already registered',
			(t, l) => accountMessage({ kind: 'account.already_registered', now }, t, l),
			'/sign-in/reset'
		],
		[
			'record code',
			(t, l) => recordCodeMessage({ code: '12345678', expiresAt: now }, t, l),
			'1234 5678'
		],
		['recorded', (t) => relationshipRecordedMessage({ to: ola, kind: 'parent' }, t), '/people'],
		[
			'assisted summary',
			(t, l) =>
				assistedSummaryMessage(
					{
						to: ola,
						startedAt: now,
						endedAt: now,
						done: [{ action: 'appointment.booked', reference: 'KX7R2P' }]
					},
					t,
					l
				),
			'KX7 R2P'
		],
		...(['received', 'in_review', 'message', 'arranged', 'closed'] as const).map(
			(
				step
			): [
				string,
				(t: Awaited<ReturnType<typeof translatorFor>>, language: LanguageCode) => Written,
				string
			] => [
				`request ${step}`,
				(t, l) =>
					requestMessage(
						{
							kind: `request.${step}`,
							to: ola,
							request: { ...request, closeReason: 'no_longer_needed' },
							said: 'Words as written',
							appointment: { startsAt: now, mode: 'phone', location: 'Eastmere Health Centre' }
						},
						t,
						l
					),
				'RQ4 T8M'
			]
		)
	];

	it.each(kinds)(
		'%s: every placeholder filled, its data shown, in all 17 languages',
		(_, write, shown) => {
			expect(languageCodes).toHaveLength(17);
			for (const language of languageCodes) {
				const { subject, body } = write(translatorFor(language), language);
				for (const text of [subject, body]) {
					expect(text, `${language}: ${text}`).not.toMatch(
						/\{\{|\}\}|\bundefined\b|\bnull\b|\bNaN\b|Invalid Date/
					);
					expect(text.trim(), language).not.toBe('');
				}
				expect(body, language).toContain(shown);
			}
		}
	);
});

describe('the words kept once a message is sent', () => {
	const written = (
		kind:
			'account.reset_code' | 'account.confirm_code' | 'account.record_code' | 'appointment.booked',
		body: string
	) => ({ kind, body });

	it('lose a reset, confirmation or record code, and nothing else', () => {
		const reset = accountMessage(
			{ kind: 'account.reset_code', code: '123456', expiresAt: new Date(), now: new Date() },
			en,
			'en'
		).body;
		expect(keptOnceSent(written('account.reset_code', reset))).toBe(
			reset.replace('123456', '••••••')
		);
		expect(keptOnceSent(written('account.confirm_code', 'code 654321'))).toBe('code ••••••');
		const record = recordCodeMessage({ code: '12345678', expiresAt: new Date() }, en, 'en').body;
		expect(keptOnceSent(written('account.record_code', record))).toContain('•••• ••••');
		expect(keptOnceSent(written('account.record_code', record))).not.toContain('1234 5678');
		expect(keptOnceSent(written('appointment.booked', 'Reference 123456'))).toBe(
			'Reference 123456'
		);
	});
});

describe('text messages', () => {
	const booked = { kind: 'appointment.booked' as const, to: ola, appointment };

	it('offer replies in place of the link when asked, never on a cancellation', () => {
		expect(appointmentMessage({ ...booked, replies: true }, en, 'en').text).toBe(
			[
				'Hello Ola,',
				'Booked: GP appointment',
				'Wed 1 Jul 9:30am, In person',
				'Ref KX7 R2P',
				`${publicOrigin}/appointments/42`,
				'Reply 1 to keep it, 2 to cancel, 3 for a different time, 4 for us to call you.'
			].join('\n')
		);
		expect(
			appointmentMessage({ ...booked, kind: 'appointment.cancelled', replies: true }, en, 'en').text
		).not.toContain('Reply');
		// The body of the email or letter does not change.
		expect(appointmentMessage({ ...booked, replies: true }, en, 'en').body).toBe(
			appointmentMessage(booked, en, 'en').body
		);
	});

	it('name a carer’s person in full, and never carry what staff wrote', () => {
		expect(appointmentMessage({ ...booked, to: olasCarer }, en, 'en').text).toMatch(
			/^About Ola Nowak, whom you help:\n/
		);
		const message = requestMessage(
			{
				kind: 'request.message',
				to: ola,
				request,
				said: 'Your test results are back',
				appointment: null
			},
			en,
			'en'
		);
		expect(message.text).toBe(
			`Hello Ola,\nThere is a new message about your request RQ4 T8M. Read it at:\n${publicOrigin}/contact/7`
		);
		expect(message.body).toContain('Your test results are back');
	});

	it('read right to left in Arabic and Urdu without direction marks', () => {
		for (const language of ['ar', 'ur'] as const) {
			const text = appointmentMessage(
				{ ...booked, replies: true },
				translatorFor(language),
				language
			).text;
			expect(text).not.toMatch(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
			// Each line but the reference and link starts in the language's own script.
			expect(text.split('\n')[0]).toMatch(/^[\u0600-\u06ff]/);
		}
	});
});

describe('answers to a text reply', () => {
	const phone = '020 7946 0123';
	const answer = (view: TextReply) => textReplyMessage(view, en, 'en');

	it('help: what can be replied, for which appointment, and the phone number', () => {
		const help = answer({
			kind: 'text.help',
			to: ola,
			understood: false,
			phone,
			about: appointment
		});
		expect(help.text).toBe(
			[
				'Hello Ola,',
				'Sorry, we did not understand your reply.',
				'GP appointment',
				'Wed 1 Jul 9:30am',
				'Reply 1 to keep it, 2 to cancel, 3 for a different time, 4 for us to call you.',
				'Phone 020 7946 0123'
			].join('\n')
		);
		expect(help.body).toBe(help.text);
		expect(help.subject).toBe('What they can reply to a text');
		expect(
			answer({ kind: 'text.help', to: ola, understood: true, phone: null, about: null }).text
		).toBe(
			`Hello Ola,\nWe have not asked you anything to reply to. Your appointments:\n${publicOrigin}/appointments`
		);
	});

	it('kept, too late and other times, in London time', () => {
		expect(answer({ kind: 'text.kept', to: ola, appointment }).text).toBe(
			'Hello Ola,\nThank you, we have noted that you will come:\nGP appointment\nWed 1 Jul 9:30am'
		);
		expect(answer({ kind: 'text.too_late', to: ola, appointment, phone }).text).toContain(
			'It is too late to cancel this by text. Please phone the service:\nGP appointment\nWed 1 Jul 9:30am\nPhone 020 7946 0123'
		);
		const times = [new Date('2026-07-02T13:15:00Z'), new Date('2026-07-03T08:00:00Z')];
		expect(answer({ kind: 'text.times', to: ola, appointment, times }).text).toBe(
			[
				'Hello Ola,',
				'Other free times:',
				'1: Thu 2 Jul 2:15pm',
				'2: Fri 3 Jul 9am',
				'Reply with a number, or 0 for us to call you.'
			].join('\n')
		);
		expect(answer({ kind: 'text.times', to: ola, appointment, times: [] }).text).toBe(
			'Hello Ola,\nThere are no other free times for GP appointment.\nReply 4 for us to call you.'
		);
	});

	it('stopped and started say what they mean here', () => {
		expect(answer({ kind: 'text.stopped', phone }).text).toBe(
			'We will not text this number any more. Messages about your care will come by email, letter or your carer. Codes you ask for still come. Reply START to get texts again.\nPhone 020 7946 0123'
		);
		expect(answer({ kind: 'text.started' }).text).toBe(
			'You will get texts from Joined Up at this number again. Reply STOP to stop them.'
		);
	});

	it('are written in Polish from its own words', () => {
		const pl = translatorFor('pl');
		expect(textReplyMessage({ kind: 'text.kept', to: ola, appointment }, pl, 'pl').text).toBe(
			`Dzień dobry Ola,\nDziękujemy, zapisaliśmy, że przyjdziesz:\n${pl('catalogue.GP appointment')}\n${formatShortDate(summerMorning, 'pl')}, ${formatTime(summerMorning, 'pl')}`
		);
	});
});
