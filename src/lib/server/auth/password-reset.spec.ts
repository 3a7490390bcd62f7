import { desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { database, tables } from '../db';
import { authenticate, changePassword, registerAccount } from './accounts';
import { parseIdentifier } from '../identifier';
import {
	grantIsOpen,
	normaliseResetCode,
	requestResetCode,
	resetCodeLifetimeMs,
	resetPassword,
	resetRequestFloorMs,
	sendResetCode,
	useResetCode
} from './password-reset';
import { createSession, validateSessionToken } from './session';
import type { MessageDriver, OutgoingMessage } from '../messages/drivers';
import { sendDueMessages } from '../messages/worker';

const email = parseIdentifier('forgetful@example.org')!;
const mobile = parseIdentifier('07700 900777')!;
let userId: number;

beforeAll(async () => {
	const registered = await registerAccount(email, 'original kettle harbour');
	if (!registered.ok) throw new Error('not registered');
	userId = registered.user.id;
	await database()
		.update(tables.users)
		.set({ language: 'pl', mobile: mobile.value })
		.where(eq(tables.users.id, userId));
});

/** The code in the latest message sent to an address, as the person would read it. */
async function latestCode(address: string) {
	const message = (
		await database()
			.select()
			.from(tables.outbox)
			.where(eq(tables.outbox.recipient, address))
			.orderBy(desc(tables.outbox.id))
	)[0]!;
	return { message, code: /\b(\d{6})\b/.exec(message.body)![1]! };
}

const minutes = (n: number) => n * 60 * 1000;

describe('password reset codes', () => {
	it('reads a code however it is spaced, and nothing else', () => {
		expect(normaliseResetCode('381 042')).toBe('381042');
		expect(normaliseResetCode('381-042')).toBe('381042');
		expect(normaliseResetCode('38104')).toBeNull();
		expect(normaliseResetCode('38104a')).toBeNull();
		expect(normaliseResetCode('٣٨١٠٤٢')).toBeNull();
	});

	it('sends nothing for an address with no account', async () => {
		const before = (await database().select().from(tables.outbox)).length;
		expect(await sendResetCode(parseIdentifier('nobody@example.org')!)).toBeNull();
		expect(await database().select().from(tables.outbox)).toHaveLength(before);
		expect(await useResetCode(parseIdentifier('nobody@example.org')!, '123456')).toEqual({
			ok: false,
			userId: null
		});
	});

	it('takes as long to ask for a code for an account as for an address with none', async () => {
		const known = await registerAccount(
			parseIdentifier('timed@example.org')!,
			'steady clock tower'
		);
		if (!known.ok) throw new Error('not registered');
		const timed = async (identifier: string) => {
			const started = performance.now();
			await requestResetCode(parseIdentifier(identifier)!, '192.0.2.20');
			return performance.now() - started;
		};
		// Once each way first, so that neither pays for loading code the other then reuses.
		await timed('timed@example.org');
		await timed('untimed@example.org');
		for (const took of [await timed('timed@example.org'), await timed('untimed@example.org')]) {
			expect(took).toBeGreaterThanOrEqual(resetRequestFloorMs - 1);
			expect(took).toBeLessThan(resetRequestFloorMs * 2);
		}
		const logged = await database()
			.select()
			.from(tables.securityEvents)
			.where(eq(tables.securityEvents.kind, 'reset_code_sent'));
		expect(logged.map((event) => [event.userId, event.address])).toEqual([
			[known.user.id, '192.0.2.20'],
			[known.user.id, '192.0.2.20']
		]);
	});

	it('sends six digits by text to the number typed, in the person’s language, keeping only a hash', async () => {
		const now = new Date();
		expect(await sendResetCode(mobile, now)).toBe(userId);
		const { message, code } = await latestCode(mobile.value);
		expect(message).toMatchObject({ kind: 'account.reset_code', channel: 'sms', language: 'pl' });
		const stored = await database()
			.select()
			.from(tables.passwordResetCodes)
			.where(eq(tables.passwordResetCodes.userId, userId));
		expect(JSON.stringify(stored)).not.toContain(code);
		expect(stored.at(-1)!.expiresAt).toEqual(new Date(now.getTime() + resetCodeLifetimeMs));
	});

	it('takes the latest code once, within ten minutes; an earlier code stops working', async () => {
		const now = new Date();
		await sendResetCode(email, now);
		const first = (await latestCode(email.value)).code;
		await sendResetCode(email, now);
		const second = (await latestCode(email.value)).code;
		if (first !== second) expect((await useResetCode(email, first, now)).ok).toBe(false);
		const late = new Date(now.getTime() + resetCodeLifetimeMs);
		expect((await useResetCode(email, second, late)).ok).toBe(false);
		const wrong = second === '000000' ? '000001' : '000000';
		expect(await useResetCode(email, wrong, now)).toEqual({ ok: false, userId });

		const used = await useResetCode(email, second, now);
		expect(used).toMatchObject({ ok: true, userId });
		// Single use: the same code a second time, from anywhere, opens nothing.
		expect((await useResetCode(email, second, now)).ok).toBe(false);
		if (!used.ok) return;
		expect(await grantIsOpen(used.grant, now)).toBe(true);
		expect(
			await grantIsOpen(
				used.grant.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')),
				now
			)
		).toBe(false);
		expect(await grantIsOpen(used.grant, new Date(now.getTime() + resetCodeLifetimeMs))).toBe(
			false
		);
	});

	it('sets the new password once, ends every session, logs it and tells the person', async () => {
		const now = new Date();
		const signedIn = await createSession(userId, now, { keepSignedIn: true });
		await sendResetCode(email, now);
		const used = await useResetCode(email, (await latestCode(email.value)).code, now);
		if (!used.ok) throw new Error('code refused');

		expect(await resetPassword(used.grant, 'brand new lantern field', now)).toMatchObject({
			id: userId
		});
		expect(await authenticate(email, 'brand new lantern field')).toMatchObject({ id: userId });
		expect(await authenticate(email, 'original kettle harbour')).toBeNull();
		expect(await validateSessionToken(signedIn.token, now)).toBeNull();
		const activity = await database()
			.select()
			.from(tables.activityLog)
			.where(eq(tables.activityLog.actorUserId, userId));
		expect(activity.map((entry) => entry.action)).toContain('account.password_reset');
		// Told at the address they sign in with, which is their email.
		const told = await database()
			.select()
			.from(tables.outbox)
			.where(eq(tables.outbox.kind, 'account.password_changed'));
		expect(told.at(-1)).toMatchObject({ channel: 'email', recipient: email.value });

		// The grant is spent: a second try, or a later one, changes nothing.
		expect(await resetPassword(used.grant, 'another try entirely', now)).toBeNull();
		expect(await authenticate(email, 'brand new lantern field')).not.toBeNull();
		const late = new Date(now.getTime() + minutes(11));
		expect(await resetPassword(used.grant, 'another try entirely', late)).toBeNull();
	});

	it('keeps no working code in the outbox: taken out once used, replaced or ten minutes old', async () => {
		const now = new Date();
		await sendResetCode(email, now);
		const { message, code } = await latestCode(email.value);
		const used = await useResetCode(email, code, now);
		expect(used.ok).toBe(true);
		const kept = (
			await database().select().from(tables.outbox).where(eq(tables.outbox.id, message.id))
		)[0]!;
		expect(kept.body).not.toContain(code);
		expect(kept.body).toContain('••••••');

		// A code nobody used is taken out of every message once its time is over.
		await sendResetCode(mobile, now);
		const unused = await latestCode(mobile.value);
		const someoneElse = parseIdentifier('someone-else@example.org')!;
		await registerAccount(someoneElse, 'another kettle harbour');
		await sendResetCode(someoneElse, new Date(Date.now() + resetCodeLifetimeMs + 1000));
		const swept = (
			await database().select().from(tables.outbox).where(eq(tables.outbox.id, unused.message.id))
		)[0]!;
		expect(swept.body).not.toContain(unused.code);
	});

	it('takes the code out of the kept message as soon as it has been handed on', async () => {
		await sendResetCode(email);
		const { message, code } = await latestCode(email.value);
		const handedOn: OutgoingMessage[] = [];
		const driver: MessageDriver = {
			name: 'test',
			send: async (sent) => {
				handedOn.push(sent);
				return { ok: true, providerId: null };
			}
		};
		await sendDueMessages(driver);
		expect(handedOn.find((sent) => sent.id === message.id)?.body).toContain(code);
		const kept = (
			await database().select().from(tables.outbox).where(eq(tables.outbox.id, message.id))
		)[0]!;
		expect(kept.status).toBe('sent');
		expect(kept.body).not.toContain(code);
		expect(kept.body).toContain('••••••');
		// The person has it now, and it works.
		expect((await useResetCode(email, code)).ok).toBe(true);
	});

	it('closes a new-password page opened before the password was changed another way', async () => {
		const now = new Date();
		await sendResetCode(email, now);
		const used = await useResetCode(email, (await latestCode(email.value)).code, now);
		if (!used.ok) throw new Error('code refused');
		const user = (
			await database().select().from(tables.users).where(eq(tables.users.id, userId))
		)[0]!;
		await changePassword(user, 'changed in settings meanwhile');
		expect(await grantIsOpen(used.grant, now)).toBe(false);
		expect(await resetPassword(used.grant, 'the attacker would like this', now)).toBeNull();
		expect(await authenticate(email, 'changed in settings meanwhile')).not.toBeNull();
	});
});
