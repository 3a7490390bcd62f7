// Free times in services' diaries: what can be booked now, never a cached guess.
import {
	and,
	asc,
	eq,
	exists,
	gt,
	inArray,
	lt,
	ne,
	notExists,
	sql,
	type Placeholder
} from 'drizzle-orm';
import type { AppointmentMode } from '../db/schema';
import { database, tables, type Db, rowsOf } from '../db';
import { addDays, isoWeekday, londonDate, londonTime, mondayOf } from '$lib/time';

const { appointments, locations, slots } = tables;

/** How far ahead people can book. */
export const bookingWindowDays = 28;

type FreeSlotQuery = {
	serviceId: number;
	mode: AppointmentMode;
	locationId?: number;
	from: Date;
	to: Date;
};

/** Not blocked, and held by no live appointment. */
export const isFree = () =>
	and(
		eq(slots.blocked, false),
		notExists(
			database()
				.select({ one: sql`1` })
				.from(appointments)
				.where(and(eq(appointments.slotId, slots.id), eq(appointments.status, 'booked')))
		)
	);

/** A value, or a placeholder for it in a statement prepared once. */
type Bound<T> = T | Placeholder;

/** Free slots of one service starting inside the window. */
const freeInWindow = (serviceId: Bound<number>, from: Bound<Date>, to: Bound<Date>) =>
	and(eq(slots.serviceId, serviceId), gt(slots.startsAt, from), lt(slots.startsAt, to), isFree());

/** Free slots of the service, way and (if given) place in the window: one definition for all. */
const freeMatching = ({
	serviceId,
	mode,
	locationId,
	from,
	to
}: { [Key in keyof FreeSlotQuery]: Bound<FreeSlotQuery[Key]> }) =>
	and(
		freeInWindow(serviceId, from, to),
		eq(slots.mode, mode),
		locationId === undefined ? undefined : eq(slots.locationId, locationId)
	);

export async function freeSlots(query: FreeSlotQuery) {
	return await database()
		.select()
		.from(slots)
		.where(freeMatching(query))
		.orderBy(asc(slots.startsAt));
}

/**
 * The part of the window that falls on one London calendar day, in the window's own terms
 * (starting after `from`, before `to`). London days are 23 or 25 hours long on the days the clocks
 * change, so their edges come from the wall clock, not from adding 24 hours. Instants are whole
 * milliseconds: starting after one millisecond before midnight is starting at midnight or later.
 */
export function londonDayOfWindow(day: string, from: Date, to: Date) {
	const opens = londonTime(day, '00:00').getTime() - 1;
	const closes = londonTime(addDays(day, 1), '00:00').getTime();
	return {
		from: new Date(Math.max(from.getTime(), opens)),
		to: new Date(Math.min(to.getTime(), closes))
	};
}

/**
 * Whether a free time starts in a window: the first one found ends the search. Prepared once per
 * connection and shape (at a place or anywhere), because the day picker asks it for every day of
 * the window on every request. Instants are bound as milliseconds, as the column stores them.
 */
function freeTimeProbe(db: Db, atPlace: boolean) {
	return db
		.select({ one: sql`1` })
		.from(slots)
		.where(
			freeMatching({
				serviceId: sql.placeholder('serviceId'),
				mode: sql.placeholder('mode'),
				locationId: atPlace ? sql.placeholder('locationId') : undefined,
				from: sql.placeholder('from'),
				to: sql.placeholder('to')
			})
		)
		.limit(1)
		.prepare();
}

const freeTimeProbes = new WeakMap<Db, Map<boolean, Awaited<ReturnType<typeof freeTimeProbe>>>>();

function preparedFreeTimeProbe(atPlace: boolean) {
	const db = database();
	const probes =
		freeTimeProbes.get(db) ?? new Map<boolean, Awaited<ReturnType<typeof freeTimeProbe>>>();
	freeTimeProbes.set(db, probes);
	const probe = probes.get(atPlace) ?? freeTimeProbe(db, atPlace);
	probes.set(atPlace, probe);
	return probe;
}

/**
 * The London days in the window with at least one free time, in order. For each day, whether a
 * free slot exists: SQLite stops at the first one it finds through the diary's index, so the cost
 * follows the number of days, not the number of slots in the diary (only the taken slots before a
 * day's first free one are read).
 */
export async function daysWithFreeTimes(query: FreeSlotQuery): Promise<string[]> {
	const probe = preparedFreeTimeProbe(query.locationId !== undefined);
	const days: string[] = [];
	for (let day = londonDate(query.from); day <= londonDate(query.to); day = addDays(day, 1)) {
		const { from, to } = londonDayOfWindow(day, query.from, query.to);
		if (from >= to) continue;
		const found = await probe.execute({
			serviceId: query.serviceId,
			mode: query.mode,
			locationId: query.locationId,
			from: from.getTime(),
			to: to.getTime()
		});
		if (found.length > 0) days.push(day);
	}
	return days;
}

