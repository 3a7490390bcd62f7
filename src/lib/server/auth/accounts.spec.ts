import { describe, expect, it } from 'vitest';
import { database, tables } from '../db';
import { authenticate, registerAccount } from './accounts';
import { parseIdentifier } from '../identifier';

const mobile = parseIdentifier('07700 900456')!;

describe('accounts', () => {
	it('registers a patient account and logs it', async () => {
		const result = await registerAccount(mobile, 'purple kettle harbour');
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.user).toMatchObject({ mobile: '+447700900456', email: null, role: 'patient' });
		const log = await database().select().from(tables.activityLog);
		expect(log).toEqual([
			expect.objectContaining({
				actorUserId: result.user.id,
				action: 'account.registered',
				via: 'self'
			})
		]);
	});

	it('refuses a second account for the same number however it is written', async () => {
		const again = await registerAccount(
			parseIdentifier('+44 7700 900456')!,
			'another good password'
		);
		expect(again).toEqual({ ok: false, reason: 'taken' });
		expect(await database().select().from(tables.users)).toHaveLength(1);
	});

	it('signs in with the right password only', async () => {
		expect((await authenticate(mobile, 'purple kettle harbour'))?.mobile).toBe('+447700900456');
		expect(await authenticate(mobile, 'purple kettle harbor')).toBeNull();
		expect(
			await authenticate(parseIdentifier('nobody@example.org')!, 'purple kettle harbour')
		).toBeNull();
	});
});
