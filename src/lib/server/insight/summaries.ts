// Insight's weekly summaries, and how they are kept up to date.
//
// Why pre-aggregated: at the bench population (2,000,000 residents, about 10 million past
// appointments) a live count over every slot and appointment of the ICS takes many seconds, and
// better-sqlite3 is synchronous: while one request counted, every other request would wait. So
// the figures are counted once per service, place and week into small tables (schema/insight.ts:
// about 1,500 services x 30 weeks), which the pages read in milliseconds.
//
// Why kept this way: triggers in the migration mark a service stale whenever one of its slots,
// appointments or requests is written (by any code path: web, text replies, FHIR, tests), and a
// timer in the server makes stale services' summaries again a week of one service at a time, in
// steps of about 25 ms, yielding between steps so that requests interleave: a request never waits
// on a long rebuild. Time passing changes figures with no write (a free time that passes becomes unused;
// the weeks move on), so each service's current week is counted again every 15 minutes, and
// every week of every service when a new week begins. A page also counts
// again first the few stale services it shows (at most 5, within 200 ms: see freshen), so a
// change shows at once. After the migration every service is stale: at 200,000 residents the
// first full pass took about 40 s of background steps on a busy two-core machine (bench/insight.js),
// during which pages answer with the figures counted so far.
import { isNotNull, sql } from 'drizzle-orm';
import { database, firstRowOf, rowsOf, tables, transaction, type Transaction } from '../db';
import { turnOf } from '../jobs';
import { insightWeeks, pastWeeks, weekIndexOf, type Week } from './weeks';

const { insightWeeks: weeksTable, insightRequestWeeks, insightServices, insightStale } = tables;

type SlotRow = {
	slotId: number;
	locationId: number;
	startsAt: number;
	blocked: number;
	status: string | null;
	cancelledAt: number | null;
};

type PlaceWeek = {
	offered: number;
	booked: number;
	unused: number;
	cancelled: number;
	lateCancelled: number;
	noShows: number;
};

const liveStatuses = new Set(['booked', 'attended', 'did_not_attend']);

/**
 * Goes up whenever a summary is written in this process: a page's figures kept from before are
 * still right while it has not moved (demand.ts keeps them that long).
 */
let version = 0;
export const summariesVersion = () => version;

/** A service's cancellation cut-off in ms; null for a service that is no more. */
async function cutoffOf(serviceId: number): Promise<number | null> {
	const service = (
		await database()
			.select({ cutoff: tables.services.cancellationCutoffMinutes })
			.from(tables.services)
			.where(sql`${tables.services.id} = ${serviceId}`)
	)[0];
	return service ? service.cutoff * 60_000 : null;
}

/**
 * Counts one week of one service again from its slots, appointments and requests, and stores it:
 * the unit of work, small whatever the service (its busiest diary holds a few thousand times a
 * week at 2 million residents).
 */
async function refreshWeek(
	serviceId: number,
	week: Week,
	cutoffMs: number,
	now: Date
): Promise<void> {
	const from = week.startsAt.getTime();
	const to = week.endsAt.getTime();
	version++;
	// Immediate: the week's rows are replaced whole (read, deleted, written), and a page in another
	// instance may be counting the same stale service at the same moment (freshen).
	await transaction(
		async (tx) => {
			await tx
				.delete(weeksTable)
				.where(sql`${weeksTable.serviceId} = ${serviceId} AND ${weeksTable.week} = ${week.monday}`);
			await tx
				.delete(insightRequestWeeks)
				.where(
					sql`${insightRequestWeeks.serviceId} = ${serviceId} AND ${insightRequestWeeks.week} = ${week.monday}`
				);
			const rows = await rowsOf<SlotRow>(
				tx,
				sql`
			SELECT s.id AS "slotId", s.location_id AS "locationId", s.starts_at AS "startsAt",
				s.blocked AS blocked, a.status AS status, a.cancelled_at AS "cancelledAt"
			FROM slots s LEFT JOIN appointments a ON a.slot_id = s.id
			WHERE s.service_id = ${serviceId} AND s.starts_at >= ${from} AND s.starts_at < ${to}`
			);
			for (const [key, counts] of countSlots(rows, [week], cutoffMs, now.getTime())) {
				const [locationId, monday] = key.split('|');
				await tx
					.insert(weeksTable)
					.values({ serviceId, locationId: Number(locationId), week: monday!, ...counts });
			}
			for (const [monday, counts] of await countRequests(tx, serviceId, [week])) {
				await tx.insert(insightRequestWeeks).values({ serviceId, week: monday, ...counts });
			}
		},
		{ behavior: 'immediate' }
	);
}

