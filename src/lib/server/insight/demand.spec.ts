import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { database, tables } from '../db';
import { aFreeSlot, aPatient, aService } from '../test-data';
import { demandAndCapacity, filterWithin } from './demand';
import { refreshService, staleServices } from './summaries';
import { insightWeeks, weekIndexOf } from './weeks';

const db = database();
// Wednesday 2 December 2026, noon in London.
const now = new Date('2026-12-02T12:00:00Z');
const day = 86_400_000;

/** An appointment in a new slot of the service, `daysAgo` before now, with this outcome. */
async function anAppointment(
	at: Awaited<ReturnType<typeof aService>>,
	patientId: number,
	daysAgo: number,
	status: 'attended' | 'did_not_attend' | 'cancelled' | 'booked',
	cancelledHoursBefore = 48
) {
	const startsAt = new Date(now.getTime() - daysAgo * day);
	const slot = await aFreeSlot(at, startsAt);
	await db.insert(tables.appointments).values({
		reference: `R${slot.id}X${Math.random().toString(36).slice(2, 8)}`,
		patientId,
		slotId: slot.id,
		status,
		bookedVia: 'self',
		cancelledAt:
			status === 'cancelled'
				? new Date(startsAt.getTime() - cancelledHoursBefore * 3_600_000)
				: null
	});
	return slot;
}

describe('weeks', () => {
	it('are the last 26 and the next 4, each from Monday in London', () => {
		const weeks = insightWeeks(now);
		expect(weeks).toHaveLength(30);
		expect(weeks[25]!.monday).toBe('2026-11-30');
		expect(weeks[25]!.future).toBe(false);
		expect(weeks[26]!.future).toBe(true);
		expect(weekIndexOf(weeks, now)).toBe(25);
		expect(weekIndexOf(weeks, new Date('2020-01-01'))).toBe(-1);
	});
});

describe('demand and capacity', async () => {
	const clinic = await aService();
	const elsewhere = await aService();
	const patient = (await aPatient('Counted')).subject!.patientId;
	// Last week (Monday 23 November): 12 attended, 3 did not attend, 9 cancelled of which 8
	// inside the two-hour cut-off, and 2 times that passed unused.
	for (let i = 0; i < 12; i++) await anAppointment(clinic, patient, 8 + i * 0.01, 'attended');
	for (let i = 0; i < 3; i++)
		await anAppointment(clinic, patient, 8.2 + i * 0.01, 'did_not_attend');
	for (let i = 0; i < 8; i++) await anAppointment(clinic, patient, 8.3 + i * 0.01, 'cancelled', 1);
	await anAppointment(clinic, patient, 8.4, 'cancelled', 48);
	await aFreeSlot(clinic, new Date(now.getTime() - 8.5 * day));
	await aFreeSlot(clinic, new Date(now.getTime() - 8.6 * day));
	// Next free time: in three days, the first of 8 this week (8: so that none is hidden, and
	// the column of times offered needs no second suppression).
	for (let i = 0; i < 8; i++)
		await aFreeSlot(clinic, new Date(now.getTime() + (3 + i * 0.01) * day));

	it('marks a service stale when its diary changes, and counts it when made again', async () => {
		expect(await staleServices(1_000)).toContain(clinic.service.id);
		await refreshService(clinic.service.id, now);
		expect(await staleServices(1_000)).not.toContain(clinic.service.id);
		const w = tables.insightWeeks;
		const week = await db
			.select({
				offered: w.offered,
				booked: w.booked,
				unused: w.unused,
				cancelled: w.cancelled,
				lateCancelled: w.lateCancelled,
				noShows: w.noShows
			})
			.from(w)
			.where(and(eq(w.serviceId, clinic.service.id), eq(w.week, '2026-11-23')));
		// 12 + 3 live, 9 cancelled slots and 2 free ones, all passed: 15 booked of 26 offered.
		expect(week).toEqual([
			{ offered: 26, booked: 15, unused: 11, cancelled: 9, lateCancelled: 8, noShows: 3 }
		]);
	});

	it('publishes the counts suppressed and rounded, and percentages from the rounded counts', async () => {
		const scope = { organisations: [clinic.organisation.id] };
		const filter = (await filterWithin(scope, {
			organisationId: clinic.organisation.id,
			serviceId: null,
			locationId: null
		}))!;
		const demand = await demandAndCapacity(scope, filter, now);
		const lastWeek = demand.capacity.rows.findIndex(
			(row) => row.kind === 'week' && row.monday === '2026-11-23'
		);
		expect(demand.capacity.cells[lastWeek]).toEqual([
			{ suppressed: false, value: 25 },
			{ suppressed: false, value: 15 },
			{ suppressed: false, value: 10 },
			{ suppressed: false, value: 60 }
		]);
		// 3 no-shows are hidden; 8 late cancellations shown as 10; the totals column has them once.
		expect(demand.cancellations.cells[lastWeek]).toEqual([
			{ suppressed: false, value: 10 },
			{ suppressed: false, value: 10 },
			{ suppressed: true }
		]);
		expect(demand.cancellations.totals![2]).toEqual({ suppressed: true });
		expect(demand.nextFree.cells[0]![0]).toEqual({ suppressed: false, value: 3 });
	});

	it("refuses a filter outside the scope: another organisation's service or place", async () => {
		const scope = { organisations: [clinic.organisation.id] };
		const within = { organisationId: clinic.organisation.id, serviceId: null, locationId: null };
		expect(await filterWithin(scope, within)).toEqual(within);
		expect(
			await filterWithin(scope, { ...within, organisationId: elsewhere.organisation.id })
		).toBeNull();
		expect(await filterWithin(scope, { ...within, serviceId: elsewhere.service.id })).toBeNull();
		expect(await filterWithin(scope, { ...within, locationId: elsewhere.location.id })).toBeNull();
		expect(await filterWithin(scope, { ...within, organisationId: 999_999 })).toBeNull();
		expect(
			await filterWithin(
				{ organisations: 'all' },
				{ ...within, organisationId: elsewhere.organisation.id }
			)
		).not.toBeNull();
	});
});
