import { and, desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../access/policy';
import { database, tables } from '../db';
import { keptOnceSent } from '../messages/templates';
import { aPatient } from '../test-data';
import {
	findMyRecord,
	findRecordFloorMs,
	normaliseRecordCode,
	recordCodeLifetimeMs,
	recordContact,
	sendRecordCode,
	useRecordCode
} from './find-my-record';
import { linkAccountToRecord } from './record-links';

const { activityLog, outbox, patients, recordLinkCodes, users } = tables;
const address = '203.0.113.9';
let born = 0;

/** A record in the register with these GP-held contacts, and details that match it alone. */
async function aRecord(
	name: string,
	contacts: { mobile?: string; email?: string; address?: string } = {}
) {
	// Each record its own date of birth, so that only the details given match it.
	const dateOfBirth = `1950-01-${String(++born).padStart(2, '0')}`;
	const patient = (
		await database()
			.insert(patients)
			.values({
				givenName: name,
				familyName: 'Register',
				dateOfBirth,
				postcode: 'E20 1QP',
				...contacts
			})
			.returning()
	)[0]!;
	const details = {
		givenName: name.toLowerCase(),
		familyName: 'REGISTER',
		dateOfBirth,
		postcode: 'e201qp',
		nhsNumber: null
	};
	return { patient, details };
}

/** A resident's account with no record yet, with an address of its own to sign in with. */
async function anAccount(
	name: string,
	language: string | null = null
): Promise<Actor & { email: string }> {
	const email = `${name.toLowerCase()}@example.org`;
	const user = (
		await database().insert(users).values({ email, passwordHash: 'x', language }).returning()
	)[0]!;
	return { userId: user.id, role: 'patient', patientId: null, organisationId: null, email };
}

const messagesTo = async (recipient: string) =>
	await database().select().from(outbox).where(eq(outbox.recipient, recipient));

const codesOf = async (userId: number) =>
	await database().select().from(recordLinkCodes).where(eq(recordLinkCodes.userId, userId));

/** The code in the latest message to an address, as its reader sees it. */
async function codeSentTo(recipient: string): Promise<string> {
	const message = (
		await database()
			.select()
			.from(outbox)
			.where(eq(outbox.recipient, recipient))
			.orderBy(desc(outbox.id))
	)[0];
	const code = /\b(\d{4}) (\d{4})\b/.exec(message?.body ?? '');
	if (!code) throw new Error(`no code sent to ${recipient}`);
	return `${code[1]}${code[2]}`;
}

const patientIdOf = async (userId: number) =>
	(await database().select().from(users).where(eq(users.id, userId)))[0]?.patientId;

describe('where a code goes', () => {
	const record = {
		givenName: 'Ada',
		familyName: 'Lovelace',
		postcode: 'E20 1QP',
		mobile: null,
		email: null,
		address: null
	};

	it('goes to the mobile the record holds, else its email, else a letter to its address', () => {
		expect(recordContact({ ...record, mobile: '+447700900001', email: 'ada@example.org' })).toEqual(
			{ channel: 'sms', address: '+447700900001' }
		);
		expect(recordContact({ ...record, email: 'ada@example.org', address: '1 Lane' })).toEqual({
			channel: 'email',
			address: 'ada@example.org'
		});
		expect(recordContact({ ...record, address: '1 Lane\nEastmere' })).toEqual({
			channel: 'letter',
			address: 'Ada Lovelace\n1 Lane\nEastmere\nE20 1QP'
		});
		expect(recordContact(record)).toBeNull();
	});

	it('reads a code however it is spaced, and nothing else', () => {
		expect(normaliseRecordCode(' 1234 5678 ')).toBe('12345678');
		expect(normaliseRecordCode('1234-5678')).toBe('12345678');
		expect(normaliseRecordCode('123456')).toBeNull();
		expect(normaliseRecordCode('1234 567a')).toBeNull();
	});
});

describe('sending a code for find my record', () => {
	// Hazard H-014: an account linked to the wrong person's record.
	it('sends it to the contact the record holds, never the account’s own, in the account’s language', async () => {
		const { patient, details } = await aRecord('Bola', { mobile: '+447700900101' });
		const account = await anAccount('Bola', 'pl');
		const now = new Date();
		expect(await sendRecordCode({ userId: account.userId, language: 'pl' }, details, now)).toBe(
			'sms'
		);
		expect(await messagesTo(account.email)).toEqual([]);
		const [message] = await messagesTo('+447700900101');
		expect(message).toMatchObject({
			kind: 'account.record_code',
			channel: 'sms',
			language: 'pl',
			patientId: patient.id
		});
		const [code] = await codesOf(account.userId);
		expect(code).toMatchObject({ patientId: patient.id, channel: 'sms', usedAt: null });
		expect(code!.expiresAt.getTime() - now.getTime()).toBe(recordCodeLifetimeMs.sms);
		// Only a hash is kept: the code the message holds is nowhere in the row.
		const sent = await codeSentTo('+447700900101');
		expect(code!.codeHash).toHaveLength(32);
		expect(code!.codeHash.toString('hex')).not.toContain(sent);
		expect(JSON.stringify(code)).not.toContain(sent);
		// Once handed on to be delivered, the outbox keeps the message without the code.
		expect(keptOnceSent(message!)).not.toContain(sent.slice(0, 4));
	});

	it('writes a letter, good for 14 days, when the record holds only an address', async () => {
		const { details } = await aRecord('Cyril', { address: '9 Wharf Lane\nWestbrook' });
		const account = await anAccount('Cyril');
		const now = new Date();
		expect(await sendRecordCode({ userId: account.userId, language: null }, details, now)).toBe(
			'letter'
		);
		const [message] = await messagesTo('Cyril Register\n9 Wharf Lane\nWestbrook\nE20 1QP');
		expect(message).toMatchObject({ channel: 'letter', language: 'en' });
		expect((await codesOf(account.userId))[0]!.expiresAt.getTime() - now.getTime()).toBe(
			14 * 24 * 60 * 60 * 1000
		);
	});

	it('sends nothing for no match, several matches, a record with an account, or one with no contact', async () => {
		const account = await anAccount('Dara');
		const send = (details: Parameters<typeof sendRecordCode>[1]) =>
			sendRecordCode({ userId: account.userId, language: null }, details, new Date());

		const { details } = await aRecord('Dara', { mobile: '+447700900102' });
		expect(await send({ ...details, postcode: 'E21 4BB' })).toBeNull();
		expect(await send({ ...details, nhsNumber: '9434765919' })).toBeNull();

		const twin = await aRecord('Twin', { mobile: '+447700900103' });
		await database()
			.insert(patients)
			.values({ ...twin.patient, id: undefined, mobile: '+447700900104' });
		expect(await send(twin.details)).toBeNull();

		const taken = await aRecord('Taken', { mobile: '+447700900105' });
		const holder = await anAccount('Holder');
		await linkAccountToRecord(
			{ userId: holder.userId, patientId: taken.patient.id },
			{ method: 'code' }
		);
		expect(await send(taken.details)).toBeNull();

		expect(await send((await aRecord('Silent')).details)).toBeNull();

		expect(await codesOf(account.userId)).toEqual([]);
		for (const mobile of ['+447700900102', '+447700900103', '+447700900104', '+447700900105']) {
			expect(await messagesTo(mobile)).toEqual([]);
		}
	});

	it('gives the same answer, after the same time, whether the details match or not', async () => {
		const { details } = await aRecord('Esme', { mobile: '+447700900106' });
		const matching = await anAccount('Esme');
		const other = await anAccount('Ezra');
		const timed = async (actor: Actor, typed: typeof details) => {
			const started = performance.now();
			const answer = await findMyRecord(actor, null, address, typed);
			return { answer, ms: performance.now() - started };
		};
		const match = await timed(matching, details);
		const none = await timed(other, { ...details, givenName: 'Nobody' });
		expect(match.answer).toEqual(none.answer);
		expect(match.answer).toEqual({ ok: true });
		expect(await messagesTo('+447700900106')).toHaveLength(1);
		expect(match.ms).toBeGreaterThanOrEqual(findRecordFloorMs - 1);
		expect(none.ms).toBeGreaterThanOrEqual(findRecordFloorMs - 1);
		expect(Math.abs(match.ms - none.ms)).toBeLessThan(50);
	});

	it('counts every try against the one resident-search allowance, and is only for an account with no record', async () => {
		const { details } = await aRecord('Fola', { mobile: '+447700900107' });
		const account = await anAccount('Fola');
		const events = async () =>
			await database()
				.select()
				.from(tables.securityEvents)
				.where(eq(tables.securityEvents.userId, account.userId));
		await findMyRecord(account, null, address, details);
		expect(await events()).toEqual([
			expect.objectContaining({ kind: 'resident_search', reason: 'find_my_record' })
		]);
		const linked = await aPatient('Gil');
		expect(await findMyRecord(linked.actor, null, address, details)).toEqual({
			ok: false,
			reason: 'not-allowed'
		});
	});
});

describe('using the code', () => {
	async function sent(name: string) {
		const mobile = `+4477009002${String(++born).padStart(2, '0')}`;
		const { patient, details } = await aRecord(name, { mobile });
		const account = await anAccount(name);
		await sendRecordCode({ userId: account.userId, language: null }, details);
		return { patient, account, code: await codeSentTo(mobile) };
	}

	it('links the account with the right code, as a code link in the activity log', async () => {
		const { patient, account, code } = await sent('Hana');
		expect(await useRecordCode(account, address, `${code.slice(0, 4)} ${code.slice(4)}`)).toBe(
			'linked'
		);
		expect(await patientIdOf(account.userId)).toBe(patient.id);
		expect(
			await database()
				.select()
				.from(activityLog)
				.where(eq(activityLog.subjectPatientId, patient.id))
		).toEqual([expect.objectContaining({ action: 'account.linked_code', via: 'self' })]);
		expect((await codesOf(account.userId))[0]!.usedAt).not.toBeNull();
	});

	it('refuses a wrong code and changes nothing', async () => {
		const { account, code } = await sent('Ivo');
		const wrong = code === '00000000' ? '11111111' : '00000000';
		expect(await useRecordCode(account, address, wrong)).toBe('wrong');
		expect(await useRecordCode(account, address, 'not a code')).toBe('wrong');
		expect(await patientIdOf(account.userId)).toBeNull();
		expect((await codesOf(account.userId))[0]!.usedAt).toBeNull();
	});

	it('refuses an expired code', async () => {
		const { account, code } = await sent('Jun');
		await database()
			.update(recordLinkCodes)
			.set({ expiresAt: new Date(Date.now() - 1000) })
			.where(eq(recordLinkCodes.userId, account.userId));
		expect(await useRecordCode(account, address, code)).toBe('wrong');
		expect(await patientIdOf(account.userId)).toBeNull();
	});

	it('refuses a code used once already, and an earlier code once a new one is sent', async () => {
		const first = await sent('Kofi');
		await database()
			.update(recordLinkCodes)
			.set({ usedAt: new Date() })
			.where(eq(recordLinkCodes.userId, first.account.userId));
		expect(await useRecordCode(first.account, address, first.code)).toBe('wrong');
		expect(await patientIdOf(first.account.userId)).toBeNull();

		// The record is linked by someone else before the code is typed: the code is used up.
		const second = await sent('Lena');
		const other = await anAccount('Other');
		await linkAccountToRecord(
			{ userId: other.userId, patientId: second.patient.id },
			{ method: 'code' }
		);
		expect(await useRecordCode(second.account, address, second.code)).toBe('wrong');
		expect(
			(
				await database()
					.select()
					.from(recordLinkCodes)
					.where(and(eq(recordLinkCodes.userId, second.account.userId)))
			)[0]?.usedAt
		).not.toBeNull();
		expect(await patientIdOf(second.account.userId)).toBeNull();
	});

	// Hazard H-014: an account linked to the wrong person's record.
	it('holds guessing back after five wrong codes, even the right one', async () => {
		const { account, code } = await sent('Mira');
		const wrong = code === '00000000' ? '11111111' : '00000000';
		for (let i = 0; i < 5; i++) expect(await useRecordCode(account, address, wrong)).toBe('wrong');
		expect(await useRecordCode(account, address, code)).toBe('held-back');
		expect(await patientIdOf(account.userId)).toBeNull();
	});
});
