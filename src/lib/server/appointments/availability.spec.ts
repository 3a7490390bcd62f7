import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { londonDate } from '$lib/time';
import { database, tables } from '../db';
import { aFreeSlot, aPatient, aService } from '../test-data';
import {
	bookingWindowDays,
	daysWithFreeTimes,
	freeSlotOf,
	freeSlots,
	freeSlotsOn,
	placesWithFreeTimes,
	weekOfDays
} from './availability';
import { bookSlot } from './booking';

describe('choosing a day a week at a time', () => {
	const days = ['2026-12-01', '2026-12-07', '2026-12-08', '2026-12-14', '2027-01-04'];

	it('starts each week on a Monday, this week first', () => {
		// Tuesday 1 December 2026: this week began on Monday 30 November.
		expect(weekOfDays(days, '0', '2026-12-01')).toMatchObject({
			week: 0,
			weekStart: '2026-11-30',
			days: ['2026-12-01']
		});
		expect(weekOfDays(days, '1', '2026-12-01')).toMatchObject({
			weekStart: '2026-12-07',
			days: ['2026-12-07', '2026-12-08']
		});
	});

	it('at the weekend, starts with next week', () => {
		expect(weekOfDays(days, '0', '2026-12-06')).toMatchObject({
			weekStart: '2026-12-07',
			days: ['2026-12-07', '2026-12-08']
		});
	});

	it('without a week asked for, opens on the first week with a free day', () => {
		expect(weekOfDays(['2026-12-15', '2026-12-09'], null, '2026-12-01')).toMatchObject({
			week: 1,
			weekStart: '2026-12-07',
			days: ['2026-12-09']
		});
		expect(weekOfDays([], null, '2026-12-01')).toMatchObject({ week: 0, anyDays: false });
	});

	it('has as many weeks as the booking window reaches into, and no more', () => {
		// 28 days from Tuesday 1 December reach Tuesday 29 December: five weeks from 30 November.
		const { weeks } = weekOfDays(days, '0', '2026-12-01');
		expect(weeks).toBe(5);
		expect(weekOfDays(days, '99', '2026-12-01').week).toBe(4);
		expect(weekOfDays(days, '-3', '2026-12-01').week).toBe(0);
		expect(weekOfDays(days, 'x', '2026-12-01').week).toBe(0);
		// From Sunday 6 December, the window ends on Sunday 3 January: four weeks from 7 December.
		expect(weekOfDays(days, '0', '2026-12-06').weeks).toBe(4);
	});
});