/** A service's next free time, and that its summaries are whole; weeks now outside dropped. */
async function finishService(serviceId: number, weeks: Week[], now: Date): Promise<void> {
	version++;
	await transaction(async (tx) => {
		await tx
			.delete(weeksTable)
			.where(
				sql`${weeksTable.serviceId} = ${serviceId} AND ${weeksTable.week} < ${weeks[0]!.monday}`
			);
		await tx
			.delete(insightRequestWeeks)
			.where(
				sql`${insightRequestWeeks.serviceId} = ${serviceId} AND ${insightRequestWeeks.week} < ${weeks[0]!.monday}`
			);
		const next = await firstRowOf<{ at: number | null }>(
			tx,
			sql`
			SELECT min(s.starts_at) AS at FROM slots s
			WHERE s.service_id = ${serviceId} AND s.starts_at > ${now.getTime()} AND s.blocked = 0
				AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.slot_id = s.id AND a.status = 'booked')
				AND NOT EXISTS (SELECT 1 FROM inactive_schedules i
					WHERE i.service_id = s.service_id AND i.location_id = s.location_id)`
		);
		await tx
			.insert(insightServices)
			.values({ serviceId, nextFreeAt: next?.at ? new Date(next.at) : null, refreshedAt: now })
			.onConflictDoUpdate({
				target: insightServices.serviceId,
				set: { nextFreeAt: next?.at ? new Date(next.at) : null, refreshedAt: now }
			});
	});
}

/** Services part-way through being made again in this process: the next week to count. */
const progress = new Map<number, number>();

/**
 * Makes one service's summaries again, a week at a time, until done or `deadline` (from
 * performance.now()) passes (always at least one week); true when the service is done. Its stale
 * mark goes when it starts, so a change while it is counted marks it again.
 */
async function stepService(
	serviceId: number,
	deadline: number,
	now = new Date()
): Promise<boolean> {
	const weeks = insightWeeks(now);
	let index = progress.get(serviceId) ?? 0;
	if (index === 0) {
		await database()
			.delete(insightStale)
			.where(sql`${insightStale.serviceId} = ${serviceId}`);
	}
	const cutoffMs = await cutoffOf(serviceId);
	if (cutoffMs === null) {
		progress.delete(serviceId);
		return true;
	}
	do {
		await refreshWeek(serviceId, weeks[index]!, cutoffMs, now);
		index++;
	} while (index < weeks.length && performance.now() < deadline);
	if (index < weeks.length) {
		progress.set(serviceId, index);
		return false;
	}
	await finishService(serviceId, weeks, now);
	progress.delete(serviceId);
	return true;
}

/** Makes one service's summaries again, whole (for tests and small runs). */
export async function refreshService(serviceId: number, now = new Date()): Promise<void> {
	progress.delete(serviceId);
	while (!(await stepService(serviceId, 0, now)));
}

/** Each place and week's counts from a service's slots (a slot once per appointment it held). */
export function countSlots(
	rows: SlotRow[],
	weeks: Week[],
	cutoffMs: number,
	now: number
): Map<string, PlaceWeek> {
	const cells = new Map<string, PlaceWeek>();
	const slots = new Map<number, { row: SlotRow; live: boolean }>();
	const cellOf = (row: SlotRow) => {
		const week = weeks[weekIndexOf(weeks, row.startsAt)]!;
		const key = `${row.locationId}|${week.monday}`;
		let cell = cells.get(key);
		if (!cell) {
			cell = { offered: 0, booked: 0, unused: 0, cancelled: 0, lateCancelled: 0, noShows: 0 };
			cells.set(key, cell);
		}
		return cell;
	};
	for (const row of rows) {
		const cell = cellOf(row);
		const live = row.status !== null && liveStatuses.has(row.status);
		const slot = slots.get(row.slotId);
		if (!slot) slots.set(row.slotId, { row, live });
		else if (live) slot.live = true;
		if (row.status === 'cancelled') {
			cell.cancelled++;
			if (row.cancelledAt !== null && row.startsAt - row.cancelledAt < cutoffMs) {
				cell.lateCancelled++;
			}
		}
		if (row.status === 'did_not_attend') cell.noShows++;
	}
	for (const { row, live } of slots.values()) {
		const cell = cellOf(row);
		// A time taken out of the diary was not offered, unless someone holds it all the same.
		if (row.blocked && !live) continue;
		cell.offered++;
		if (live) cell.booked++;
		else if (row.startsAt <= now) cell.unused++;
	}
	return cells;
}

