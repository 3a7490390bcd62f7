import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { database, tables } from '../db';
import { aPatient, anUnlinkedAccountAndRecord } from '../test-data';
import { linkAccountToRecord, recordLinkedWithoutNhsLogin } from './record-links';

const { activityLog, recordLinks, securityEvents, users } = tables;

describe('linking an account to its record', () => {
	it('links once, and says how in the record, the activity log and the security log', async () => {
		const { userId, patientId } = await anUnlinkedAccountAndRecord('Linda');
		expect(await linkAccountToRecord({ userId, patientId }, { method: 'code' })).toBe('linked');
		const db = database();
		expect((await db.select().from(users).where(eq(users.id, userId)))[0]?.patientId).toBe(
			patientId
		);
		expect(await db.select().from(recordLinks).where(eq(recordLinks.userId, userId))).toEqual([
			expect.objectContaining({ patientId, method: 'code', linkedByUserId: null })
		]);
		expect(
			await db.select().from(activityLog).where(eq(activityLog.subjectPatientId, patientId))
		).toEqual([
			expect.objectContaining({ actorUserId: userId, via: 'self', action: 'account.linked_code' })
		]);
		expect(
			await db
				.select()
				.from(securityEvents)
				.where(and(eq(securityEvents.userId, userId), eq(securityEvents.kind, 'account_linked')))
		).toEqual([expect.objectContaining({ reason: 'code' })]);
	});

	it('in person, records who linked it, what they checked, and where', async () => {
		const { userId, patientId } = await anUnlinkedAccountAndRecord('Ines');
		const linkedBy = {
			userId: (await aPatient('Worker')).actor!.userId,
			role: 'link_worker' as const,
			patientId: null,
			organisationId: null
		};
		const checks = 'Passport seen';
		expect(
			await linkAccountToRecord({ userId, patientId }, { method: 'in_person', linkedBy, checks })
		).toBe('linked');
		const db = database();
		expect(
			(await db.select().from(recordLinks).where(eq(recordLinks.userId, userId)))[0]
		).toMatchObject({ method: 'in_person', linkedByUserId: linkedBy.userId, checks });
		expect(
			(await db.select().from(activityLog).where(eq(activityLog.subjectPatientId, patientId)))[0]
		).toMatchObject({
			actorUserId: linkedBy.userId,
			via: 'staff',
			action: 'account.linked_in_person'
		});
	});

	// Hazard H-014: an account linked to the wrong person's record.
	it('never links a record that has an account, nor an account that has a record', async () => {
		const grace = await aPatient('Gracie');
		const { userId, patientId } = await anUnlinkedAccountAndRecord('Otto');
		expect(
			await linkAccountToRecord({ userId, patientId: grace.subject!.patientId }, { method: 'code' })
		).toBe('record already linked');
		expect(
			await linkAccountToRecord({ userId: grace.actor!.userId, patientId }, { method: 'code' })
		).toBe('account already linked');
		const db = database();
		expect((await db.select().from(users).where(eq(users.id, userId)))[0]?.patientId).toBeNull();
		expect(await db.select().from(recordLinks).where(eq(recordLinks.patientId, patientId))).toEqual(
			[]
		);
	});
});

describe('how a record was proved', () => {
	it('by a code or in person, not through NHS login', async () => {
		const byCode = await anUnlinkedAccountAndRecord('Cody');
		await linkAccountToRecord(byCode, { method: 'code' });
		expect(await recordLinkedWithoutNhsLogin(byCode.userId)).toBe(true);
		const byLogin = await anUnlinkedAccountAndRecord('Logan');
		await linkAccountToRecord(byLogin, { method: 'nhs_login', identityLevel: 'P5' });
		expect(await recordLinkedWithoutNhsLogin(byLogin.userId)).toBe(false);
		expect(await recordLinkedWithoutNhsLogin((await aPatient('Nolink')).actor!.userId)).toBe(false);
	});
});
