// Demand and capacity (issue 25): per service, organisation and place, week by week over the last
// 26 weeks and the next 4, read from the weekly summaries (summaries.ts), every count published
// as NHS England publishes hospital statistics (suppression.ts). Who may see which organisations
// is the access policy's (insightScope); this module only counts within the scope it is given.
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { InsightScope } from '../access/policy';
import { database, tables, rowsOf, firstRowOf } from '../db';
import { freshen, summariesVersion } from './summaries';
import { publishFromFew } from './suppression';
import { publishedTable, type Figure, type InsightRow, type InsightTable } from './tables';
import { insightWeeks, pastWeeks } from './weeks';

export type InsightFilter = {
	organisationId: number | null;
	serviceId: number | null;
	locationId: number | null;
};

type Named = { id: number; name: string };

/** What the filter can choose from: the organisations in scope; the chosen one's services and places. */
export type InsightChoices = {
	organisations: Named[];
	services: Named[];
	places: Named[];
};

const { organisations, services, locations } = tables;

function organisationsIn(scope: InsightScope): SQL | undefined {
	return scope.organisations === 'all'
		? undefined
		: inArray(organisations.id, scope.organisations.length ? scope.organisations : [-1]);
}

/** The choices the filter offers within the scope, for the organisation chosen (if any). */
export async function insightChoices(
	scope: InsightScope,
	organisationId: number | null
): Promise<InsightChoices> {
	const db = database();
	const orgs = await db
		.select({ id: organisations.id, name: organisations.name })
		.from(organisations)
		.where(organisationsIn(scope))
		.orderBy(asc(organisations.name), asc(organisations.id));
	if (organisationId === null || !orgs.some((org) => org.id === organisationId)) {
		return { organisations: orgs, services: [], places: [] };
	}
	return {
		organisations: orgs,
		services: await db
			.select({ id: services.id, name: services.name })
			.from(services)
			.where(eq(services.organisationId, organisationId))
			.orderBy(asc(services.name), asc(services.id)),
		places: await db
			.select({ id: locations.id, name: locations.name })
			.from(locations)
			.where(eq(locations.organisationId, organisationId))
			.orderBy(asc(locations.name), asc(locations.id))
	};
}

/**
 * The filter as it may be shown: null when it names something outside the scope or that does
 * not exist (an organisation not theirs, a service or place of another organisation), which the
 * page answers as not found, the same for both.
 */
export async function filterWithin(
	scope: InsightScope,
	filter: InsightFilter
): Promise<InsightFilter | null> {
	const choices = await insightChoices(scope, filter.organisationId);
	if (filter.organisationId !== null) {
		if (!choices.organisations.some((org) => org.id === filter.organisationId)) return null;
	} else if (filter.serviceId !== null || filter.locationId !== null) {
		return null;
	}
	if (filter.serviceId !== null && !choices.services.some((s) => s.id === filter.serviceId)) {
		return null;
	}
	if (filter.locationId !== null && !choices.places.some((p) => p.id === filter.locationId)) {
		return null;
	}
	return filter;
}

/** The services a filter covers, within the scope. */
async function servicesCovered(scope: InsightScope, filter: InsightFilter): Promise<number[]> {
	return (
		await database()
			.select({ id: services.id })
			.from(services)
			.where(
				and(
					scope.organisations === 'all'
						? undefined
						: inArray(
								services.organisationId,
								scope.organisations.length ? scope.organisations : [-1]
							),
					filter.organisationId !== null
						? eq(services.organisationId, filter.organisationId)
						: undefined,
					filter.serviceId !== null ? eq(services.id, filter.serviceId) : undefined
				)
			)
	).map((row) => row.id);
}

export type DemandAndCapacity = {
	/** Tables in the order the page shows them; each has its chart. */
	capacity: InsightTable;
	cancellations: InsightTable;
	requests: InsightTable;
	target: InsightTable;
	unusedByService: InsightTable;
	nextFree: InsightTable;
	/** When the oldest summary shown was made; null when none was. */
	countedAt: Date | null;
};

/** How long a page may spend making stale summaries it shows again before reading them. */
const freshenBudgetMs = 200;
/** Services shown in the "by service" tables: the ten that waste most, or wait longest. */
const topServices = 10;