type Tx = Transaction;

/** Each week's requests to a service: received, and arranged or closed (by their event's time). */
async function countRequests(tx: Tx, serviceId: number, weeks: Week[]) {
	const from = weeks[0]!.startsAt.getTime();
	const to = weeks[weeks.length - 1]!.endsAt.getTime();
	const counts = new Map<
		string,
		{
			received: number;
			arranged: number;
			closed: number;
			arrangedInTarget: number;
			arrangeHours: number;
		}
	>();
	const cell = (instant: number) => {
		const index = weekIndexOf(weeks, instant);
		if (index < 0) return null;
		const week = weeks[index]!.monday;
		let counted = counts.get(week);
		if (!counted) {
			counted = { received: 0, arranged: 0, closed: 0, arrangedInTarget: 0, arrangeHours: 0 };
			counts.set(week, counted);
		}
		return counted;
	};
	const received = await rowsOf<{ at: number }>(
		tx,
		sql`
		SELECT created_at AS at FROM contact_requests
		WHERE service_id = ${serviceId} AND created_at >= ${from} AND created_at < ${to}`
	);
	for (const { at } of received) {
		const counted = cell(at);
		if (counted) counted.received++;
	}
	// A request's answer, the first of its kind: arranged or closed, once each.
	const answers = await rowsOf<{ kind: string; at: number; createdAt: number; dueBy: number }>(
		tx,
		sql`
		SELECT e.kind AS kind, min(e.at) AS at, r.created_at AS "createdAt", r.due_by AS "dueBy"
		FROM contact_requests r JOIN request_events e ON e.request_id = r.id
		WHERE r.service_id = ${serviceId} AND e.kind IN ('arranged', 'closed')
			AND e.at >= ${from} AND e.at < ${to}
		GROUP BY r.id, e.kind`
	);
	for (const answer of answers) {
		const counted = cell(answer.at);
		if (!counted) continue;
		if (answer.kind === 'closed') {
			counted.closed++;
			continue;
		}
		counted.arranged++;
		if (answer.at <= answer.dueBy) counted.arrangedInTarget++;
		counted.arrangeHours += Math.round((answer.at - answer.createdAt) / 3_600_000);
	}
	return counts;
}

/** The services whose summaries are stale now, up to `limit`. */
export async function staleServices(limit = 1_000, among?: number[]): Promise<number[]> {
	const db = database();
	if (among && among.length === 0) return [];
	const rows = await db
		.select({ id: insightStale.serviceId })
		.from(insightStale)
		.where(
			among
				? sql`${insightStale.serviceId} IN (${sql.join(
						among.map((id) => sql`${id}`),
						sql`, `
					)})`
				: undefined
		)
		.limit(limit);
	return rows.map((row) => row.id);
}

/** Services to make again: those part-way through first, then stale ones (among some, if given). */
async function pending(among?: number[]): Promise<number[]> {
	const started = [...progress.keys()].filter((id) => !among || among.includes(id));
	return started.length > 0 ? started : await staleServices(50, among);
}

/**
 * Makes stale services' summaries again, a week at a time, until `budgetMs` is spent; how many
 * services are left to do (at least one, when any is).
 */
export async function refreshStale(budgetMs: number, among?: number[]): Promise<number> {
	const deadline = performance.now() + budgetMs;
	let todo = await pending(among);
	while (todo.length > 0) {
		for (const serviceId of todo) {
			const done = await stepService(serviceId, deadline);
			if (!done || performance.now() >= deadline) return (await pending(among)).length;
		}
		todo = await pending(among);
	}
	return 0;
}

/**
 * Before a page reads: counts again the few stale services it shows (a change just made, to be
 * seen at once), within `budgetMs`. Many stale services (after start-up, or a busy minute) are
 * left to the background steps, so a page never spends its time on a long rebuild.
 */
export async function freshen(budgetMs: number, among?: number[]): Promise<void> {
	const started = [...progress.keys()].filter((id) => !among || among.includes(id));
	const stale = (await staleServices(freshenAtMost + 1, among)).filter(
		(id) => !started.includes(id)
	);
	if (started.length + stale.length <= freshenAtMost) await refreshStale(budgetMs, among);
}
const freshenAtMost = 5;

