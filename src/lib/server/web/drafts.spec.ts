import type { Cookies } from '@sveltejs/kit';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { Actor, Subject } from '../access/policy';
import { draftCookie, type DraftOwner } from './drafts';

type Options = Parameters<Cookies['set']>[2];

/** A browser's cookie jar as one request sees it: what it sent, and what the response set. */
function jar(sent: Record<string, string> = {}) {
	const values = new Map(Object.entries(sent));
	const options = new Map<string, Options>();
	const cookies: Cookies = {
		get: (name) => values.get(name),
		getAll: () => [...values].map(([name, value]) => ({ name, value })),
		set: (name, value, opts) => {
			values.set(name, value);
			options.set(name, opts);
		},
		delete: (name, opts) => {
			values.delete(name);
			options.set(name, opts);
		},
		serialize: () => ''
	};
	return { cookies, values, options };
}

const answers = v.object({
	service: v.optional(v.number()),
	interpreterLanguage: v.optional(v.pipe(v.string(), v.maxLength(100)))
});
const draft = draftCookie('booking', '/appointments/book', answers);
const url = new URL('https://joinedup.example/appointments/book/needs');

function person(userId: number, patientId: number | null): DraftOwner {
	const actor: Actor = { userId, role: 'patient', patientId, organisationId: null };
	const subject: Subject | null = patientId
		? { patientId, givenName: 'Test', familyName: 'Person' }
		: null;
	return { actor, subject, via: 'self' };
}

/** A link worker helping a resident: the actor is the link worker, the subject the resident. */
function helping(patientId: number): DraftOwner {
	return {
		actor: { userId: 9, role: 'link_worker', patientId: null, organisationId: 4 },
		subject: { patientId, givenName: 'Test', familyName: 'Resident' },
		via: 'assisted'
	};
}

describe('draftCookie', () => {
	it('gives back the answers to the actor and subject they were saved for', () => {
		const { cookies, options } = jar();
		draft.save(cookies, url, helping(21), { service: 3, interpreterLanguage: 'Somali' });
		expect(draft.read(cookies, helping(21))).toEqual({ service: 3, interpreterLanguage: 'Somali' });
		expect(options.get('booking')).toMatchObject({
			path: '/appointments/book',
			httpOnly: true,
			sameSite: 'lax',
			secure: true,
			maxAge: 3600
		});
	});

	it('reads as none for another subject with the same actor', () => {
		const { cookies } = jar();
		draft.save(cookies, url, helping(21), { service: 3, interpreterLanguage: 'Somali' });
		expect(draft.read(cookies, helping(22))).toEqual({});
	});

	it('reads as none for the same subject with another actor', () => {
		const { cookies } = jar();
		// A carer's answers for his mother are not hers to find, nor another carer's.
		draft.save(
			cookies,
			url,
			{ actor: person(5, 50).actor, subject: person(6, 60).subject, via: 'proxy' },
			{
				service: 3
			}
		);
		expect(draft.read(cookies, person(6, 60))).toEqual({});
		expect(
			draft.read(cookies, {
				actor: person(7, 70).actor,
				subject: person(6, 60).subject,
				via: 'proxy'
			})
		).toEqual({});
		expect(
			draft.read(cookies, {
				actor: person(5, 50).actor,
				subject: person(6, 60).subject,
				via: 'proxy'
			})
		).toEqual({ service: 3 });
	});

	it('reads as none, and keeps nothing, when the request is about nobody’s care', () => {
		const { cookies, values } = jar();
		draft.save(cookies, url, helping(21), { service: 3 });
		const signedOut: DraftOwner = { actor: null, subject: null, via: 'self' };
		// A link worker helping nobody at the moment.
		const noSubject: DraftOwner = { ...helping(21), subject: null, via: 'self' };
		expect(draft.read(cookies, signedOut)).toEqual({});
		expect(draft.read(cookies, noSubject)).toEqual({});

		const empty = jar();
		draft.save(empty.cookies, url, noSubject, { service: 3 });
		draft.save(empty.cookies, url, signedOut, { service: 3 });
		expect(empty.values.size).toBe(0);
		expect(values.size).toBe(1);
	});

	it('keeps an account’s own answers while it has no record, for that account alone', () => {
		const { cookies } = jar();
		// Asking to be seen before the account reaches a record: the answers are the account's.
		draft.save(cookies, url, person(9, null), { service: 3 });
		expect(draft.read(cookies, person(9, null))).toEqual({ service: 3 });
		// Never another account's with no record, nor this one's once it is linked to a record.
		expect(draft.read(cookies, person(10, null))).toEqual({});
		expect(draft.read(cookies, person(9, 90))).toEqual({});
		// Nor a carer's, signed in as someone with no record, acting for somebody.
		expect(
			draft.read(cookies, {
				actor: person(9, null).actor,
				subject: person(6, 60).subject,
				via: 'proxy'
			})
		).toEqual({});
	});

	it('reads answers made before they were tied to anyone, or tampered with, as none', () => {
		const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
		for (const sent of [
			// As the cookie was before it said whose it is.
			encode({ service: 3, interpreterLanguage: 'Somali' }),
			encode({ actor: 9, subject: 21, answers: { service: 'three' } }),
			encode({ actor: '9', subject: 21, answers: { service: 3 } }),
			encode({ actor: 9, answers: { service: 3 } }),
			// Answers reach queries as they are: PostgreSQL's text cannot hold NUL (../nul.ts).
			encode({ actor: 9, subject: 21, answers: { service: 3, interpreterLanguage: 'So\u0000' } }),
			'not base64 json',
			''
		]) {
			expect(draft.read(jar({ booking: sent }).cookies, helping(21))).toEqual({});
		}
		// The same shape, well formed, is read.
		const good = encode({ actor: 9, subject: 21, answers: { service: 3 } });
		expect(draft.read(jar({ booking: good }).cookies, helping(21))).toEqual({ service: 3 });
	});

	it('clears the answers at the journey’s path', () => {
		const { cookies, values, options } = jar();
		draft.save(cookies, url, helping(21), { service: 3 });
		draft.clear(cookies, url);
		expect(values.has('booking')).toBe(false);
		expect(options.get('booking')).toMatchObject({ path: '/appointments/book', secure: true });
		expect(draft.read(cookies, helping(21))).toEqual({});
	});

	it('is Secure except over plain HTTP on a loopback address, as the session is', () => {
		const local = jar();
		draft.save(local.cookies, new URL('http://127.0.0.1:4173/appointments/book'), helping(21), {});
		expect(local.options.get('booking')).toMatchObject({ secure: false });
		const plain = jar();
		draft.save(
			plain.cookies,
			new URL('http://joinedup.example/appointments/book'),
			helping(21),
			{}
		);
		expect(plain.options.get('booking')).toMatchObject({ secure: true });
	});
});
