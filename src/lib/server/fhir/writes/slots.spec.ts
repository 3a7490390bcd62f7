import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { bookSlot } from '../../appointments/booking';
import { database, tables } from '../../db';
import { aFhirClient, aPatient, aService, fhirRefusal } from '../../test-data';
import { validateAgainstProfile } from '../validation';
import { writable } from '../write';
import { createSlot, updateSlot, updateSlotByIdentifier, withdrawSlot } from './slots';

const db = database();
// UK Core's definitions load on the first check (a second or more on a loaded machine): once,
// here, so that no test's time-out pays for it.
beforeAll(() => void validateAgainstProfile({ resourceType: 'Slot' }), 60_000);
// Monday 23 November 2026, 09:00 in London; the slots are the next Monday.
const now = new Date('2026-11-23T09:00:00Z');
const at = (time: string) => `2026-11-30T${time}:00Z`;

const clinic = await aService(['in_person', 'phone', 'home_visit']);
const { caller: pas } = await aFhirClient(clinic.organisation.id);
const other = await aService(['in_person']);
const { caller: otherPas } = await aFhirClient(other.organisation.id);
const schedule = `Schedule/${clinic.service.id}-${clinic.location.id}`;

const channel = (code: string) => [
	{
		url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-DeliveryChannel',
		valueCodeableConcept: {
			coding: [{ system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-DeliveryChannel', code }]
		}
	}
];

let identifiers = 0;
const slot = (changes: Record<string, unknown> = {}) => ({
	resourceType: 'Slot',
	identifier: [{ system: 'https://pas.example/slot', value: `s-${++identifiers}` }],
	extension: channel('In-person'),
	schedule: { reference: schedule },
	status: 'free',
	// A time of its own, so that only what a test changes can be why a slot is refused.
	...freeTime(),
	...changes
});

const slotsNow = async () => await db.select().from(tables.slots);
let minutes = 0;
/** A time of its own for each test, so that no two tests' slots overlap. */
function freeTime() {
	minutes += 20;
	const start = new Date(new Date(at('08:00')).getTime() + minutes * 60_000);
	return { start: start.toISOString(), end: new Date(start.getTime() + 15 * 60_000).toISOString() };
}

describe('publishing slots', () => {
	it('publishes a free time, and the same identifier again is the same slot, changed', async () => {
		const body = slot(freeTime());
		const first = await createSlot(pas, body, now);
		expect(first.status).toBe(201);
		expect(validateAgainstProfile(first.resource)).toEqual([]);
		const id = (first.resource as { id: string }).id;
		const moved = freeTime();
		const again = await createSlot(pas, { ...body, ...moved }, now);
		expect(again.status).toBe(200);
		expect((again.resource as { id: string }).id).toBe(id);
		const kept = (await slotsNow()).filter(
			(row) => row.identifierValue === body.identifier[0]!.value
		);
		expect(kept).toHaveLength(1);
		expect(kept[0]!.startsAt).toEqual(new Date(moved.start));
	});

	it('changes or makes a slot by identifier (conditional update)', async () => {
		const params = new URLSearchParams({ identifier: 'https://pas.example/slot|cond-1' });
		const body = slot({ identifier: undefined, ...freeTime() });
		expect((await updateSlotByIdentifier(pas, params, body, now)).status).toBe(201);
		const withdrawn = await updateSlotByIdentifier(
			pas,
			params,
			{ ...body, status: 'busy-unavailable' },
			now
		);
		expect(withdrawn.status).toBe(200);
		expect(withdrawn.resource).toMatchObject({ status: 'busy-unavailable' });
		expect((await slotsNow()).filter((row) => row.identifierValue === 'cond-1')).toHaveLength(1);
		await fhirRefusal(
			async () =>
				await updateSlotByIdentifier(pas, new URLSearchParams({ start: at('10:00') }), body, now),
			400
		);
	});

	it('is in person when it names no delivery channel, and refused when it names one unknown', async () => {
		const plain = slot({ extension: undefined, ...freeTime() });
		const made = (await createSlot(pas, plain, now)).resource as { id: string };
		expect((await slotsNow()).find((row) => String(row.id) === made.id)?.mode).toBe('in_person');
		await fhirRefusal(
			async () =>
				await createSlot(pas, slot({ extension: channel('Carrier-pigeon'), ...freeTime() }), now),
			422
		);
	});

	it('reads back the way it is delivered, home visits included', async () => {
		const phone = await createSlot(
			pas,
			slot({ extension: channel('Telephone'), ...freeTime() }),
			now
		);
		expect(
			(await slotsNow()).find((row) => String(row.id) === (phone.resource as { id: string }).id)
				?.mode
		).toBe('phone');
		const appointmentType = {
			coding: [{ system: 'http://snomed.info/sct', code: '439708006' }]
		};
		const home = slot({ extension: channel('In-person'), appointmentType, ...freeTime() });
		const made = (await createSlot(pas, home, now)).resource as Record<string, unknown>;
		expect(made).toMatchObject({ extension: channel('In-person'), appointmentType });
		expect((await slotsNow()).find((row) => String(row.id) === made.id)?.mode).toBe('home_visit');
	});

	it('is the registry Slot writes go through', () => {
		expect(writable.Slot?.create).toBeDefined();
		expect(writable.Slot?.delete).toBeDefined();
	});
});

describe('a booked slot', () => {
	it('is never withdrawn, moved or changed under the patient, and stays as it was', async () => {
		const body = slot(freeTime());
		const id = ((await createSlot(pas, body, now)).resource as { id: string }).id;
		const patient = await aPatient(`Booker${identifiers}`);
		expect((await bookSlot(patient, { slotId: Number(id), needs: {} }, now)).ok).toBe(true);
		const before = (await slotsNow()).find((row) => String(row.id) === id);

		expect(
			(
				await fhirRefusal(
					async () => await updateSlot(pas, id, { ...body, status: 'busy-unavailable' }, now),
					409
				)
			).code
		).toBe('conflict');
		await fhirRefusal(async () => await updateSlot(pas, id, { ...body, ...freeTime() }, now), 409);
		await fhirRefusal(
			async () => await createSlot(pas, { ...body, extension: channel('Telephone') }, now),
			409
		);
		await fhirRefusal(async () => await withdrawSlot(pas, id), 409);
		expect((await slotsNow()).find((row) => String(row.id) === id)).toEqual(before);
		// The same slot sent again changes nothing, and is fine.
		expect(await updateSlot(pas, id, body, now)).toMatchObject({
			status: 200,
			resource: { status: 'busy' }
		});
		// Once the patient came (or missed it), the time is history: still never withdrawn.
		await db
			.update(tables.appointments)
			.set({ status: 'attended' })
			.where(eq(tables.appointments.slotId, Number(id)));
		await fhirRefusal(
			async () => await updateSlot(pas, id, { ...body, status: 'busy-unavailable' }, now),
			409
		);
		await fhirRefusal(async () => await withdrawSlot(pas, id), 409);
		expect((await slotsNow()).find((row) => String(row.id) === id)).toEqual(before);
	});

	it('can be withdrawn once free, and offered again', async () => {
		const body = slot(freeTime());
		const id = ((await createSlot(pas, body, now)).resource as { id: string }).id;
		expect((await withdrawSlot(pas, id)).resource).toMatchObject({ status: 'busy-unavailable' });
		expect((await slotsNow()).find((row) => String(row.id) === id)?.blocked).toBe(true);
		expect((await updateSlot(pas, id, body, now)).resource).toMatchObject({ status: 'free' });
	});
});

describe('refusals store nothing', () => {
	const refusedWithNothingStored = async (write: () => unknown, status: number) => {
		const before = await slotsNow();
		const error = await fhirRefusal(write, status);
		expect(await slotsNow()).toEqual(before);
		return error;
	};

	it("refuses another organisation's service, and slots of another organisation", async () => {
		const theirs = `Schedule/${other.service.id}-${other.location.id}`;
		await refusedWithNothingStored(
			async () => await createSlot(pas, slot({ schedule: { reference: theirs } }), now),
			403
		);
		// Their service at our place, and our service at their place.
		const mixed = `Schedule/${clinic.service.id}-${other.location.id}`;
		await refusedWithNothingStored(
			async () => await createSlot(pas, slot({ schedule: { reference: mixed } }), now),
			403
		);
		const theirSlot = (
			(await createSlot(otherPas, slot({ schedule: { reference: theirs }, ...freeTime() }), now))
				.resource as { id: string }
		).id;
		await refusedWithNothingStored(
			async () => await updateSlot(pas, theirSlot, slot(freeTime()), now),
			403
		);
		await refusedWithNothingStored(async () => await withdrawSlot(pas, theirSlot), 403);
	});

	it('refuses what does not validate', async () => {
		await refusedWithNothingStored(
			async () => await createSlot(pas, slot({ status: 'open' }), now),
			400
		);
		await refusedWithNothingStored(
			async () => await createSlot(pas, slot({ start: undefined }), now),
			400
		);
		await refusedWithNothingStored(
			async () => await createSlot(pas, { ...slot(), resourceType: 'Appointment' }, now),
			400
		);
	});

	it('refuses what breaks the diary’s rules', async () => {
		const time = freeTime();
		await refusedWithNothingStored(
			async () => await createSlot(pas, slot({ extension: channel('Video'), ...time }), now),
			422
		);
		await refusedWithNothingStored(
			async () => await createSlot(pas, slot({ start: time.end, end: time.start }), now),
			422
		);
		await refusedWithNothingStored(
			async () => await createSlot(pas, slot({ start: at('09:00'), end: at('17:00') }), now),
			422
		);
		await refusedWithNothingStored(
			async () =>
				await createSlot(
					pas,
					slot({ start: '2026-11-20T10:00:00Z', end: '2026-11-20T10:15:00Z' }),
					now
				),
			422
		);
		await refusedWithNothingStored(
			async () => await createSlot(pas, slot({ status: 'busy', ...time }), now),
			422
		);
		await createSlot(pas, slot(time), now);
		await refusedWithNothingStored(async () => await createSlot(pas, slot(time), now), 422);
	});

	it('answers hostile bodies with a 4xx, never another exception', async () => {
		const hostile: unknown[] = [
			null,
			'Slot',
			[slot()],
			{ resourceType: 42 },
			slot({ schedule: 'abc' }),
			slot({ schedule: { reference: 'Schedule/abc' } }),
			slot({ schedule: { reference: 'Schedule/999999-999999' } }),
			slot({ schedule: { reference: 'Patient/999999' } }),
			slot({ start: 42 }),
			slot({ extension: 'In-person' }),
			slot({
				identifier: Array.from({ length: 10_000 }, (_, i) => ({ system: 's', value: `${i}` }))
			}),
			slot({ identifier: [{ system: 'https://pas.example/slot', value: 'x'.repeat(5000) }] })
		];
		for (const body of hostile) {
			const before = await slotsNow();
			await fhirRefusal(async () => await createSlot(pas, body, now));
			expect(await slotsNow()).toEqual(before);
		}
		for (const id of ['abc', '0', '-1', '1e3', '99999999999999999999', '999999'])
			await fhirRefusal(async () => await withdrawSlot(pas, id), 404);
	});
});

// PostgreSQL's text cannot hold it: without the check, a 500 there (nul.ts).
describe('a NUL character anywhere in a write', () => {
	it('is refused with a 400 OperationOutcome, and nothing stored', async () => {
		const nul = 'x\u0000y';
		const bodies = [
			slot({ identifier: [{ system: 'https://pas.example/slot', value: nul }] }),
			slot({ identifier: [{ system: `https://pas.example/${nul}`, value: 'nul-1' }] }),
			slot({ comment: nul }),
			slot({ [`extra${nul}`]: true })
		];
		for (const body of bodies) {
			const before = await slotsNow();
			const refused = await fhirRefusal(async () => await createSlot(pas, body, now), 400);
			expect(refused.issues[0]!.diagnostics).toMatch(/NUL/);
			expect(await slotsNow()).toEqual(before);
		}
		const searched = new URLSearchParams({ identifier: `https://pas.example/slot|${nul}` });
		await fhirRefusal(
			async () => await updateSlotByIdentifier(pas, searched, slot({ identifier: undefined }), now),
			400
		);
		const made = await createSlot(pas, slot(), now);
		const id = (made.resource as { id: string }).id;
		await fhirRefusal(
			async () => await updateSlot(pas, id, { ...slot({ comment: nul }), id }, now),
			400
		);
	});
});

describe('slot rows', () => {
	it('keep the identifier of the system that published them', async () => {
		const body = slot(freeTime());
		const id = Number(((await createSlot(pas, body, now)).resource as { id: string }).id);
		expect((await db.select().from(tables.slots).where(eq(tables.slots.id, id)))[0]).toMatchObject({
			identifierSystem: 'https://pas.example/slot',
			identifierValue: body.identifier[0]!.value,
			sessionId: null
		});
	});
});
