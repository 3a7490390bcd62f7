import { and, desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { database, tables } from '../db';
import { keptOnceSent } from '../messages/templates';
import {
	confirmationAddress,
	confirmationLifetimeMs,
	confirmRegistration,
	registrationFloorMs,
	startRegistration
} from './account-confirmation';
import { authenticate, registerAccount } from './accounts';
import { parseIdentifier } from '../identifier';

const password = 'seven lanterns drifting';

/** The latest message to an address, and the code in it if it has one. */
async function latestMessage(address: string) {
	const message = (
		await database()
			.select()
			.from(tables.outbox)
			.where(eq(tables.outbox.recipient, address))
			.orderBy(desc(tables.outbox.id))
	)[0];
	return { message, code: message ? (/\b(\d{6})\b/.exec(message.body)?.[1] ?? null) : null };
}

async function accountsWith(email: string) {
	return await database().select().from(tables.users).where(eq(tables.users.email, email));
}

const minutes = (n: number) => n * 60 * 1000;

describe('confirming a new account’s address', () => {
	it('sends a code in the page’s language, keeps only hashes, and the code makes the account once', async () => {
		const identifier = parseIdentifier('new-confirm@example.org')!;
		const token = await startRegistration(identifier, password, 'pl');
		expect(await accountsWith(identifier.value)).toHaveLength(0);
		expect(await confirmationAddress(token)).toEqual(identifier);

		const { message, code } = await latestMessage(identifier.value);
		expect(message).toMatchObject({
			kind: 'account.confirm_code',
			channel: 'email',
			language: 'pl'
		});
		expect(code).toMatch(/^\d{6}$/);
		// Once handed on to be delivered, the code leaves the outbox.
		expect(keptOnceSent(message!)).not.toContain(code);
		const [row] = await database()
			.select()
			.from(tables.accountConfirmations)
			.where(eq(tables.accountConfirmations.identifier, identifier.value));
		expect(row!.codeHash).not.toBeNull();
		expect(JSON.stringify(row)).not.toContain(code!);
		expect(row!.passwordHash).not.toContain(password);

		const wrong = code === '000000' ? '111111' : '000000';
		expect(await confirmRegistration(token, wrong)).toEqual({ ok: false, reason: 'wrong' });
		const made = await confirmRegistration(token, code!);
		expect(made.ok).toBe(true);
		expect(await accountsWith(identifier.value)).toHaveLength(1);
		expect(await authenticate(identifier, password)).toMatchObject({ role: 'patient' });
		const registered = await database()
			.select()
			.from(tables.activityLog)
			.where(
				and(
					eq(tables.activityLog.actorUserId, made.ok ? made.user.id : 0),
					eq(tables.activityLog.action, 'account.registered')
				)
			);
		expect(registered).toHaveLength(1);

		// Used once: again, it is refused and nothing more is made.
		expect(await confirmRegistration(token, code!)).toEqual({ ok: false, reason: 'used' });
		expect(await accountsWith(identifier.value)).toHaveLength(1);
	});

	it('works only in the browser that asked, and only for ten minutes', async () => {
		const identifier = parseIdentifier('07700 900661')!;
		const now = new Date();
		const token = await startRegistration(identifier, password, 'en', now);
		const { code, message } = await latestMessage(identifier.value);
		expect(message).toMatchObject({ kind: 'account.confirm_code', channel: 'sms' });
		const [id] = token.split('.');
		expect(await confirmationAddress(`${id}.not-the-secret`)).toBeNull();
		expect(await confirmRegistration(`${id}.not-the-secret`, code!)).toEqual({
			ok: false,
			reason: 'unknown'
		});
		const late = new Date(now.getTime() + confirmationLifetimeMs);
		expect(await confirmRegistration(token, code!, late)).toEqual({ ok: false, reason: 'expired' });
		expect(
			await database().select().from(tables.users).where(eq(tables.users.mobile, identifier.value))
		).toHaveLength(0);
		expect((await confirmRegistration(token, code!, new Date(now.getTime() + minutes(9)))).ok).toBe(
			true
		);
	});

	it('sends no code for an address that is an account’s: its holder is told, and nothing changes', async () => {
		const identifier = parseIdentifier('already-here@example.org')!;
		const existing = await registerAccount(identifier, 'the first password');
		if (!existing.ok) throw new Error('not registered');
		await database()
			.update(tables.users)
			.set({ language: 'ar' })
			.where(eq(tables.users.id, existing.user.id));
		const before = (
			await database().select().from(tables.users).where(eq(tables.users.id, existing.user.id))
		)[0];

		const token = await startRegistration(identifier, password, 'en');
		expect(await confirmationAddress(token)).toEqual(identifier);
		const { message, code } = await latestMessage(identifier.value);
		// In the holder's own language, with no code in it.
		expect(message).toMatchObject({ kind: 'account.already_registered', language: 'ar' });
		expect(message!.body).toContain('/sign-in/reset');
		expect(code).toBeNull();
		for (const guess of ['000000', '123456', '999999']) {
			expect(await confirmRegistration(token, guess)).toEqual({ ok: false, reason: 'wrong' });
		}
		expect(await accountsWith(identifier.value)).toEqual([before]);
		expect(await authenticate(identifier, password)).toBeNull();
		expect(await authenticate(identifier, 'the first password')).toMatchObject({
			id: existing.user.id
		});
	});

	it('takes as long for an address that is an account’s as for a new one', async () => {
		const taken = parseIdentifier('timed-taken@example.org')!;
		await registerAccount(taken, 'the first password');
		const times: Record<'new' | 'taken', number[]> = { new: [], taken: [] };
		for (let i = 0; i < 3; i++) {
			let started = performance.now();
			await startRegistration(parseIdentifier(`timed-new-${i}@example.org`)!, password, 'en');
			times.new.push(performance.now() - started);
			started = performance.now();
			await startRegistration(taken, password, 'en');
			times.taken.push(performance.now() - started);
		}
		for (const took of [...times.new, ...times.taken]) {
			expect(took).toBeGreaterThanOrEqual(registrationFloorMs - 1);
			// The floor, not the work, sets the time: both answer within a few milliseconds of it.
			expect(took).toBeLessThan(registrationFloorMs + 300);
		}
	});
});
