import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bookSlot, cancelAppointment } from '../appointments/booking';
import { database, tables, usePostgres } from '../db';
import { recordAttendance } from '../diary/diary';
import { makeRequest } from '../requests/asking';
import { aFreeSlot, aPatient, aProxyFor, aService, aStaffMember } from '../test-data';
import type { ActingContext } from '../access/policy';
import {
	ageBandOf,
	ageBands,
	countAfresh,
	counting,
	countNow,
	startCountingInsight,
	whoIsLeftOut,
	type GroupRow
} from './groups';

const db = database();
// Monday 23 November 2026, 09:00 in London (GMT).
const now = new Date('2026-11-23T09:00:00Z');
const daysAgo = (days: number, hour = 10) =>
	new Date(now.getTime() - days * 24 * 60 * 60 * 1000 + (hour - 9) * 60 * 60 * 1000);

// A made-up lookup: one most deprived small area, one among the least.
await db.insert(tables.deprivationAreas).values([
	{ lsoaCode: 'E01990001', imdDecile: 1 },
	{ lsoaCode: 'E01990002', imdDecile: 9 }
]);
await db.insert(tables.postcodeAreas).values([
	{ postcode: 'E202AB', lsoaCode: 'E01990001' },
	{ postcode: 'E159TU', lsoaCode: 'E01990002' }
]);

async function living(person: ActingContext, details: { postcode: string; dateOfBirth: string }) {
	await db
		.update(tables.patients)
		.set(details)
		.where(eq(tables.patients.id, person.subject!.patientId));
}

const ours = await aService(['in_person']);
const theirs = await aService(['in_person']);
const staff = await aStaffMember(ours.organisation.id);

/** A booking of the person's, made a week before its time, which was `days` ago. */
async function booked(person: ActingContext, days: number, at = ours) {
	const slot = await aFreeSlot(at, daysAgo(days));
	const result = await bookSlot(person, { slotId: slot.id, needs: {} }, daysAgo(days + 7));
	if (!result.ok) throw new Error(result.reason);
	return result.appointment;
}

// Ada: in the most deprived decile, 30, chose Polish, uses BSL; books online.
const ada = await aPatient('Ada', { email: 'ada@example.org', language: 'pl' });
await living(ada, { postcode: 'e20 2ab', dateOfBirth: '1996-05-01' });
await db.insert(tables.communicationNeeds).values({
	patientId: ada.subject!.patientId,
	needs: ['bsl'],
	updatedAt: daysAgo(100),
	updatedByUserId: ada.actor!.userId
});
await booked(ada, 20);
// Cancelled two days before; and an hour before, inside the two-hour cut-off (online she could
// not: the practice did, as an older system's records show).
const cancelled = await cancelAppointment(ada, (await booked(ada, 40)).id, null, daysAgo(42));
await db
	.update(tables.appointments)
	.set({ status: 'cancelled', cancelledAt: daysAgo(30, 9) })
	.where(eq(tables.appointments.id, (await booked(ada, 30)).id));
await recordAttendance(staff, (await booked(ada, 50)).id, 'did_not_attend', daysAgo(50, 17));
// Long ago: outside the 26 weeks.
await booked(ada, 200);
const asked = await makeRequest(
	ada,
	{
		topic: 'ongoing_condition',
		details: 'My knee is worse.',
		detailsLanguage: 'en',
		service: ours.service.id,
		place: 'service',
		days: [1, 2],
		dayParts: ['morning'],
		reachBy: 'email'
	},
	undefined,
	daysAgo(10)
);

// Bo, whose postcode is not in the lookup: his carer books for him.
const bo = await aPatient('Bo');
await living(bo, { postcode: 'E1 6AN', dateOfBirth: '1950-01-01' });
const carer = await aProxyFor(
	bo,
	'Cara',
	['appointments.view', 'appointments.manage'],
	['general']
);
await booked(carer.context, 15);

// Cy, 86, in a decile 9 area: no contact of any kind.
const cy = await aPatient('Cy');
await living(cy, { postcode: 'E15 9TU', dateOfBirth: '1940-02-02' });

// Dee books with another organisation.
const dee = await aPatient('Dee');
await booked(dee, 12, theirs);

const buildId = await countAfresh(now);

