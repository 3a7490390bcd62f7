import { describe, expect, it } from 'vitest';
import { recordActivity } from '../audit';
import { database, tables } from './index';

describe('activity log', () => {
	const db = database();
	const userId = db
		.insert(tables.users)
		.values({ email: 'log@example.org', passwordHash: 'not-used-here' })
		.returning()
		.get().id;
	recordActivity(
		db,
		{
			actor: { userId, role: 'patient', patientId: null, organisationId: null },
			subject: null,
			via: 'self'
		},
		'account.registered',
		{ signInWith: 'email' }
	);

	it('keeps what was written', () => {
		const rows = db.select().from(tables.activityLog).all();
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			actorUserId: userId,
			via: 'self',
			action: 'account.registered'
		});
	});

	it('cannot be changed through SQL', () => {
		expect(() => db.$client.exec(`UPDATE activity_log SET action = 'forged'`)).toThrow(
			/append-only/
		);
		expect(db.select().from(tables.activityLog).get()?.action).toBe('account.registered');
	});

	it('cannot be deleted through SQL', () => {
		expect(() => db.$client.exec('DELETE FROM activity_log')).toThrow(/append-only/);
		expect(db.select().from(tables.activityLog).all()).toHaveLength(1);
	});
});
