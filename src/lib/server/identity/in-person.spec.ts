import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../access/policy';
import { parseIdentifier } from '../identifier';
import { database, tables } from '../db';
import { aPatient, anUnlinkedAccountAndRecord } from '../test-data';
import { linkInPerson, placesToLinkInPerson } from './in-person';

const { activityLog, organisations, recordLinks, users } = tables;
const address = '203.0.113.10';

function someone(role: 'link_worker' | 'staff'): Actor {
	const organisation = database()
		.insert(organisations)
		.values({ name: `Hub ${role}`, kind: 'voluntary_sector', borough: 'Eastmere', phone: '1' })
		.returning()
		.get();
	const user = database()
		.insert(users)
		.values({
			email: `${role}@example.org`,
			passwordHash: 'x',
			role,
			organisationId: organisation.id
		})
		.returning()
		.get();
	return { userId: user.id, role, patientId: null, organisationId: organisation.id };
}

const identifier = (email: string) => parseIdentifier(email)!;

describe('linking an account in person', () => {
	const linkWorker = someone('link_worker');

	it('links the account named to the resident found, with what was checked and by whom', () => {
		const { userId, patientId } = anUnlinkedAccountAndRecord('Nell');
		const checks = 'Saw her passport';
		expect(
			linkInPerson(linkWorker, {
				patientId,
				identifier: identifier('nell-unlinked@example.org'),
				checks,
				address
			})
		).toEqual({ ok: true });
		expect(database().select().from(users).where(eq(users.id, userId)).get()?.patientId).toBe(
			patientId
		);
		expect(
			database().select().from(recordLinks).where(eq(recordLinks.userId, userId)).get()
		).toMatchObject({
			method: 'in_person',
			linkedByUserId: linkWorker.userId,
			organisationId: linkWorker.organisationId,
			checks
		});
		expect(
			database().select().from(activityLog).where(eq(activityLog.subjectPatientId, patientId)).get()
		).toMatchObject({ actorUserId: linkWorker.userId, action: 'account.linked_in_person' });
	});

	it('gives one refusal for an unknown address, a linked account and a record with an account', () => {
		const staff = someone('staff');
		const { patientId } = anUnlinkedAccountAndRecord('Oona');
		const linked = aPatient('Pia');
		const refused = { ok: false, reason: 'refused' };
		const tryLink = (email: string, record = patientId) =>
			linkInPerson(staff, {
				patientId: record,
				identifier: identifier(email),
				checks: 'ID',
				address
			});
		expect(tryLink('nobody@example.org')).toEqual(refused);
		expect(tryLink('pia@example.org')).toEqual(refused);
		expect(tryLink('oona-unlinked@example.org', linked.subject!.patientId)).toEqual(refused);
		// The account named is still free, and the record still without an account.
		expect(tryLink('oona-unlinked@example.org')).toEqual({ ok: true });
	});

	it('is for staff and link workers only', () => {
		const { patientId } = anUnlinkedAccountAndRecord('Quin');
		const patient = aPatient('Rhea').actor!;
		for (const actor of [patient, { ...patient, role: 'admin' as const }, null]) {
			expect(
				linkInPerson(actor, {
					patientId,
					identifier: identifier('quin-unlinked@example.org'),
					checks: 'ID',
					address
				})
			).toEqual({ ok: false, reason: 'not-allowed' });
		}
	});

	it('names GP practices and Community Hubs as places to have it done', () => {
		const practice = database()
			.insert(organisations)
			.values({ name: 'A practice', kind: 'gp_practice', borough: 'Eastmere', phone: '2' })
			.returning()
			.get();
		const hospital = database()
			.insert(organisations)
			.values({ name: 'A hospital', kind: 'hospital_trust', borough: 'Eastmere', phone: '3' })
			.returning()
			.get();
		const place = (organisationId: number, name: string, communityHub = false) =>
			database()
				.insert(tables.locations)
				.values({
					organisationId,
					name,
					address: '1 Street',
					postcode: 'E20 1AA',
					stepFreeAccess: true,
					hearingLoop: false,
					communityHub
				})
				.run();
		place(practice.id, 'Practice surgery');
		place(hospital.id, 'Outpatients');
		place(hospital.id, 'Hospital hub', true);
		const names = placesToLinkInPerson().map((each) => each.name);
		expect(names).toContain('Practice surgery');
		expect(names).toContain('Hospital hub');
		expect(names).not.toContain('Outpatients');
	});
});