/** Demand and capacity within the scope and filter (already checked by filterWithin). */
export async function demandAndCapacity(
	scope: InsightScope,
	filter: InsightFilter,
	now = new Date()
): Promise<DemandAndCapacity> {
	// Every service of the ICS needs no list of them (about 1,500 at the ICS's size).
	const everything =
		scope.organisations === 'all' && filter.organisationId === null && filter.serviceId === null;
	const covered = everything ? null : await servicesCovered(scope, filter);
	await freshen(freshenBudgetMs, covered ?? undefined);
	// The same figures again, while no summary has changed since (and for a minute at most, for
	// the days to a next free time): an admin's page over every service reads tens of thousands
	// of summary rows.
	const key = JSON.stringify([scope, filter]);
	const version = summariesVersion();
	const earlier = kept.get(key);
	if (earlier && earlier.version === version && now.getTime() - earlier.at < keptMs) {
		return earlier.figures;
	}
	const figures = await countDemand(covered, filter, now);
	if (kept.size >= keptMost) kept.clear();
	kept.set(key, { version, at: now.getTime(), figures });
	return figures;
}

const kept = new Map<string, { version: number; at: number; figures: DemandAndCapacity }>();
const keptMs = 60_000;
const keptMost = 500;

/** The figures for the services covered (null: every one), read from the summaries. */
async function countDemand(
	covered: number[] | null,
	filter: InsightFilter,
	now: Date
): Promise<DemandAndCapacity> {
	const db = database();
	const weeks = insightWeeks(now);
	const weekRows: InsightRow[] = weeks.map((week) => ({
		kind: 'week',
		monday: week.monday,
		future: week.future
	}));
	const place = filter.locationId !== null ? sql` AND w.location_id = ${filter.locationId}` : sql``;
	const list = sql.join(
		(covered?.length ? covered : [-1]).map((id) => sql`${id}`),
		sql`, `
	);
	/** The services covered, as a condition on a column naming one. */
	const inScope = (column: string) => (covered ? sql`${sql.raw(column)} IN (${list})` : sql`1 = 1`);

	const weekly = await rowsOf<{
		week: string;
		offered: number;
		booked: number;
		unused: number;
		cancelled: number;
		lateCancelled: number;
		noShows: number;
	}>(
		db,
		sql`
		SELECT w.week AS week, sum(w.offered) AS offered, sum(w.booked) AS booked,
			sum(w.unused) AS unused, sum(w.cancelled) AS cancelled,
			sum(w.late_cancelled) AS "lateCancelled", sum(w.no_shows) AS "noShows"
		FROM insight_weeks w
		WHERE ${inScope('w.service_id')} AND w.week >= ${weeks[0]!.monday}${place}
		GROUP BY w.week`
	);
	const byWeek = new Map(weekly.map((row) => [row.week, row]));
	const column = (key: keyof (typeof weekly)[number]) =>
		weeks.map((week) => Number(byWeek.get(week.monday)?.[key] ?? 0));

	const capacity = publishedTable(
		'capacity',
		'week',
		weekRows,
		[
			{ key: 'offered', kind: 'count' },
			{ key: 'booked', kind: 'count' },
			{ key: 'unused', kind: 'count' },
			{ key: 'bookedShare', kind: 'percent', part: 'booked', whole: 'offered' }
		],
		{ offered: column('offered'), booked: column('booked'), unused: column('unused') },
		true
	);
	const cancellations = publishedTable(
		'cancellations',
		'week',
		weekRows,
		[
			{ key: 'cancelled', kind: 'count' },
			{ key: 'lateCancelled', kind: 'count' },
			{ key: 'noShows', kind: 'count' }
		],
		{
			cancelled: column('cancelled'),
			lateCancelled: column('lateCancelled'),
			noShows: column('noShows')
		},
		true
	);

	// Requests are made to a service, not a place: a place chosen does not narrow them.
	const requestWeekly = await rowsOf<{
		week: string;
		received: number;
		arranged: number;
		closed: number;
		arrangedInTarget: number;
		arrangeHours: number;
	}>(
		db,
		sql`
		SELECT week, sum(received) AS received, sum(arranged) AS arranged, sum(closed) AS closed,
			sum(arranged_in_target) AS "arrangedInTarget", sum(arrange_hours) AS "arrangeHours"
		FROM insight_request_weeks
		WHERE ${inScope('service_id')} AND week >= ${weeks[0]!.monday}
		GROUP BY week`
	);
	const requestByWeek = new Map(requestWeekly.map((row) => [row.week, row]));
	const requestColumn = (key: keyof (typeof requestWeekly)[number]) =>
		weeks.map((week) => Number(requestByWeek.get(week.monday)?.[key] ?? 0));
	const arranged = requestColumn('arranged');
	const hours = requestColumn('arrangeHours');
	// A mean of 1 to 7 requests is `*`, as a count of them would be; of none, there is none.
	const meanDays = (arrangedCount: number, hoursTotal: number): Figure => {
		if (arrangedCount === 0) return null;
		const mean = publishFromFew(
			Math.round((hoursTotal / arrangedCount / 24) * 10) / 10,
			arrangedCount
		);
		return mean === null ? { suppressed: true } : { suppressed: false, value: mean };
	};
	const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
	const requests = publishedTable(
		'requests',
		'week',
		weekRows,
		[
			{ key: 'received', kind: 'count' },
			{ key: 'arranged', kind: 'count' },
			{ key: 'closed', kind: 'count' }
		],
		{ received: requestColumn('received'), arranged, closed: requestColumn('closed') },
		true
	);
	const target = publishedTable(
		'target',
		'week',
		weekRows,
		[
			{ key: 'arranged', kind: 'count' },
			{ key: 'arrangedInTarget', kind: 'count' },
			{ key: 'inTargetShare', kind: 'percent', part: 'arrangedInTarget', whole: 'arranged' },
			{
				key: 'meanDaysToArrange',
				kind: 'days',
				value: (r) => meanDays(arranged[r]!, hours[r]!),
				total: meanDays(sum(arranged), sum(hours))
			}
		],
		{ arranged, arrangedInTarget: requestColumn('arrangedInTarget') },
		true
	);

	// A service by its name, with its organisation's when more than one organisation is shown
	// (every practice has a "GP appointment").
	const serviceName =
		filter.organisationId === null ? sql`s.name || ' (' || o.name || ')'` : sql`s.name`;

	// Which services waste times: the most unused over the past weeks.
	const past = weeks.slice(0, pastWeeks);
	const wasting = await rowsOf<{ name: string; offered: number; unused: number }>(
		db,
		sql`
		SELECT ${serviceName} AS name, sum(w.offered) AS offered, sum(w.unused) AS unused
		FROM insight_weeks w JOIN services s ON s.id = w.service_id
			JOIN organisations o ON o.id = s.organisation_id
		WHERE ${inScope('w.service_id')} AND w.week >= ${past[0]!.monday}
			AND w.week <= ${past[past.length - 1]!.monday}${place}
		GROUP BY w.service_id, s.name, o.name ORDER BY sum(w.unused) DESC, s.name LIMIT ${topServices}`
	);
	const unusedByService = publishedTable(
		'unusedByService',
		'service',
		wasting.map((row) => ({ kind: 'name', name: row.name })),
		[
			{ key: 'offered', kind: 'count' },
			{ key: 'unused', kind: 'count' },
			{ key: 'unusedShare', kind: 'percent', part: 'unused', whole: 'offered' }
		],
		{ offered: wasting.map((row) => row.offered), unused: wasting.map((row) => row.unused) },
		false
	);

	// Where people wait longest: days to each service's next free time (about no person, so
	// not suppressed); a service with none in the diary at all comes first, as the longest wait.
	const waits = await rowsOf<{ name: string; nextFreeAt: number | null }>(
		db,
		sql`
		SELECT ${serviceName} AS name, i.next_free_at AS "nextFreeAt"
		FROM insight_services i JOIN services s ON s.id = i.service_id
			JOIN organisations o ON o.id = s.organisation_id
		WHERE ${inScope('i.service_id')}
		ORDER BY i.next_free_at IS NOT NULL, i.next_free_at DESC, s.name LIMIT ${topServices}`
	);
	const daysAhead = (at: number | null): Figure =>
		at === null
			? null
			: {
					suppressed: false,
					value: Math.max(0, Math.round(((at - now.getTime()) / 86_400_000) * 10) / 10)
				};
	const nextFree = publishedTable(
		'nextFree',
		'service',
		waits.map((row) => ({ kind: 'name', name: row.name })),
		[
			{
				key: 'daysToNextFree',
				kind: 'days',
				value: (r) => daysAhead(waits[r]!.nextFreeAt),
				noneKey: 'noFreeTime'
			}
		],
		{},
		false
	);

	const counted = await firstRowOf<{ at: number | null }>(
		db,
		sql`
		SELECT min(refreshed_at) AS at FROM insight_services WHERE ${inScope('service_id')}`
	);
	return {
		capacity,
		cancellations,
		requests,
		target,
		unusedByService,
		nextFree,
		countedAt: counted?.at ? new Date(counted.at) : null
	};
}

export const demandTableIds = [
	'capacity',
	'cancellations',
	'requests',
	'target',
	'unusedByService',
	'nextFree'
] as const;
export type DemandTableId = (typeof demandTableIds)[number];
