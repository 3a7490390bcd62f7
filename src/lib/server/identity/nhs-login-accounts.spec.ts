import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { database, tables } from '../db';
import { aPatient, aProxyFor } from '../test-data';
import { proxyContext } from '../people/people';
import type { NhsLoginIdentity } from './nhs-login';
import { accountForNhsLogin } from './nhs-login-accounts';

const { activityLog, patients, recordLinks, securityEvents, users } = tables;

let count = 0;
/** A record in the register with an NHS number, and the NHS login that proves it. */
async function aRecordAndItsNhsLogin(level: NhsLoginIdentity['level'] = 'P9') {
	count += 1;
	const nhsNumber = `94347${String(10000 + count)}`.slice(0, 10);
	const patient = (
		await database()
			.insert(patients)
			.values({
				givenName: 'Amira',
				familyName: 'Haddad',
				dateOfBirth: '1985-07-30',
				postcode: 'E20 1AA',
				nhsNumber
			})
			.returning()
	)[0]!;
	const identity: NhsLoginIdentity = {
		sub: `sub-${count}`,
		level,
		nhsNumber,
		familyName: 'HADDAD',
		birthdate: '1985-07-30',
		email: `amira-${count}@example.org`,
		phoneNumber: null
	};
	return { patientId: patient.id, identity };
}

const activityOf = async (patientId: number) =>
	(
		await database()
			.select({ action: activityLog.action })
			.from(activityLog)
			.where(eq(activityLog.subjectPatientId, patientId))
	).map((row) => row.action);

describe('who someone coming through NHS login is', () => {
	it('links a new account to the one record that matches, family name in any case', async () => {
		const { patientId, identity } = await aRecordAndItsNhsLogin('P5');
		const user = await accountForNhsLogin(identity, '192.0.2.1');
		expect(user).toMatchObject({
			patientId,
			nhsLoginSub: identity.sub,
			passwordHash: null,
			role: 'patient',
			email: identity.email
		});
		expect(
			await database().select().from(recordLinks).where(eq(recordLinks.userId, user.id))
		).toEqual([expect.objectContaining({ method: 'nhs_login', identityLevel: 'P5' })]);
		expect(await activityOf(patientId)).toEqual(['account.linked_nhs_login']);
		expect(
			await database()
				.select({ reason: securityEvents.reason })
				.from(securityEvents)
				.where(and(eq(securityEvents.userId, user.id), eq(securityEvents.kind, 'sign_in')))
		).toEqual([{ reason: 'nhs_login' }]);
		// Next time, the same account.
		expect((await accountForNhsLogin(identity, null)).id).toBe(user.id);
	});

	it('signs a carer in to their own password account, keeping whom they act for', async () => {
		const caredFor = await aPatient('Grace');
		const { own, relationshipId } = await aProxyFor(caredFor, 'Kofi', ['appointments.view'], []);
		const carerPatientId = own.actor!.patientId!;
		const nhsNumber = '9434765986';
		await database()
			.update(patients)
			.set({ nhsNumber, familyName: 'Mensah', dateOfBirth: '1970-01-01' })
			.where(eq(patients.id, carerPatientId));
		const user = await accountForNhsLogin(
			{
				sub: 'kofi-sub',
				level: 'P9',
				nhsNumber,
				familyName: 'mensah',
				birthdate: '1970-01-01',
				email: null,
				phoneNumber: null
			},
			null
		);
		expect(user.id).toBe(own.actor!.userId);
		expect(user.nhsLoginSub).toBe('kofi-sub');
		expect(user.passwordHash).not.toBeNull();
		expect(await activityOf(carerPatientId)).toContain('account.nhs_login_added');
		expect(await proxyContext(own.actor!, 'session', caredFor.subject!.patientId)).not.toBeNull();
		expect(relationshipId).toBeGreaterThan(0);
	});

	it('gives a P0 login, or details that match no record, an account not linked yet', async () => {
		const { patientId, identity } = await aRecordAndItsNhsLogin();
		const p0 = await accountForNhsLogin({ ...identity, sub: 'p0-sub', level: 'P0' }, null);
		expect(p0.patientId).toBeNull();
		const wrongBirth = await accountForNhsLogin(
			{ ...identity, sub: 'wrong-birth', birthdate: '1985-07-31', email: null },
			null
		);
		expect(wrongBirth.patientId).toBeNull();
		const wrongName = await accountForNhsLogin(
			{ ...identity, sub: 'wrong-name', familyName: 'Hadad', email: null },
			null
		);
		expect(wrongName.patientId).toBeNull();
		expect(await activityOf(patientId)).toEqual([]);
	});

	it('links an unlinked NHS login account once its person proves matching details', async () => {
		const { patientId, identity } = await aRecordAndItsNhsLogin();
		const first = await accountForNhsLogin({ ...identity, level: 'P0' }, null);
		expect(first.patientId).toBeNull();
		const later = await accountForNhsLogin(identity, null);
		expect(later).toMatchObject({ id: first.id, patientId });
	});

	it('never takes a record another NHS login holds, nor an address another account signs in with', async () => {
		const { patientId, identity } = await aRecordAndItsNhsLogin();
		const holder = await accountForNhsLogin(identity, null);
		const other = await accountForNhsLogin({ ...identity, sub: 'someone-else' }, null);
		expect(other.id).not.toBe(holder.id);
		expect(other.patientId).toBeNull();
		expect(other.email).toBeNull();
		expect(
			await database().select().from(users).where(eq(users.patientId, patientId))
		).toHaveLength(1);
	});
});
