// Counting a text message's fragments as GOV.UK Notify does: the expected figures are Notify's
// own, from alphagov/notifications-utils tests/test_template_types.py and test_sanitise_text.py.
import { describe, expect, it, vi } from 'vitest';
import { catalogueName, translatorFor } from '$lib/i18n';
import { formatShortDate, formatTime } from '$lib/i18n/format';
import { languageCodes, type LanguageCode } from '$lib/i18n/languages';
import { appointmentModes, closeReasons, messageKinds, proxyKinds } from '../db/schema';
import { maxTextFragments, textLength } from './fragments';
import {
	accountMessage,
	appointmentMessage,
	assistedSummaryMessage,
	invitationMessage,
	recordCodeMessage,
	relationshipRecordedMessage,
	requestMessage,
	textReplyMessage,
	type AppointmentDetails,
	type AppointmentMessageKind,
	type Greeted,
	type RequestDetails,
	type RequestMessageKind,
	type TextReply,
	type Written
} from './templates';

const appointmentKinds = messageKinds.filter((kind): kind is AppointmentMessageKind =>
	kind.startsWith('appointment.')
);
const requestKinds = messageKinds.filter((kind): kind is RequestMessageKind =>
	kind.startsWith('request.')
);

const fragments = (text: string) => textLength(text).fragments;

describe('a text in the GSM alphabet', () => {
	it.each([
		['a'.repeat(160), 1],
		['a'.repeat(161), 2],
		['a'.repeat(306), 2],
		['a'.repeat(307), 3],
		['a'.repeat(459), 3],
		['a'.repeat(460), 4],
		// Welsh letters that are in GSM
		['à'.repeat(160), 1],
		['à'.repeat(161), 2],
		['à'.repeat(612), 4],
		['à'.repeat(613), 5],
		['à'.repeat(919), 7]
	])('%# fits 160 in one fragment, 153 a fragment beyond', (text, expected) => {
		expect(textLength(text)).toMatchObject({ encoding: 'gsm', fragments: expected });
	});

	it.each([
		['^'.repeat(80), 1, 160],
		['^'.repeat(81), 2, 162],
		['a'.repeat(158) + '|', 1, 160],
		['a'.repeat(159) + '|', 2, 161],
		['a'.repeat(304) + '[', 2, 306],
		['a'.repeat(304) + '[]', 3, 308],
		['€'.repeat(3), 1, 6]
	])('%# counts the extension table twice', (text, expected, characters) => {
		expect(textLength(text)).toMatchObject({ fragments: expected, characters });
	});
});

describe('a text with a Welsh letter outside GSM', () => {
	it.each([
		['ÿ'.repeat(70), 1],
		['ÿ'.repeat(71), 2],
		['ÿ'.repeat(134), 2],
		['ÿ'.repeat(135), 3],
		['ÿ'.repeat(268), 4],
		['ÿ'.repeat(403), 7],
		['à'.repeat(70) + 'ÿ', 2],
		['â'.repeat(69) + '{', 1],
		['â'.repeat(70) + '{', 2],
		['â'.repeat(134) + '}', 3]
	])('%# goes as UCS-2: 70 in one fragment, 67 a fragment beyond', (text, expected) => {
		expect(textLength(text)).toMatchObject({ encoding: 'ucs2', fragments: expected });
	});
});

describe('characters Notify downgrades to GSM', () => {
	it('counts curly quotes, dashes, ellipses and accents as what Notify sends', () => {
		// "– — “ ” …" is sent as '- - " " ...': 11 GSM characters.
		expect(textLength('– — “ ” …')).toEqual({
			encoding: 'gsm',
			characters: 11,
			fragments: 1,
			notSentByNotify: []
		});
		// Polish and Romanian letters lose their accents; "ł" has Notify's own replacement.
		expect(textLength('Cześć, Łazienki, ș, ț, ă')).toMatchObject({
			encoding: 'gsm',
			characters: 24
		});
		// But "ó" is a Welsh letter too: Notify keeps it, and the text goes as UCS-2.
		expect(textLength('Łódź').encoding).toBe('ucs2');
		expect(textLength('a'.repeat(159) + '’')).toMatchObject({ encoding: 'gsm', fragments: 1 });
		// Zero-width characters go; a non-breaking space is a space.
		expect(textLength('a\u200bb\u00a0c')).toMatchObject({ encoding: 'gsm', characters: 4 });
	});

	it('tidies whitespace as Notify does before counting', () => {
		expect(textLength('  Hello  there ,\n\n\n\nbye  ').characters).toBe(
			'Hello there,\n\nbye'.length
		);
		expect(textLength('a\r\nb\u2028c').characters).toBe('a\nb\nc'.length);
	});

	it('counts the service name Notify puts first', () => {
		expect(textLength('a'.repeat(149), 'Joined Up')).toMatchObject({
			characters: 160,
			fragments: 1
		});
		expect(fragments('a'.repeat(149))).toBe(1);
		expect(textLength('a'.repeat(150), 'Joined Up').fragments).toBe(2);
	});
});