/** Marks every service stale: all their weeks to be counted again. */
export async function markAllStale(): Promise<void> {
	const db = database();
	const { services } = tables;
	await db
		.insert(insightStale)
		// SQLite reads `ON CONFLICT` after a SELECT with no WHERE as part of a join: a WHERE, any,
		// ends the SELECT.
		.select(db.select({ serviceId: services.id }).from(services).where(isNotNull(services.id)))
		.onConflictDoNothing();
}

/**
 * Time passing changes the figures with nothing written, but only this week's (a free time that
 * passes becomes unused) and each service's next free time; and, once a week, which weeks are
 * shown. So every 15 minutes each service's current week is counted again (a thirtieth of a whole
 * pass), and every week is when a new one begins.
 */
const sweep = { queue: [] as number[], monday: '' };

async function startSweep(now = new Date()): Promise<void> {
	const weeks = insightWeeks(now);
	const monday = weeks[pastWeeks - 1]!.monday;
	if (sweep.monday && sweep.monday !== monday) await markAllStale();
	sweep.monday = monday;
	sweep.queue = (await database().select({ id: tables.services.id }).from(tables.services)).map(
		(row) => row.id
	);
}

/** Counts the current week of swept services again until `deadline`; true when any is left. */
async function stepSweep(deadline: number, now = new Date()): Promise<boolean> {
	const weeks = insightWeeks(now);
	const current = weeks[pastWeeks - 1]!;
	while (sweep.queue.length > 0 && performance.now() < deadline) {
		const serviceId = sweep.queue.pop()!;
		const cutoffMs = await cutoffOf(serviceId);
		if (cutoffMs === null || progress.has(serviceId)) continue;
		await refreshWeek(serviceId, current, cutoffMs, now);
		await finishService(serviceId, weeks, now);
	}
	return sweep.queue.length > 0;
}

const stepMs = 25;
const idleMs = 2_000;
const sweepMs = 15 * 60_000;

/** The summaries' lease: held while stepping, so another instance takes over soon after a death. */
const leaseMs = 60_000;

/**
 * Services part-way through, marked stale again for whichever instance steps next: their mark went
 * when they were started here, and that instance knows nothing of this one's progress.
 */
async function handBack(): Promise<void> {
	const started = [...progress.keys()];
	progress.clear();
	if (started.length === 0) return;
	await database()
		.insert(insightStale)
		.values(started.map((serviceId) => ({ serviceId })))
		.onConflictDoNothing();
}

/**
 * Keeps the summaries up to date inside the server: a step of about 25 ms of work (stale
 * services first, then the sweep of this week), then a pause that lets requests through (a short
 * one while work remains, 2 s when none does). With several instances, only the one whose turn it
 * is steps (../jobs.ts); the others look again at each pause. Returns a stop for shutdown, which
 * lets go of the turn.
 */
export async function startInsightSummaries(): Promise<() => Promise<void>> {
	let timer: NodeJS.Timeout | undefined;
	let stepUnderWay: Promise<void> | undefined;
	let stopped = false;
	let held = false;
	const turn = turnOf('insight.summaries', leaseMs);
	const step = async () => {
		let more = false;
		try {
			const wasHeld = held;
			held = await turn.held();
			// Another instance took over while this one stalled past its lease.
			if (wasHeld && !held) await handBack();
			if (held) {
				more = (await refreshStale(stepMs)) > 0 || (await stepSweep(performance.now() + stepMs));
			}
		} catch (error) {
			console.error('insight summaries', error);
		}
		if (!stopped) next(more ? 5 : idleMs);
	};
	const next = (pause: number) => {
		timer = setTimeout(() => (stepUnderWay = step()), pause);
		timer.unref();
	};
	await startSweep();
	// The first sweep would repeat what start-up's stale services are counted for.
	sweep.queue = [];
	const sweeping = setInterval(() => void startSweep(), sweepMs);
	sweeping.unref();
	next(0);
	return async () => {
		stopped = true;
		clearTimeout(timer);
		clearInterval(sweeping);
		await stepUnderWay;
		try {
			if (held) await handBack();
			await turn.giveUp();
		} catch (error) {
			// Left to run out: another instance takes over within the lease.
			console.error('insight summaries', error);
		}
	};
}
