import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { database, tables } from '../db';
import { aPatient, anUnlinkedAccountAndRecord } from '../test-data';
import { linkAccountToRecord, recordLinkedWithoutNhsLogin } from './record-links';

const { activityLog, recordLinks, securityEvents, users } = tables;

describe('linking an account to its record', () => {
	it('links once, and says how in the record, the activity log and the security log', () => {
		const { userId, patientId } = anUnlinkedAccountAndRecord('Linda');
		expect(linkAccountToRecord({ userId, patientId }, { method: 'code' })).toBe('linked');
		const db = database();
		expect(db.select().from(users).where(eq(users.id, userId)).get()?.patientId).toBe(patientId);
		expect(db.select().from(recordLinks).where(eq(recordLinks.userId, userId)).all()).toEqual([
			expect.objectContaining({ patientId, method: 'code', linkedByUserId: null })
		]);
		expect(
			db.select().from(activityLog).where(eq(activityLog.subjectPatientId, patientId)).all()
		).toEqual([
			expect.objectContaining({ actorUserId: userId, via: 'self', action: 'account.linked_code' })
		]);
		expect(
			db
				.select()
				.from(securityEvents)
				.where(and(eq(securityEvents.userId, userId), eq(securityEvents.kind, 'account_linked')))
				.all()
		).toEqual([expect.objectContaining({ reason: 'code' })]);
	});

	it('in person, records who linked it, what they checked, and where', () => {
		const { userId, patientId } = anUnlinkedAccountAndRecord('Ines');
		const linkedBy = {
			userId: aPatient('Worker').actor!.userId,
			role: 'link_worker' as const,
			patientId: null,
			organisationId: null
		};
		const checks = 'Passport seen';
		expect(
			linkAccountToRecord({ userId, patientId }, { method: 'in_person', linkedBy, checks })
		).toBe('linked');
		const db = database();
		expect(db.select().from(recordLinks).where(eq(recordLinks.userId, userId)).get()).toMatchObject(
			{ method: 'in_person', linkedByUserId: linkedBy.userId, checks }
		);
		expect(
			db.select().from(activityLog).where(eq(activityLog.subjectPatientId, patientId)).get()
		).toMatchObject({
			actorUserId: linkedBy.userId,
			via: 'staff',
			action: 'account.linked_in_person'
		});
	});

	// Hazard H-014: an account linked to the wrong person's record.
	it('never links a record that has an account, nor an account that has a record', () => {
		const grace = aPatient('Gracie');
		const { userId, patientId } = anUnlinkedAccountAndRecord('Otto');
		expect(
			linkAccountToRecord({ userId, patientId: grace.subject!.patientId }, { method: 'code' })
		).toBe('record already linked');
		expect(
			linkAccountToRecord({ userId: grace.actor!.userId, patientId }, { method: 'code' })
		).toBe('account already linked');
		const db = database();
		expect(db.select().from(users).where(eq(users.id, userId)).get()?.patientId).toBeNull();
		expect(db.select().from(recordLinks).where(eq(recordLinks.patientId, patientId)).all()).toEqual(
			[]
		);
	});
});

describe('how a record was proved', () => {
	it('by a code or in person, not through NHS login', () => {
		const byCode = anUnlinkedAccountAndRecord('Cody');
		linkAccountToRecord(byCode, { method: 'code' });
		expect(recordLinkedWithoutNhsLogin(byCode.userId)).toBe(true);
		const byLogin = anUnlinkedAccountAndRecord('Logan');
		linkAccountToRecord(byLogin, { method: 'nhs_login', identityLevel: 'P5' });
		expect(recordLinkedWithoutNhsLogin(byLogin.userId)).toBe(false);
		expect(recordLinkedWithoutNhsLogin(aPatient('Nolink').actor!.userId)).toBe(false);
	});
});