const row = (rows: GroupRow[], dimension: string, group: string) =>
	rows.find((r) => r.dimension === dimension && r.group === group);

describe('who is left out', () => {
	it('makes a request that counts', () => {
		expect(asked).toEqual({ ok: true, id: expect.any(Number) });
		expect(cancelled).toEqual({ ok: true });
		expect(buildId).toBeGreaterThan(0);
	});

	it("counts each measure by the resident's decile, Core20 and age band, beside the area's residents", async () => {
		const all = (await whoIsLeftOut('all'))!;
		expect(row(all.groups, 'decile', '1')).toEqual({
			dimension: 'decile',
			group: '1',
			population: 1,
			bookings: 4,
			cancellations: 2,
			lateCancellations: 1,
			noShows: 1,
			requests: 1
		});
		// Bo (by his carer) and Dee, and Cara and Cy counted as residents.
		expect(row(all.groups, 'decile', 'unknown')).toMatchObject({
			population: 3,
			bookings: 2,
			cancellations: 0
		});
		expect(row(all.groups, 'decile', '9')).toMatchObject({ population: 1, bookings: 0 });
		expect(row(all.groups, 'core20', 'core20')).toMatchObject({ population: 1, bookings: 4 });
		expect(row(all.groups, 'core20', 'not_core20')).toMatchObject({ population: 1 });
		expect(row(all.groups, 'age', '18-34')).toMatchObject({ population: 1, bookings: 4 });
		expect(row(all.groups, 'age', '80+')).toMatchObject({ population: 1, bookings: 0 });
		expect(row(all.groups, 'age', '65-79')).toMatchObject({ population: 1, bookings: 1 });
		// Every breakdown's groups are there, empty ones too, with stable codes.
		expect(all.groups.filter((r) => r.dimension === 'decile').map((r) => r.group)).toEqual([
			'1',
			'2',
			'3',
			'4',
			'5',
			'6',
			'7',
			'8',
			'9',
			'10',
			'unknown'
		]);
		expect(all.groups.filter((r) => r.dimension === 'age').map((r) => r.group)).toEqual([
			...ageBands,
			'unknown'
		]);
	});

	it('counts by language and communication needs', async () => {
		const all = (await whoIsLeftOut('all'))!;
		expect(row(all.groups, 'language', 'pl')).toMatchObject({ population: 1, bookings: 4 });
		// The others' accounts chose no language, and no interpreter is recorded.
		expect(row(all.groups, 'language', 'not_recorded')).toMatchObject({ population: 4 });
		expect(row(all.groups, 'needs', 'bsl')).toMatchObject({ population: 1, noShows: 1 });
		expect(row(all.groups, 'needs', 'none')).toMatchObject({ population: 4, bookings: 2 });
	});

	it('counts how people reached us, with no population beside it', async () => {
		const all = (await whoIsLeftOut('all'))!;
		expect(row(all.groups, 'reached', 'web')).toEqual({
			dimension: 'reached',
			group: 'web',
			population: null,
			bookings: 5,
			cancellations: 2,
			lateCancellations: 1,
			noShows: 1,
			requests: 1
		});
		expect(row(all.groups, 'reached', 'carer')).toMatchObject({ bookings: 1 });
		expect(row(all.groups, 'reached', 'link_worker')).toMatchObject({ bookings: 0 });
	});

	it("counts only the scope's organisations' events, and the whole area's residents", async () => {
		const theirsOnly = (await whoIsLeftOut([theirs.organisation.id]))!;
		expect(row(theirsOnly.groups, 'decile', 'unknown')).toMatchObject({
			population: 3,
			bookings: 1
		});
		expect(row(theirsOnly.groups, 'decile', '1')).toMatchObject({ population: 1, bookings: 0 });
		const nobody = (await whoIsLeftOut([]))!;
		expect(nobody.groups.every((r) => r.bookings === 0 && r.requests === 0)).toBe(true);
	});

	it('counts the residents not heard from in 12 months, by the same groups', async () => {
		const all = (await whoIsLeftOut('all'))!;
		const notHeard = all.notHeardFrom.filter((r) => r.notHeardFrom > 0);
		// Cy, and Cara: her own care has had no contact (acting for Bo is his).
		expect(notHeard.map((r) => [r.dimension, r.group, r.notHeardFrom])).toEqual([
			['age', '50-64', 1],
			['age', '80+', 1],
			['decile', '9', 1],
			['decile', 'unknown', 1],
			['core20', 'not_core20', 1],
			['core20', 'unknown', 1],
			['language', 'not_recorded', 2],
			['needs', 'none', 2]
		]);
		expect(all.notHeardFrom.some((r) => (r.dimension as string) === 'reached')).toBe(false);
		expect(all.heardSince.getTime()).toBe(now.getTime() - 365 * 24 * 60 * 60 * 1000);
	});

	it('keeps readers on the last finished count while a new one runs, then removes the old', async () => {
		const steps = counting(now);
		await steps.next();
		expect((await whoIsLeftOut('all'))!.groups).toEqual((await whoIsLeftOut('all'))!.groups);
		const builds = async () => await db.select().from(tables.insightBuilds);
		expect((await builds()).filter((b) => b.finishedAt === null)).toHaveLength(1);
		let step = await steps.next();
		while (!step.done) step = await steps.next();
		expect((await builds()).map((b) => b.id)).toEqual([step.value]);
		expect(row((await whoIsLeftOut('all'))!.groups, 'decile', '1')!.bookings).toBe(4);
	});

	it('unmarks an older build before removing its rows, so that no reader takes it part-removed', async () => {
		const steps = counting(now);
		let step = await steps.next();
		while (step.value !== 'finishing') step = await steps.next();
		const finished = async () =>
			(await db.select().from(tables.insightBuilds)).filter((b) => b.finishedAt !== null);
		expect(await finished()).toHaveLength(2);
		step = await steps.next();
		expect(step.value).toBe('removing');
		// The older build is still there, its rows part-removed, and no longer finished.
		const [newest, ...others] = await finished();
		expect(others).toEqual([]);
		expect(await db.select().from(tables.insightBuilds)).toHaveLength(2);
		expect(row((await whoIsLeftOut('all'))!.groups, 'decile', '1')!.bookings).toBe(4);
		while (!step.done) step = await steps.next();
		expect(step.value).toBe(newest!.id);
	});

	it.skipIf(usePostgres)(
		'counts the same synchronously on a SQLite connection of its own (the demo seeder)',
		async () => {
			const before = (await whoIsLeftOut('all'))!;
			const id = countNow(db, now);
			const after = (await whoIsLeftOut('all'))!;
			expect(after.groups).toEqual(before.groups);
			expect(after.notHeardFrom).toEqual(before.notHeardFrom);
			expect((await db.select().from(tables.insightBuilds)).map((b) => b.id)).toEqual([id]);
		}
	);
});

