import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bookSlot } from '../appointments/booking';
import { database, tables } from '../db';
import { aFreeSlot, aPatient, aService } from '../test-data';
import { countAfresh } from './groups';
import { leftOut } from './left-out';
import type { InsightTable } from './tables';

const db = database();
// Monday 23 November 2026, 09:00 in London (GMT).
const now = new Date('2026-11-23T09:00:00Z');
const ours = await aService(['in_person']);

/** Residents born on the day, each with one booking at `ours` a fortnight ago. */
async function residentsBooking(count: number, dateOfBirth: string, name: string) {
	for (let i = 0; i < count; i++) {
		const person = await aPatient(`${name}${i}`, {
			email: `${name.toLowerCase()}${i}@example.org`
		});
		await db
			.update(tables.patients)
			.set({ dateOfBirth })
			.where(eq(tables.patients.id, person.subject!.patientId));
		const at = new Date(now.getTime() - 14 * 24 * 60 * 60 * 1000 + i * 15 * 60 * 1000);
		const slot = await aFreeSlot(ours, at);
		const result = await bookSlot(
			person,
			{ slotId: slot.id, needs: {} },
			new Date(at.getTime() - 7 * 24 * 60 * 60 * 1000)
		);
		if (!result.ok) throw new Error(result.reason);
	}
}

// 12 residents aged 30 and 9 aged 70: rounded, 10 and 10 of 20.
await residentsBooking(12, '1996-05-01', 'Young');
await residentsBooking(9, '1956-05-01', 'Older');
await countAfresh(now);
const scope = { organisations: [ours.organisation.id] };
const figures = await leftOut(scope, {
	organisationId: ours.organisation.id,
	serviceId: null,
	locationId: null
});

const table = (id: string) => figures.tables.find((one) => one.id === id)!;
/** The figure of a group (row) and a column, as published. */
function cell(of: InsightTable, group: string, column: string) {
	const r = of.rows.findIndex((row) => row.kind === 'group' && row.group === group);
	return of.cells[r]![of.columns.findIndex((one) => one.key === column)];
}

describe('who is being left out, as published', () => {
	it('has every breakdown, how people reached us, and not heard from, with when they were counted', () => {
		expect(figures.countedAt).toBeInstanceOf(Date);
		expect(figures.tables.map((one) => one.id)).toEqual([
			'ageGroups',
			'decileGroups',
			'core20Groups',
			'languageGroups',
			'needsGroups',
			'reachedGroups',
			'ageNotHeard',
			'decileNotHeard',
			'core20NotHeard',
			'languageNotHeard',
			'needsNotHeard'
		]);
	});

	it("works each group's share out from the rounded counts, beside its share of residents", () => {
		const age = table('ageGroups');
		expect(cell(age, '18-34', 'bookings')).toEqual({ suppressed: false, value: 10 });
		expect(cell(age, '65-79', 'bookings')).toEqual({ suppressed: false, value: 10 });
		// 12 of 21 would be 57%; of the published 10 and 20, it is 50%.
		expect(cell(age, '18-34', 'bookingsShare')).toEqual({ suppressed: false, value: 50 });
		expect(cell(age, '18-34', 'residentsShare')).toEqual({ suppressed: false, value: 50 });
		expect(age.totals![age.columns.findIndex((one) => one.key === 'bookings')]).toEqual({
			suppressed: false,
			value: 20
		});
		expect(cell(age, '80+', 'bookingsShare')).toEqual({ suppressed: false, value: 0 });
	});

	it('gives communication needs no total (a person may be in two groups): shares are of everyone', () => {
		const needs = table('needsGroups');
		expect(needs.totals).toBeNull();
		expect(cell(needs, 'none', 'residentsShare')).toEqual({ suppressed: false, value: 100 });
		expect(cell(needs, 'bsl', 'bookingsShare')).toEqual({ suppressed: false, value: 0 });
	});

	it('counts bookings by how they were made, and residents not heard from as counts only', () => {
		const reached = table('reachedGroups');
		expect(cell(reached, 'web', 'bookings')).toEqual({ suppressed: false, value: 20 });
		expect(cell(reached, 'web', 'bookingsShare')).toEqual({ suppressed: false, value: 100 });
		const notHeard = table('ageNotHeard');
		expect(notHeard.columns.map((one) => one.key)).toEqual(['residents', 'notHeardFrom']);
		expect(cell(notHeard, '18-34', 'notHeardFrom')).toEqual({ suppressed: false, value: 0 });
	});

	it('hides 1 to 7, and a second count where a total would give it away', async () => {
		const more = await aService(['in_person']);
		const few = await aPatient('Few', { email: 'few@example.org' });
		await db
			.update(tables.patients)
			.set({ dateOfBirth: '1980-05-17' })
			.where(eq(tables.patients.id, few.subject!.patientId));
		for (let i = 0; i < 3; i++) {
			const at = new Date(now.getTime() - 3 * 24 * 60 * 60 * 1000 + i * 15 * 60 * 1000);
			const result = await bookSlot(
				few,
				{ slotId: (await aFreeSlot(more, at)).id, needs: {} },
				new Date(at.getTime() - 60_000)
			);
			if (!result.ok) throw new Error(result.reason);
		}
		await countAfresh(now);
		const both = await leftOut(
			{ organisations: [ours.organisation.id, more.organisation.id] },
			{
				organisationId: null,
				serviceId: null,
				locationId: null
			}
		);
		const age = both.tables.find((one) => one.id === 'ageGroups')!;
		// Few (born 1980) is 46: 3 bookings, hidden, and the 9 beside them in the column too.
		expect(cell(age, '35-49', 'bookings')).toEqual({ suppressed: true });
		expect(cell(age, '65-79', 'bookings')).toEqual({ suppressed: true });
		expect(cell(age, '35-49', 'bookingsShare')).toBeNull();
	});
});
