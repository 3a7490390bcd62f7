import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { relationshipState, type Actor } from '../access/policy';
import { database, tables } from '../db';
import { aPatient } from '../test-data';
import { linkAccountToRecord } from '../identity/record-links';
import { acceptInvitation, proxiesOf } from './people';
import {
	parentAccessEndsAt,
	recordRelationship,
	relationshipsOf,
	renewParentAccess,
	reviewDateRange
} from './in-person';

const db = database();
const now = new Date('2026-11-23T12:00:00Z');

async function worker(role: 'staff' | 'link_worker'): Promise<Actor> {
	const user = (
		await db
			.insert(tables.users)
			.values({ email: `${role}-${Math.random()}@example.org`, passwordHash: 'x', role })
			.returning()
	)[0]!;
	return { userId: user.id, role, patientId: null, organisationId: null };
}
const staff = await worker('staff');
const linkWorker = await worker('link_worker');

async function aChild(dateOfBirth: string) {
	return (
		await db
			.insert(tables.patients)
			.values({ givenName: 'Child', familyName: 'Test', dateOfBirth, postcode: 'E20 1AA' })
			.returning()
	)[0]!;
}

const record = {
	kind: 'parent' as const,
	invited: { kind: 'email' as const, value: 'parent@example.org' },
	grant: { permissions: ['appointments.view' as const], carePlanLabels: [] },
	checks: 'Birth certificate',
	reason: 'Young child',
	reviewOn: reviewDateRange(now).latest
};

