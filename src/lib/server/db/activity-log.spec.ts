import { describe, expect, it } from 'vitest';
import { recordActivity } from '../audit';
import { sql, type SQL } from 'drizzle-orm';
import { database, execute, tables } from './index';

describe('activity log', async () => {
	const db = database();
	const userId = (
		await db
			.insert(tables.users)
			.values({ email: 'log@example.org', passwordHash: 'not-used-here' })
			.returning()
	)[0]!.id;
	await recordActivity(
		db,
		{
			actor: { userId, role: 'patient', patientId: null, organisationId: null },
			subject: null,
			via: 'self'
		},
		'account.registered',
		{ signInWith: 'email' }
	);

	it('keeps what was written', async () => {
		const rows = await db.select().from(tables.activityLog);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			actorUserId: userId,
			via: 'self',
			action: 'account.registered'
		});
	});

	/** What the database answered a statement with: its error, and what drizzle wrapped. */
	const refusal = async (statement: SQL) => {
		try {
			await execute(db, statement);
			return 'done';
		} catch (error) {
			return `${error} ${(error as Error).cause ?? ''}`;
		}
	};

	it('cannot be changed through SQL', async () => {
		expect(await refusal(sql`UPDATE activity_log SET action = 'forged'`)).toMatch(/append-only/);
		expect((await db.select().from(tables.activityLog))[0]?.action).toBe('account.registered');
	});

	it('cannot be deleted through SQL', async () => {
		expect(await refusal(sql`DELETE FROM activity_log`)).toMatch(/append-only/);
		expect(await db.select().from(tables.activityLog)).toHaveLength(1);
	});
});