describe('a text Notify cannot send as written', () => {
	it('is counted in UTF-16 code units as UCS-2, and names what Notify would replace', () => {
		// Notify's own example counts: "مرحبا Test 𠮷 😀" is 16 code units.
		expect(textLength('مرحبا Test 𠮷 😀')).toEqual({
			encoding: 'ucs2',
			characters: 16,
			fragments: 1,
			notSentByNotify: ['م', 'ر', 'ح', 'ب', 'ا', '𠮷', '😀']
		});
		// Notify takes zero-width joiners out: four emoji of two code units each are left.
		expect(textLength('👨‍👩‍👧‍👦').characters).toBe(8);
		expect(textLength('你好').characters).toBe(2);
		expect(textLength('नमस्ते').characters).toBe(6);
		// Turkish dotless i has no decomposition and no replacement.
		expect(textLength('Kırmızı').notSentByNotify).toEqual(['ı']);
	});

	it('fits 70 in one fragment and 67 a fragment beyond', () => {
		expect(fragments('ب'.repeat(70))).toBe(1);
		expect(fragments('ب'.repeat(71))).toBe(2);
		expect(fragments('ب'.repeat(201))).toBe(3);
		expect(fragments('ب'.repeat(202))).toBe(4);
		expect(fragments('😀'.repeat(35))).toBe(1);
		expect(fragments('😀'.repeat(36))).toBe(2);
	});

	it('is nothing when empty', () => {
		expect(textLength('  \n ')).toEqual({
			encoding: 'gsm',
			characters: 0,
			fragments: 0,
			notSentByNotify: []
		});
	});
});

// Every text we send, in every language, at its longest: at most 3 fragments, counted as a
// network charges it written as it is (UCS-2 where Notify cannot send it in GSM), with Notify's
// "Joined Up: " before it. The site's address is a long one, as a real deployment's may be.
vi.mock('../config', async (importOriginal) => ({
	...(await importOriginal<typeof import('../config')>()),
	publicOrigin: 'https://joinedup.example.nhs.uk'
}));

