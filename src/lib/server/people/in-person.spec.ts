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

function worker(role: 'staff' | 'link_worker'): Actor {
	const user = db
		.insert(tables.users)
		.values({ email: `${role}-${Math.random()}@example.org`, passwordHash: 'x', role })
		.returning()
		.get();
	return { userId: user.id, role, patientId: null, organisationId: null };
}
const staff = worker('staff');
const linkWorker = worker('link_worker');

function aChild(dateOfBirth: string) {
	return db
		.insert(tables.patients)
		.values({ givenName: 'Child', familyName: 'Test', dateOfBirth, postcode: 'E20 1AA' })
		.returning()
		.get();
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

	it('records a parent for a young child as an invitation the parent accepts', () => {
		const child = aChild('2020-03-05');
		const recorded = recordRelationship(linkWorker, child.id, record, 'en', now);
		if (!recorded.ok) throw new Error(recorded.reason);
		const parent = aPatient('Parent');
		expect(acceptInvitation(parent.actor!, recorded.code, now)).toEqual({
			ok: true,
			patientId: child.id
		});
		const [row] = relationshipsOf(staff, child.id, now);
		expect(row).toMatchObject({ kind: 'parent', setUp: 'in_person', state: 'active' });
		expect(row!.endsAt).toEqual(new Date('2031-03-05T00:00:00Z'));
		// Access ends by itself at the 11th birthday.
		const stored = db.select().from(tables.proxyRelationships).all().at(-1)!;
		expect(relationshipState(stored, new Date('2031-03-05T00:00:01Z'))).toBe('expired');
		// The patient is told only when they have an account; this child has none.
		const told = db.select().from(tables.outbox).all();
		expect(told.filter((m) => m.kind === 'proxy.recorded')).toEqual([]);
		expect(told.filter((m) => m.kind === 'proxy.invitation').at(-1)!.recipient).toBe(
			'parent@example.org'
		);
	});

	it('stays as it was when the child’s own account is later linked to the record', () => {
		const child = aChild('2019-08-08');
		const recorded = recordRelationship(staff, child.id, record, 'en', now);
		if (!recorded.ok) throw new Error(recorded.reason);
		acceptInvitation(aPatient('Dad').actor!, recorded.code, now);
		const before = relationshipsOf(staff, child.id, now);
		const account = db
			.insert(tables.users)
			.values({ email: `child-${Math.random()}@example.org`, passwordHash: 'x' })
			.returning()
			.get();
		expect(
			linkAccountToRecord(
				{ userId: account.id, patientId: child.id },
				{ method: 'in_person', linkedBy: staff, checks: 'Birth certificate' }
			)
		).toBe('linked');
		expect(relationshipsOf(staff, child.id, now)).toEqual(before);
		expect(before[0]).toMatchObject({ state: 'active' });
	});

	it('never lets the person who recorded a relationship take it up themselves', () => {
		const child = aChild('2021-05-05');
		const recorded = recordRelationship(staff, child.id, record, 'en', now);
		if (!recorded.ok) throw new Error(recorded.reason);
		expect(acceptInvitation(staff, recorded.code, now)).toEqual({
			ok: false,
			reason: 'unknown-code'
		});
	});

	it('lets only staff record or renew a parent for a child of 11 to 15, and nobody at 16', () => {
		const twelve = aChild('2014-01-10');
		expect(recordRelationship(linkWorker, twelve.id, record, 'en', now)).toEqual({
			ok: false,
			reason: 'renewal-needed'
		});
		const byStaff = recordRelationship(staff, twelve.id, record, 'en', now);
		expect(byStaff.ok).toBe(true);
		expect(relationshipsOf(staff, twelve.id, now)[0]!.endsAt).toEqual(
			new Date('2030-01-10T00:00:00Z')
		);
		const sixteen = aChild('2010-11-01');
		expect(recordRelationship(staff, sixteen.id, record, 'en', now)).toEqual({
			ok: false,
			reason: 'too-old-for-parent'
		});
		expect(recordRelationship(aPatient('Nobody').actor!, sixteen.id, record, 'en', now)).toEqual({
			ok: false,
			reason: 'not-allowed'
		});
	});

	it('renews a lapsed parent’s access with a note, once, and only by staff', () => {
		const child = aChild('2015-11-30');
		const recorded = recordRelationship(staff, child.id, record, 'en', now);
		if (!recorded.ok) throw new Error(recorded.reason);
		acceptInvitation(aPatient('Mum').actor!, recorded.code, now);
		const afterEleven = new Date('2026-12-01T12:00:00Z');
		const [lapsed] = relationshipsOf(staff, child.id, afterEleven);
		expect(lapsed).toMatchObject({ state: 'expired', renewable: true });
		expect(renewParentAccess(linkWorker, child.id, lapsed!.id, 'note', afterEleven)).toBe(false);
		expect(renewParentAccess(staff, child.id + 1, lapsed!.id, 'note', afterEleven)).toBe(false);
		expect(renewParentAccess(staff, child.id, lapsed!.id, 'In her interest', afterEleven)).toBe(
			true
		);
		const [renewed] = relationshipsOf(staff, child.id, afterEleven);
		expect(renewed).toMatchObject({ state: 'active', renewable: false });
		expect(renewed!.endsAt).toEqual(new Date('2031-11-30T00:00:00Z'));
		expect(renewParentAccess(staff, child.id, lapsed!.id, 'again', afterEleven)).toBe(false);
	});

	it('shows the patient who was recorded, and tells them when they have an account', () => {
		const grace = aPatient('Grace');
		const recorded = recordRelationship(
			staff,
			grace.subject!.patientId,
			{ ...record, kind: 'lasting_power_of_attorney', reviewOn: '2027-06-01' },
			'en',
			now
		);
		expect(recorded.ok).toBe(true);
		expect(proxiesOf(grace, now)[0]).toMatchObject({
			kind: 'lasting_power_of_attorney',
			setUp: 'in_person',
			reviewOn: '2027-06-01',
			state: 'invited'
		});
		const told = db
			.select()
			.from(tables.outbox)
			.all()
			.filter((m) => m.kind === 'proxy.recorded');
		expect(told).toHaveLength(1);
		expect(told[0]!.recipient).toBe('grace@example.org');
		expect(told[0]!.body).toContain('Lasting power of attorney for health and welfare');
	});
});