describe('the days with free times, counted in the database', () => {
	const db = database();

	/** A diary with one slot at each instant; returns the query for its in-person times. */
	async function aDiaryWith(...starts: string[]) {
		const at = await aService(['in_person', 'phone']);
		const made = await Promise.all(
			starts.map(async (start) => await aFreeSlot(at, new Date(start)))
		);
		return { at, made };
	}

	/** What the day picker found before: every free slot read, then their London dates. */
	const daysBySlots = async (query: Parameters<typeof freeSlots>[0]) => [
		...new Set((await freeSlots(query)).map((slot) => londonDate(slot.startsAt)))
	];

	it('are the days the free slots fall on: not booked, blocked, past, another way or place', async () => {
		// Monday 23 November 2026, 09:00 in London (GMT), and 28 days on.
		const from = new Date('2026-11-23T09:00:00Z');
		const to = new Date(from.getTime() + bookingWindowDays * 86_400_000);
		const { at, made } = await aDiaryWith(
			'2026-11-23T08:00:00Z', // before now, on the first day: past
			'2026-11-23T14:00:00Z', // free
			'2026-11-25T10:00:00Z', // booked
			'2026-11-26T10:00:00Z', // booked, then cancelled: free again
			'2026-11-27T10:00:00Z', // blocked by staff (and so withdrawn with an inactive diary)
			'2026-11-30T10:00:00Z', // booked
			'2026-11-30T16:00:00Z', // free, after a booked one on the same day
			'2026-12-21T08:30:00Z', // the window's last day, before it closes at 09:00
			'2026-12-21T09:00:00Z' // as the window closes: too far ahead
		);
		const patient = await aPatient(`Ada${Math.random()}`);
		for (const slot of [made[2]!, made[3]!, made[5]!]) {
			const booked = await bookSlot(patient, { slotId: slot.id, needs: {} }, from);
			if (!booked.ok) throw new Error(booked.reason);
			if (slot === made[3]) {
				await db
					.update(tables.appointments)
					.set({ status: 'cancelled' })
					.where(eq(tables.appointments.id, booked.appointment.id));
			}
		}
		await db.update(tables.slots).set({ blocked: true }).where(eq(tables.slots.id, made[4]!.id));
		// Another way of meeting, and another place, on days of their own.
		await db.insert(tables.slots).values({
			serviceId: at.service.id,
			locationId: at.location.id,
			mode: 'phone',
			startsAt: new Date('2026-12-01T10:00:00Z'),
			endsAt: new Date('2026-12-01T10:15:00Z')
		});
		const elsewhere = await aService();
		const otherPlace = (
			await db
				.insert(tables.locations)
				.values({ ...elsewhere.location, id: undefined, name: 'Another place' })
				.returning()
		)[0]!;
		await aFreeSlot(
			{ service: at.service, location: otherPlace },
			new Date('2026-12-02T10:00:00Z')
		);
		// A place whose only time is blocked, and one whose only time is past: no free times there.
		const closedPlace = (
			await db
				.insert(tables.locations)
				.values({ ...elsewhere.location, id: undefined, name: 'Closed place' })
				.returning()
		)[0]!;
		const blocked = await aFreeSlot(
			{ service: at.service, location: closedPlace },
			new Date('2026-12-03T10:00:00Z')
		);
		await db.update(tables.slots).set({ blocked: true }).where(eq(tables.slots.id, blocked.id));
		await aFreeSlot(
			{ service: at.service, location: closedPlace },
			new Date('2026-11-20T10:00:00Z')
		);

		const here = {
			serviceId: at.service.id,
			mode: 'in_person' as const,
			locationId: at.location.id,
			from,
			to
		};
		const expected = ['2026-11-23', '2026-11-26', '2026-11-30', '2026-12-21'];
		expect(await daysWithFreeTimes(here)).toEqual(expected);
		expect(await daysWithFreeTimes(here)).toEqual(await daysBySlots(here));
		// Anywhere (phone and video are not asked where), and another way.
		const anywhere = { ...here, locationId: undefined };
		expect(await daysWithFreeTimes(anywhere)).toEqual([...expected, '2026-12-02'].sort());
		expect(await daysWithFreeTimes(anywhere)).toEqual(await daysBySlots(anywhere));
		const byPhone = { ...anywhere, mode: 'phone' as const };
		expect(await daysWithFreeTimes(byPhone)).toEqual(['2026-12-01']);

		// The places question: the places with a free time, by name, as the slots say.
		const places = await placesWithFreeTimes(at.service.id, 'in_person', from, to);
		expect(places.map((place) => place.id)).toEqual([otherPlace.id, at.location.id]);
		const placesBySlots = new Set((await freeSlots(anywhere)).map((slot) => slot.locationId));
		expect(new Set(places.map((place) => place.id))).toEqual(placesBySlots);
		expect(await placesWithFreeTimes(at.service.id, 'video', from, to)).toEqual([]);

		// The time page: that day's free times only.
		expect((await freeSlotsOn(here, '2026-11-30')).map((slot) => slot.id)).toEqual([made[6]!.id]);
		expect((await freeSlotsOn(here, '2026-11-23')).map((slot) => slot.id)).toEqual([made[1]!.id]);
		expect(await freeSlotsOn(here, '2026-11-25')).toEqual([]);
		expect(await freeSlotsOn(here, '2026-12-22')).toEqual([]);
		// One chosen slot: free, or not there to choose.
		expect((await freeSlotOf(here, made[6]!.id))?.id).toBe(made[6]!.id);
		expect(await freeSlotOf(here, made[5]!.id)).toBeUndefined();
		expect(await freeSlotOf(here, made[0]!.id)).toBeUndefined();
	});

	it('end at London midnight on the Sunday the clocks go forward (a 23-hour day)', async () => {
		// Sunday 28 March 2027: London is on GMT until 01:00, then BST.
		const from = new Date('2027-03-20T09:00:00Z');
		const to = new Date(from.getTime() + bookingWindowDays * 86_400_000);
		const { at } = await aDiaryWith(
			'2027-03-27T23:30:00Z', // 23:30 on Saturday 27 (GMT)
			'2027-03-28T00:00:00Z', // midnight starting Sunday 28
			'2027-03-28T22:30:00Z', // 23:30 on Sunday 28 (BST)
			'2027-03-28T23:30:00Z', // 00:30 on Monday 29 (BST): 24 h 30 after Sunday began
			'2027-03-30T23:00:00Z' // midnight starting Wednesday 31 (BST)
		);
		const query = { serviceId: at.service.id, mode: 'in_person' as const, from, to };
		expect(await daysWithFreeTimes(query)).toEqual([
			'2027-03-27',
			'2027-03-28',
			'2027-03-29',
			'2027-03-31'
		]);
		expect(await daysWithFreeTimes(query)).toEqual(await daysBySlots(query));
		expect(
			(await freeSlotsOn(query, '2027-03-28')).map((slot) => slot.startsAt.toISOString())
		).toEqual(['2027-03-28T00:00:00.000Z', '2027-03-28T22:30:00.000Z']);
		expect(
			(await freeSlotsOn(query, '2027-03-29')).map((slot) => slot.startsAt.toISOString())
		).toEqual(['2027-03-28T23:30:00.000Z']);
		expect(await freeSlotsOn(query, '2027-03-30')).toEqual([]);
	});

	it('end at London midnight on the Sunday the clocks go back (a 25-hour day)', async () => {
		// Sunday 25 October 2026: London is on BST until 02:00, then GMT.
		const from = new Date('2026-10-20T09:00:00Z');
		const to = new Date(from.getTime() + bookingWindowDays * 86_400_000);
		const { at } = await aDiaryWith(
			'2026-10-24T22:30:00Z', // 23:30 on Saturday 24 (BST)
			'2026-10-24T23:00:00Z', // midnight starting Sunday 25
			'2026-10-25T23:30:00Z', // 23:30 on Sunday 25 (GMT): 24 h 30 after it began
			'2026-10-26T00:00:00Z' // midnight starting Monday 26
		);
		const query = { serviceId: at.service.id, mode: 'in_person' as const, from, to };
		expect(await daysWithFreeTimes(query)).toEqual(['2026-10-24', '2026-10-25', '2026-10-26']);
		expect(await daysWithFreeTimes(query)).toEqual(await daysBySlots(query));
		expect(
			(await freeSlotsOn(query, '2026-10-25')).map((slot) => slot.startsAt.toISOString())
		).toEqual(['2026-10-24T23:00:00.000Z', '2026-10-25T23:30:00.000Z']);
		expect(
			(await freeSlotsOn(query, '2026-10-26')).map((slot) => slot.startsAt.toISOString())
		).toEqual(['2026-10-26T00:00:00.000Z']);
	});
});