describe('age bands', () => {
	it('go by age on the day, birthdays counted', () => {
		expect(ageBands[ageBandOf('2008-11-24', '2026-11-23')]).toBe('0-17');
		expect(ageBands[ageBandOf('2008-11-23', '2026-11-23')]).toBe('18-34');
		expect(ageBands[ageBandOf('1946-11-23', '2026-11-23')]).toBe('80+');
		expect(ageBands[ageBandOf('1976-06-01', '2026-11-23')]).toBe('50-64');
	});
});

// Issue 26: several app instances over one database count once between them.
describe('counting in the background', () => {
	afterEach(() => {
		vi.useRealTimers();
	});

	it('counts once when two instances start together', async () => {
		const builds = async () =>
			await db
				.select({ id: tables.insightBuilds.id, finishedAt: tables.insightBuilds.finishedAt })
				.from(tables.insightBuilds);
		const before = Math.max(...(await builds()).map((build) => build.id));
		vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval'] });
		const stops = [startCountingInsight('one'), startCountingInsight('two')];
		// Both wait five seconds after start-up, then ask for the turn at the same moment.
		await vi.advanceTimersByTimeAsync(5_000);
		vi.useRealTimers();
		await vi.waitFor(
			async () => expect((await builds()).map((build) => build.id)).toEqual([before + 1]),
			{ timeout: 10_000, interval: 20 }
		);
		await vi.waitFor(async () => expect((await builds())[0]!.finishedAt).not.toBeNull());
		for (const stop of stops) await stop();
		const [lease] = await db.select().from(tables.jobLeases);
		expect(['one', 'two']).toContain(lease!.holder);
	});
});