/** The free times on one London day of the window, in order: only that day's slots are read. */
export async function freeSlotsOn(query: FreeSlotQuery, day: string) {
	return await freeSlots({ ...query, ...londonDayOfWindow(day, query.from, query.to) });
}

/** One free time of the service, way and place in the window, if that slot is one. */
export async function freeSlotOf(query: FreeSlotQuery, slotId: number) {
	return (
		await database()
			.select()
			.from(slots)
			.where(and(eq(slots.id, slotId), freeMatching(query)))
	)[0];
}

/** One slot and the place it is at, free or not: booking itself checks it is still free. */
export async function slotAndPlace(slotId: number) {
	return (
		await database()
			.select({ slot: slots, location: locations })
			.from(slots)
			.innerJoin(locations, eq(slots.locationId, locations.id))
			.where(eq(slots.id, slotId))
	)[0];
}

/**
 * The places the service has ever had a diary at for this way of meeting: a walk through the
 * index that jumps from one place to the next (SQLite has no skip scan for this), so it costs one
 * index seek per place, however many slots each diary holds.
 */
async function diaryPlaces(serviceId: number, mode: AppointmentMode): Promise<number[]> {
	return (
		await rowsOf<{ id: number }>(
			database(),
			sql`with recursive diary(location_id) as (
				select min(${slots.locationId}) from ${slots}
				where ${slots.serviceId} = ${serviceId} and ${slots.mode} = ${mode}
				union all
				select (select min(${slots.locationId}) from ${slots}
					where ${slots.serviceId} = ${serviceId} and ${slots.mode} = ${mode}
					and ${slots.locationId} > diary.location_id)
				from diary where diary.location_id is not null
			) select location_id as id from diary where location_id is not null`
		)
	).map(({ id }) => id);
}

/** The places with a free time for this service and mode in the window. */
export async function placesWithFreeTimes(
	serviceId: number,
	mode: AppointmentMode,
	from: Date,
	to: Date
) {
	const places = await diaryPlaces(serviceId, mode);
	if (places.length === 0) return [];
	return await database()
		.select({
			id: locations.id,
			name: locations.name,
			address: locations.address,
			postcode: locations.postcode,
			stepFreeAccess: locations.stepFreeAccess,
			hearingLoop: locations.hearingLoop
		})
		.from(locations)
		.where(
			and(
				inArray(locations.id, places),
				// One free time is enough: SQLite stops at it.
				exists(
					database()
						.select({ one: sql`1` })
						.from(slots)
						.where(
							and(
								freeInWindow(serviceId, from, to),
								eq(slots.mode, mode),
								eq(slots.locationId, locations.id)
							)
						)
				)
			)
		)
		.orderBy(asc(locations.name));
}

/** The soonest free time for the service in another place or another way, if any. */
export async function nextFreeElsewhere(
	serviceId: number,
	mode: AppointmentMode,
	locationId: number | undefined,
	from: Date,
	to: Date
) {
	return (
		await database()
			.select()
			.from(slots)
			.where(
				and(
					freeInWindow(serviceId, from, to),
					locationId === undefined
						? ne(slots.mode, mode)
						: sql`(${slots.mode} <> ${mode} OR ${slots.locationId} <> ${locationId})`
				)
			)
			.orderBy(asc(slots.startsAt))
			.limit(1)
	)[0];
}

/**
 * One week (Monday to Sunday) of the days with free times, for choosing a day a week at a time.
 * Week 0 is this week (at the weekend, when this week's services are over, the next one), and
 * there are as many weeks as the booking window reaches into. Without a week asked for, the
 * first week with a free day.
 */
export function weekOfDays(days: string[], requestedWeek: string | null, today: string) {
	const firstMonday = mondayOf(isoWeekday(today) >= 6 ? addDays(today, 7) : today);
	const lastDay = addDays(today, bookingWindowDays);
	const weekLength = 7 * 86_400_000;
	const weeks = Math.floor((Date.parse(lastDay) - Date.parse(firstMonday)) / weekLength) + 1;
	const firstFree = [...days].sort()[0];
	const asked = requestedWeek === null || requestedWeek === '' ? NaN : Number(requestedWeek);
	const wanted = Number.isInteger(asked)
		? asked
		: firstFree
			? Math.floor((Date.parse(firstFree) - Date.parse(firstMonday)) / weekLength)
			: 0;
	const week = Math.min(Math.max(wanted, 0), weeks - 1);
	const weekStart = addDays(firstMonday, week * 7);
	const weekEnd = addDays(weekStart, 7);
	return {
		days: days.filter((day) => day >= weekStart && day < weekEnd),
		anyDays: days.length > 0,
		week,
		weeks,
		weekStart
	};
}