describe('relationships recorded in person', () => {
	it('ends a parent’s access at the start of the 11th birthday, or the 16th once renewed', () => {
		// 00:00 in London: GMT in March, BST in June.
		expect(parentAccessEndsAt('2020-03-05', false)).toEqual(new Date('2031-03-05T00:00:00Z'));
		expect(parentAccessEndsAt('2020-06-05', true)).toEqual(new Date('2036-06-04T23:00:00Z'));
		// Born on 29 February: the birthday is 1 March in other years.
		expect(parentAccessEndsAt('2016-02-29', false)).toEqual(new Date('2027-03-01T00:00:00Z'));
	});

	it('records a parent for a young child as an invitation the parent accepts', async () => {
		const child = await aChild('2020-03-05');
		const recorded = await recordRelationship(linkWorker, child.id, record, 'en', now);
		if (!recorded.ok) throw new Error(recorded.reason);
		const parent = await aPatient('Parent');
		expect(await acceptInvitation(parent.actor!, recorded.code, now)).toEqual({
			ok: true,
			patientId: child.id
		});
		const [row] = await relationshipsOf(staff, child.id, now);
		expect(row).toMatchObject({ kind: 'parent', setUp: 'in_person', state: 'active' });
		expect(row!.endsAt).toEqual(new Date('2031-03-05T00:00:00Z'));
		// Access ends by itself at the 11th birthday.
		const stored = (await db.select().from(tables.proxyRelationships)).at(-1)!;
		expect(relationshipState(stored, new Date('2031-03-05T00:00:01Z'))).toBe('expired');
		// The patient is told only when they have an account; this child has none.
		const told = await db.select().from(tables.outbox);
		expect(told.filter((m) => m.kind === 'proxy.recorded')).toEqual([]);
		expect(told.filter((m) => m.kind === 'proxy.invitation').at(-1)!.recipient).toBe(
			'parent@example.org'
		);
	});

	it('stays as it was when the child’s own account is later linked to the record', async () => {
		const child = await aChild('2019-08-08');
		const recorded = await recordRelationship(staff, child.id, record, 'en', now);
		if (!recorded.ok) throw new Error(recorded.reason);
		await acceptInvitation((await aPatient('Dad')).actor!, recorded.code, now);
		const before = await relationshipsOf(staff, child.id, now);
		const account = (
			await db
				.insert(tables.users)
				.values({ email: `child-${Math.random()}@example.org`, passwordHash: 'x' })
				.returning()
		)[0]!;
		expect(
			await linkAccountToRecord(
				{ userId: account.id, patientId: child.id },
				{ method: 'in_person', linkedBy: staff, checks: 'Birth certificate' }
			)
		).toBe('linked');
		expect(await relationshipsOf(staff, child.id, now)).toEqual(before);
		expect(before[0]).toMatchObject({ state: 'active' });
	});

	it('never lets the person who recorded a relationship take it up themselves', async () => {
		const child = await aChild('2021-05-05');
		const recorded = await recordRelationship(staff, child.id, record, 'en', now);
		if (!recorded.ok) throw new Error(recorded.reason);
		expect(await acceptInvitation(staff, recorded.code, now)).toEqual({
			ok: false,
			reason: 'unknown-code'
		});
	});

	it('lets only staff record or renew a parent for a child of 11 to 15, and nobody at 16', async () => {
		const twelve = await aChild('2014-01-10');
		expect(await recordRelationship(linkWorker, twelve.id, record, 'en', now)).toEqual({
			ok: false,
			reason: 'renewal-needed'
		});
		const byStaff = await recordRelationship(staff, twelve.id, record, 'en', now);
		expect(byStaff.ok).toBe(true);
		expect((await relationshipsOf(staff, twelve.id, now))[0]!.endsAt).toEqual(
			new Date('2030-01-10T00:00:00Z')
		);
		const sixteen = await aChild('2010-11-01');
		expect(await recordRelationship(staff, sixteen.id, record, 'en', now)).toEqual({
			ok: false,
			reason: 'too-old-for-parent'
		});
		expect(
			await recordRelationship((await aPatient('Nobody')).actor!, sixteen.id, record, 'en', now)
		).toEqual({
			ok: false,
			reason: 'not-allowed'
		});
	});

	it('renews a lapsed parent’s access with a note, once, and only by staff', async () => {
		const child = await aChild('2015-11-30');
		const recorded = await recordRelationship(staff, child.id, record, 'en', now);
		if (!recorded.ok) throw new Error(recorded.reason);
		await acceptInvitation((await aPatient('Mum')).actor!, recorded.code, now);
		const afterEleven = new Date('2026-12-01T12:00:00Z');
		const [lapsed] = await relationshipsOf(staff, child.id, afterEleven);
		expect(lapsed).toMatchObject({ state: 'expired', renewable: true });
		expect(await renewParentAccess(linkWorker, child.id, lapsed!.id, 'note', afterEleven)).toBe(
			false
		);
		expect(await renewParentAccess(staff, child.id + 1, lapsed!.id, 'note', afterEleven)).toBe(
			false
		);
		expect(
			await renewParentAccess(staff, child.id, lapsed!.id, 'In her interest', afterEleven)
		).toBe(true);
		const [renewed] = await relationshipsOf(staff, child.id, afterEleven);
		expect(renewed).toMatchObject({ state: 'active', renewable: false });
		expect(renewed!.endsAt).toEqual(new Date('2031-11-30T00:00:00Z'));
		expect(await renewParentAccess(staff, child.id, lapsed!.id, 'again', afterEleven)).toBe(false);
	});

	// Issue 26: two staff in two instances over one PostgreSQL renewing at the same moment.
	it('renews once, logged once, when asked in several places at once', async () => {
		const child = await aChild('2015-11-30');
		const recorded = await recordRelationship(staff, child.id, record, 'en', now);
		if (!recorded.ok) throw new Error(recorded.reason);
		await acceptInvitation((await aPatient(`Mum${Math.random()}`)).actor!, recorded.code, now);
		const afterEleven = new Date('2026-12-01T12:00:00Z');
		const [lapsed] = await relationshipsOf(staff, child.id, afterEleven);
		const renewed = await Promise.all(
			Array.from({ length: 16 }, (_, i) =>
				renewParentAccess(staff, child.id, lapsed!.id, `note ${i}`, afterEleven)
			)
		);
		expect(renewed.filter(Boolean)).toHaveLength(1);
		const logged = await db
			.select()
			.from(tables.activityLog)
			.where(eq(tables.activityLog.subjectPatientId, child.id));
		expect(logged.filter((entry) => entry.action === 'proxy.renewed')).toHaveLength(1);
	});

	it('shows the patient who was recorded, and tells them when they have an account', async () => {
		const grace = await aPatient('Grace');
		const recorded = await recordRelationship(
			staff,
			grace.subject!.patientId,
			{ ...record, kind: 'lasting_power_of_attorney', reviewOn: '2027-06-01' },
			'en',
			now
		);
		expect(recorded.ok).toBe(true);
		expect((await proxiesOf(grace, now))[0]).toMatchObject({
			kind: 'lasting_power_of_attorney',
			setUp: 'in_person',
			reviewOn: '2027-06-01',
			state: 'invited'
		});
		const told = (await db.select().from(tables.outbox)).filter((m) => m.kind === 'proxy.recorded');
		expect(told).toHaveLength(1);
		expect(told[0]!.recipient).toBe('grace@example.org');
		expect(told[0]!.body).toContain('Lasting power of attorney for health and welfare');
	});
});
