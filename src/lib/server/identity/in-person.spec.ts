import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../access/policy';
import { parseIdentifier } from '../identifier';
import { database, tables } from '../db';
import { aPatient, anUnlinkedAccountAndRecord } from '../test-data';
import { linkInPerson, placesToLinkInPerson } from './in-person';

const { activityLog, organisations, recordLinks, users } = tables;
const address = '203.0.113.10';

async function someone(role: 'link_worker' | 'staff'): Promise<Actor> {
	const organisation = (
		await database()
			.insert(organisations)
			.values({ name: `Hub ${role}`, kind: 'voluntary_sector', borough: 'Eastmere', phone: '1' })
			.returning()
	)[0]!;
	const user = (
		await database()
			.insert(users)
			.values({
				email: `${role}@example.org`,
				passwordHash: 'x',
				role,
				organisationId: organisation.id
			})
			.returning()
	)[0]!;
	return { userId: user.id, role, patientId: null, organisationId: organisation.id };
}

const identifier = (email: string) => parseIdentifier(email)!;

describe('linking an account in person', async () => {
	const linkWorker = await someone('link_worker');

	it('links the account named to the resident found, with what was checked and by whom', async () => {
		const { userId, patientId } = await anUnlinkedAccountAndRecord('Nell');
		const checks = 'Saw her passport';
		expect(
			await linkInPerson(linkWorker, {
				patientId,
				identifier: identifier('nell-unlinked@example.org'),
				checks,
				address
			})
		).toEqual({ ok: true });
		expect((await database().select().from(users).where(eq(users.id, userId)))[0]?.patientId).toBe(
			patientId
		);
		expect(
			(await database().select().from(recordLinks).where(eq(recordLinks.userId, userId)))[0]
		).toMatchObject({
			method: 'in_person',
			linkedByUserId: linkWorker.userId,
			organisationId: linkWorker.organisationId,
			checks
		});
		expect(
			(
				await database()
					.select()
					.from(activityLog)
					.where(eq(activityLog.subjectPatientId, patientId))
			)[0]
		).toMatchObject({ actorUserId: linkWorker.userId, action: 'account.linked_in_person' });
	});

	it('gives one refusal for an unknown address, a linked account and a record with an account', async () => {
		const staff = await someone('staff');
		const { patientId } = await anUnlinkedAccountAndRecord('Oona');
		const linked = await aPatient('Pia');
		const refused = { ok: false, reason: 'refused' };
		const tryLink = async (email: string, record = patientId) =>
			await linkInPerson(staff, {
				patientId: record,
				identifier: identifier(email),
				checks: 'ID',
				address
			});
		expect(await tryLink('nobody@example.org')).toEqual(refused);
		expect(await tryLink('pia@example.org')).toEqual(refused);
		expect(await tryLink('oona-unlinked@example.org', linked.subject!.patientId)).toEqual(refused);
		// The account named is still free, and the record still without an account.
		expect(await tryLink('oona-unlinked@example.org')).toEqual({ ok: true });
	});

	it('is for staff and link workers only', async () => {
		const { patientId } = await anUnlinkedAccountAndRecord('Quin');
		const patient = (await aPatient('Rhea')).actor!;
		for (const actor of [patient, { ...patient, role: 'admin' as const }, null]) {
			expect(
				await linkInPerson(actor, {
					patientId,
					identifier: identifier('quin-unlinked@example.org'),
					checks: 'ID',
					address
				})
			).toEqual({ ok: false, reason: 'not-allowed' });
		}
	});

	it('names GP practices and Community Hubs as places to have it done', async () => {
		const practice = (
			await database()
				.insert(organisations)
				.values({ name: 'A practice', kind: 'gp_practice', borough: 'Eastmere', phone: '2' })
				.returning()
		)[0]!;
		const hospital = (
			await database()
				.insert(organisations)
				.values({ name: 'A hospital', kind: 'hospital_trust', borough: 'Eastmere', phone: '3' })
				.returning()
		)[0]!;
		const place = async (organisationId: number, name: string, communityHub = false) =>
			await database().insert(tables.locations).values({
				organisationId,
				name,
				address: '1 Street',
				postcode: 'E20 1AA',
				stepFreeAccess: true,
				hearingLoop: false,
				communityHub
			});
		await place(practice.id, 'Practice surgery');
		await place(hospital.id, 'Outpatients');
		await place(hospital.id, 'Hospital hub', true);
		const names = (await placesToLinkInPerson()).map((each) => each.name);
		expect(names).toContain('Practice surgery');
		expect(names).toContain('Hospital hub');
		expect(names).not.toContain('Outpatients');
	});
});