describe('every text, in every language, at its longest', () => {
	/** Another person's words as long as realistic: a 33-character full name. */
	const to = (viaCarer: boolean): Greeted => ({
		viaCarer,
		person: { givenName: 'Christabel-Marie', familyName: 'Abernethy-Okafor' }
	});

	/** The directory's services (texts name the service, not who runs it or where). */
	const services = [
		'GP appointment',
		'Practice nurse',
		'Diabetes clinic',
		'Audiology',
		'Physiotherapy',
		'Community mental health team',
		'Adult social care assessment',
		'Social prescribing',
		'Flu vaccination'
	];

	/** What is longest in `language`: a service, a mode, a reason, a kind, a moment. */
	function longest(language: LanguageCode) {
		const pick = <T>(values: readonly T[], length: (value: T) => number) =>
			values.reduce((best, value) => (length(value) > length(best) ? value : best));
		// Every day of a year, at the times of day whose words are longest.
		const times: [number, number][] = [
			[10, 45],
			[11, 45],
			[12, 45],
			[22, 45]
		];
		const instants = Array.from({ length: 366 }, (_, day) =>
			times.map(([hour, minute]) => new Date(Date.UTC(2026, 0, 1 + day, hour, minute)))
		).flat();
		const t = translatorFor(language);
		return {
			service: pick(services, (name) => catalogueName(language, name).text.length),
			mode: pick(appointmentModes, (mode) => t(`appointments.modes.${mode}`).length),
			reason: pick(closeReasons, (reason) => t(`contact.closeReasons.${reason}`).length),
			kind: pick(proxyKinds, (kind) => t(`people.kinds.${kind}`).length),
			instant: pick(
				instants,
				(instant) =>
					formatShortDate(instant, language).length + formatTime(instant, language).length
			)
		};
	}

	function everyText(language: LanguageCode): [string, Written][] {
		const t = translatorFor(language);
		const worst = longest(language);
		const appointment: AppointmentDetails = {
			id: 999999,
			reference: 'GRC7MX',
			startsAt: worst.instant,
			mode: worst.mode,
			service: worst.service,
			label: 'general',
			organisation: 'Eastmere and Westbrook Hospitals NHS Trust',
			location: 'Eastmere General Hospital, Outpatients',
			address: 'Flat 12, 100 Long Riverside Road',
			postcode: 'E20 1AA'
		};
		const request: RequestDetails = {
			id: 999999,
			reference: 'RQG7HV',
			dueBy: worst.instant,
			closeReason: worst.reason,
			service: worst.service,
			organisation: 'Eastmere and Westbrook Hospitals NHS Trust'
		};
		const phone = '020 7946 0999';
		const written: [string, Written][] = [];
		for (const viaCarer of [false, true]) {
			const greeted = to(viaCarer);
			const whom = viaCarer ? ' (carer)' : '';
			for (const kind of appointmentKinds) {
				for (const replies of [false, true]) {
					written.push([
						`${kind}${replies ? ' with replies' : ''}${whom}`,
						appointmentMessage({ kind, to: greeted, appointment, replies }, t, language)
					]);
				}
			}
			for (const kind of requestKinds) {
				written.push([
					`${kind}${whom}`,
					requestMessage(
						{
							kind,
							to: greeted,
							request,
							said: 'Words staff wrote',
							appointment: {
								startsAt: worst.instant,
								mode: worst.mode,
								location: 'Eastmere General Hospital, Outpatients'
							}
						},
						t,
						language
					)
				]);
			}
			written.push(
				[
					`proxy.recorded${whom}`,
					relationshipRecordedMessage({ to: greeted, kind: worst.kind }, t)
				],
				[
					`assist.summary${whom}`,
					assistedSummaryMessage(
						{
							to: greeted,
							startedAt: worst.instant,
							endedAt: worst.instant,
							done: [{ action: 'appointment.booked', reference: 'GRC7MX' }]
						},
						t,
						language
					)
				],
				...(
					[
						{ kind: 'text.help', to: greeted, understood: false, phone, about: appointment },
						{ kind: 'text.help', to: greeted, understood: true, phone, about: appointment },
						{ kind: 'text.help', to: greeted, understood: false, phone, about: null },
						{ kind: 'text.kept', to: greeted, appointment },
						{ kind: 'text.too_late', to: greeted, appointment, phone },
						{
							kind: 'text.times',
							to: greeted,
							appointment,
							times: [1, 2, 3].map(() => worst.instant)
						},
						{ kind: 'text.times', to: greeted, appointment, times: [] }
					] satisfies TextReply[]
				).map((reply): [string, Written] => [
					`${reply.kind}${whom}`,
					textReplyMessage(reply, t, language)
				])
			);
		}
		const name = 'Christabel-Marie Abernethy-Okafor';
		const now = worst.instant;
		written.push(
			[
				'proxy.invitation',
				invitationMessage({ inviter: name, code: 'KX7R2P9MQA', expiresAt: now }, t, language)
			],
			[
				'proxy.invitation in person',
				invitationMessage(
					{ inviter: name, code: 'KX7R2P9MQA', expiresAt: now, inPerson: true },
					t,
					language
				)
			],
			[
				'account.reset_code',
				accountMessage(
					{ kind: 'account.reset_code', code: '123456', expiresAt: now, now },
					t,
					language
				)
			],
			[
				'account.confirm_code',
				accountMessage(
					{ kind: 'account.confirm_code', code: '123456', expiresAt: now, now },
					t,
					language
				)
			],
			[
				'account.password_changed',
				accountMessage({ kind: 'account.password_changed', now }, t, language)
			],
			[
				'account.already_registered',
				accountMessage({ kind: 'account.already_registered', now }, t, language)
			],
			['account.record_code', recordCodeMessage({ code: '12345678', expiresAt: now }, t, language)],
			['text.stopped', textReplyMessage({ kind: 'text.stopped', phone }, t, language)],
			['text.started', textReplyMessage({ kind: 'text.started' }, t, language)]
		);
		return written;
	}

	it.each(languageCodes)('%s: every kind fits in 3 fragments', (language) => {
		const over = everyText(language)
			.map(([what, written]) => ({
				what,
				text: written.text,
				...textLength(written.text, 'Joined Up')
			}))
			.filter((length) => length.fragments > maxTextFragments);
		console.log(
			language,
			everyText(language)
				.map(([what, w]) => {
					const l = textLength(w.text, 'Joined Up');
					return (
						`${what} ${l.characters}/${l.fragments}` +
						(process.env.MEASURE === what ? '\n' + w.text : '')
					);
				})
				.filter((x) => !x.endsWith('/1') && !x.endsWith('/2'))
				.join('\n')
		);
		expect(over, JSON.stringify(over, null, 1)).toEqual([]);
	});
});
