import { describe, expect, it } from 'vitest';
import { database, tables } from './db';
import {
	forgetOldSecurityEvents,
	recentSecurityEvents,
	recordSecurityEvent,
	securityLogRetentionDays
} from './security-log';

const day = 24 * 60 * 60 * 1000;

describe('the security log', () => {
	it('keeps a year of events and forgets older ones', async () => {
		const now = new Date('2026-11-23T12:00:00Z');
		const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * day);
		await database()
			.insert(tables.securityEvents)
			.values([
				{ kind: 'sign_in', at: at(securityLogRetentionDays + 1), address: '192.0.2.1' },
				{ kind: 'sign_in_failed', at: at(securityLogRetentionDays - 1), address: '192.0.2.2' }
			]);
		await recordSecurityEvent('password_reset', { address: '192.0.2.3' });

		expect(await forgetOldSecurityEvents(now)).toBe(1);
		expect((await recentSecurityEvents()).map((event) => event.kind)).toEqual([
			'password_reset',
			'sign_in_failed'
		]);
		expect(await forgetOldSecurityEvents(now)).toBe(0);
	});
});
