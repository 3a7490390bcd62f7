import { describe, expect, it } from 'vitest';
import type { Actor } from '../access/policy';
import { database, tables } from '../db';
import { limitPolicies } from '../limits';
import { recentSecurityEvents } from '../security-log';
import { takeResidentSearch } from './resident-search';

async function anActor(email: string, role: 'staff' | 'link_worker'): Promise<Actor> {
	const user = (
		await database()
			.insert(tables.users)
			.values({ email, passwordHash: 'not a hash', role })
			.returning()
	)[0]!;
	return { userId: user.id, role, patientId: null, organisationId: null };
}

const eventsOf = async (actor: Actor) =>
	(await recentSecurityEvents(1000)).filter((event) => event.userId === actor.userId);

describe('searching for a resident by their details', () => {
	it('counts every place against one allowance per actor, and logs each search', async () => {
		const { points } = limitPolicies.residentSearch;
		const worker = await anActor('searching-worker@example.org', 'link_worker');
		const places = ['assist_find', 'assist_register', 'staff_find'] as const;
		for (let i = 0; i < points; i++) {
			expect(await takeResidentSearch(worker, '192.0.2.10', places[i % 3]!)).toBeNull();
		}
		// The allowance is spent wherever it was spent: registering is held back too.
		const until = await takeResidentSearch(worker, '192.0.2.10', 'assist_register');
		expect(until).not.toBeNull();
		expect(until!.getTime()).toBeGreaterThan(Date.now());

		const events = await eventsOf(worker);
		expect(events.filter((event) => event.kind === 'resident_search')).toHaveLength(points);
		expect(new Set(events.map((event) => event.reason))).toEqual(
			new Set([...places, 'resident_search'])
		);
		expect(events[0]).toMatchObject({
			kind: 'held_back',
			reason: 'resident_search',
			address: '192.0.2.10'
		});
	});

	it('holds back staff as link workers, each actor apart', async () => {
		const { points } = limitPolicies.residentSearch;
		const staff = await anActor('searching-staff@example.org', 'staff');
		const colleague = await anActor('colleague@example.org', 'staff');
		for (let i = 0; i < points; i++) await takeResidentSearch(staff, '192.0.2.11', 'staff_find');
		expect(await takeResidentSearch(staff, '192.0.2.11', 'staff_find')).not.toBeNull();
		expect(await takeResidentSearch(colleague, '192.0.2.11', 'staff_find')).toBeNull();
		expect(await eventsOf(colleague)).toMatchObject([
			{ kind: 'resident_search', reason: 'staff_find', address: '192.0.2.11' }
		]);
	});
});
