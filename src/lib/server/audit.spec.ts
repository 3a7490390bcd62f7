import { describe, expect, it } from 'vitest';
import { activityOf, recordActivity } from './audit';
import { database, tables } from './db';
import { aFhirClient, aPatient, aService } from './test-data';

describe('the activity log', () => {
	it('names the system, and its organisation, when another organisation’s system changed someone’s care', async () => {
		const grace = await aPatient('Grace', { email: `grace-${Math.random()}@example.org` });
		const { organisation } = await aService();
		const { caller } = await aFhirClient(organisation.id);
		await recordActivity(
			database(),
			{ actor: caller.actor, subject: grace.subject, via: 'staff', channel: 'fhir' },
			'appointment.attended',
			{ reference: 'ABC 123' }
		);
		const { entries, people } = await activityOf(grace);
		expect(entries[0]).toMatchObject({
			action: 'appointment.attended',
			via: 'staff',
			channel: 'fhir',
			organisation: 'Practice',
			system: 'Test PAS'
		});
		// The filter names it the same way.
		expect(people).toEqual([
			expect.objectContaining({ userId: caller.client.userId, system: 'Test PAS' })
		]);
	});

	it('names no system for what staff did themselves', async () => {
		const grace = await aPatient('Grace', { email: `grace-${Math.random()}@example.org` });
		const { organisation } = await aService();
		const staff = (
			await database()
				.insert(tables.users)
				.values({
					email: `staff-${Math.random()}@example.org`,
					role: 'staff',
					organisationId: organisation.id,
					passwordHash: 'x'
				})
				.returning()
		)[0]!;
		await recordActivity(
			database(),
			{
				actor: {
					userId: staff.id,
					role: 'staff',
					patientId: null,
					organisationId: organisation.id
				},
				subject: grace.subject,
				via: 'staff'
			},
			'appointment.attended',
			{ reference: 'ABC 124' }
		);
		expect((await activityOf(grace)).entries[0]).toMatchObject({
			organisation: 'Practice',
			system: null
		});
	});
});
