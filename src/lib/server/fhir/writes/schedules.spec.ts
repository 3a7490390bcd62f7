import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { bookSlot } from '../../appointments/booking';
import { database, tables } from '../../db';
import { aFhirClient, aFreeSlot, aPatient, aService, fhirRefusal } from '../../test-data';
import { readable } from '../read';
import { validateAgainstProfile } from '../validation';
import { createSchedule, updateSchedule } from './schedules';
import { createSlot } from './slots';

const db = database();
// UK Core's definitions load on the first check (a second or more on a loaded machine): once,
// here, so that no test's time-out pays for it.
beforeAll(() => void validateAgainstProfile({ resourceType: 'Slot' }), 60_000);
const now = new Date('2026-11-23T09:00:00Z');

/** A clinic of its own, its system, and its Schedule as a system would send it. */
async function aClinic() {
	const clinic = await aService(['in_person']);
	const id = `${clinic.service.id}-${clinic.location.id}`;
	const schedule = (active: boolean) => ({
		resourceType: 'Schedule',
		id,
		active,
		actor: [
			{ reference: `HealthcareService/${clinic.service.id}` },
			{ reference: `Location/${clinic.location.id}` }
		]
	});
	const blocked = async () =>
		await db
			.select({ id: tables.slots.id, blocked: tables.slots.blocked })
			.from(tables.slots)
			.where(
				and(
					eq(tables.slots.serviceId, clinic.service.id),
					eq(tables.slots.locationId, clinic.location.id)
				)
			)
			.orderBy(tables.slots.id);
	const { caller: pas } = await aFhirClient(clinic.organisation.id);
	return { clinic, id, schedule, blocked, pas };
}

describe('a schedule made inactive', () => {
	it('withdraws its future free times, keeps the booked ones and says so', async () => {
		const { clinic, id, schedule, blocked, pas } = await aClinic();
		const free = await aFreeSlot(clinic, new Date('2026-11-30T10:00:00Z'));
		const booked = await aFreeSlot(clinic, new Date('2026-11-30T11:00:00Z'));
		const past = await aFreeSlot(clinic, new Date('2026-11-20T11:00:00Z'));
		expect((await bookSlot(await aPatient('Kept'), { slotId: booked.id, needs: {} }, now)).ok).toBe(
			true
		);

		const result = await updateSchedule(pas, id, schedule(false), now);
		expect(result).toMatchObject({ status: 200, resource: { id, active: false } });
		expect(validateAgainstProfile(result.resource)).toEqual([]);
		expect((result.resource as { comment: string }).comment).toMatch(
			/1 free times withdrawn\. 1 booked/
		);
		expect(await blocked()).toEqual([
			{ id: free.id, blocked: true },
			{ id: booked.id, blocked: false },
			{ id: past.id, blocked: false }
		]);
		// Read back, by this system or any other, it says so too.
		expect(await readable.Schedule!.read(pas, id)).toMatchObject({ id, active: false });
		await updateSchedule(pas, id, schedule(true), now);
		expect(await readable.Schedule!.read(pas, id)).toMatchObject({ id, active: true });
	});

	it('takes no free times until it is active again', async () => {
		const { id, schedule, pas } = await aClinic();
		const slot = {
			resourceType: 'Slot',
			extension: [
				{
					url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-DeliveryChannel',
					valueCodeableConcept: {
						coding: [
							{
								system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-DeliveryChannel',
								code: 'In-person'
							}
						]
					}
				}
			],
			schedule: { reference: `Schedule/${id}` },
			status: 'free',
			start: '2026-12-01T10:00:00Z',
			end: '2026-12-01T10:20:00Z'
		};
		await createSchedule(pas, schedule(false), now);
		await fhirRefusal(async () => await createSlot(pas, slot, now), 422);
		expect((await createSlot(pas, { ...slot, status: 'busy-unavailable' }, now)).status).toBe(201);
		expect((await updateSchedule(pas, id, schedule(true), now)).resource).toMatchObject({
			active: true
		});
		expect(
			(
				await createSlot(
					pas,
					{ ...slot, start: '2026-12-01T11:00:00Z', end: '2026-12-01T11:20:00Z' },
					now
				)
			).status
		).toBe(201);
	});
});

describe('schedules refused', () => {
	it("of another organisation's services, changing nothing", async () => {
		const { clinic, id, schedule, blocked } = await aClinic();
		await aFreeSlot(clinic, new Date('2026-11-30T10:00:00Z'));
		const { caller: stranger } = await aFhirClient((await aService()).organisation.id);
		await fhirRefusal(async () => await updateSchedule(stranger, id, schedule(false), now), 403);
		await fhirRefusal(async () => await createSchedule(stranger, schedule(false), now), 403);
		expect((await blocked()).every((slot) => !slot.blocked)).toBe(true);
	});

	it('whose id or actors are not a diary, or that do not validate', async () => {
		const { id, schedule, pas } = await aClinic();
		await fhirRefusal(async () => await updateSchedule(pas, 'abc', schedule(false), now), 404);
		await fhirRefusal(
			async () =>
				await updateSchedule(
					pas,
					id,
					{ ...schedule(false), actor: [{ reference: 'Patient/1' }] },
					now
				),
			400
		);
		await fhirRefusal(
			async () => await updateSchedule(pas, id, { ...schedule(false), active: 'no' }, now),
			400
		);
		await fhirRefusal(
			async () => await updateSchedule(pas, id, { ...schedule(false), id: '1-1' }, now),
			400
		);
		await fhirRefusal(
			async () =>
				await createSchedule(
					pas,
					{ resourceType: 'Schedule', actor: [{ reference: 'Location/1' }] },
					now
				),
			400
		);
	});
});
