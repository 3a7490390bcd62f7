// "Who is being left out" as the pages publish it: groups.ts's raw counts made into tables, every
// count suppressed and rounded by publishedTable (suppression.ts), each share worked out from
// rounded counts. For each breakdown, each group's share of the area's registered residents
// beside its share of bookings, cancellations, no-shows and requests; how people reached us; and
// the residents we have not heard from in 12 months, by the same groups, counts only.
import type { InsightScope } from '../access/policy';
import { whoIsLeftOut, type GroupRow, type InsightDimension } from './groups';
import type { InsightFilter } from './demand';
import { publishedTable, type ColumnPlan, type Figure, type InsightTable } from './tables';

/** The breakdowns of residents, in the order the page shows them. */
const residentDimensions = ['age', 'decile', 'core20', 'language', 'needs'] as const;
type ResidentDimension = (typeof residentDimensions)[number];

/** Every table of the page, by its id (the CSV's `?table=`). */
export const leftOutTableIds = [
	...residentDimensions.map((dimension) => `${dimension}Groups` as const),
	'reachedGroups',
	...residentDimensions.map((dimension) => `${dimension}NotHeard` as const)
] as const;
export type LeftOutTableId = (typeof leftOutTableIds)[number];

export type LeftOut = {
	/** When the figures were counted (the newest finished count); null before the first. */
	countedAt: Date | null;
	/** The tables in the order the page shows them: the breakdowns, then "not heard from". */
	tables: InsightTable[];
};

const shareOf = (part: string, of?: Figure): ColumnPlan => ({
	key: `${part}Share`,
	kind: 'share',
	part,
	...(of !== undefined ? { of } : {})
});

/**
 * Who is being left out within the scope, for the organisation chosen (its services' events;
 * residents are the whole area's). The filter is checked already (filterWithin); a service or
 * place in it does not narrow these figures, which are counted by organisation.
 */
export async function leftOut(scope: InsightScope, filter: InsightFilter): Promise<LeftOut> {
	const organisations =
		filter.organisationId !== null ? [filter.organisationId] : scope.organisations;
	const figures = await whoIsLeftOut(organisations);
	if (!figures) return { countedAt: null, tables: [] };

	const rowsOf = (dimension: InsightDimension) =>
		figures.groups.filter((row) => row.dimension === dimension);
	const count = (rows: GroupRow[], key: keyof GroupRow) => rows.map((row) => Number(row[key] ?? 0));

	// Everyone is in one age band (`unknown` for an event of nobody on record): its totals are the
	// area's residents and all events, the whole each share of a breakdown is taken of.
	const age = groupsTable('age', rowsOf('age'), count, null);
	const wholes = Object.fromEntries(
		age.columns.map((column, c) => [column.key, age.totals?.[c] ?? null])
	) as Record<string, Figure>;
	const byResidents = residentDimensions.map((dimension) =>
		dimension === 'age'
			? age
			: // Someone with two needs is in two groups: that table has no total, its shares are of everyone.
				groupsTable(dimension, rowsOf(dimension), count, dimension === 'needs' ? wholes : null)
	);
	const reached = rowsOf('reached');
	const reachedTable = publishedTable(
		'reachedGroups',
		'reached',
		reached.map((row) => ({ kind: 'group', dimension: 'reached', group: row.group })),
		eventColumns(null),
		Object.fromEntries(eventMeasures.map((key) => [key, count(reached, key)])),
		true
	);
	const notHeard = residentDimensions.map((dimension) => {
		const rows = figures.notHeardFrom.filter((row) => row.dimension === dimension);
		return publishedTable(
			`${dimension}NotHeard`,
			dimension,
			rows.map((row) => ({ kind: 'group', dimension, group: row.group })),
			[
				{ key: 'residents', kind: 'count' },
				{ key: 'notHeardFrom', kind: 'count' }
			],
			{
				residents: rows.map((row) => row.population),
				notHeardFrom: rows.map((row) => row.notHeardFrom)
			},
			dimension !== 'needs'
		);
	});
	return { countedAt: figures.countedAt, tables: [...byResidents, reachedTable, ...notHeard] };
}

const eventMeasures = [
	'bookings',
	'cancellations',
	'lateCancellations',
	'noShows',
	'requests'
] as const;

/** Each event count beside its share (late cancellations are a part of cancellations: no share). */
function eventColumns(wholes: Record<string, Figure> | null): ColumnPlan[] {
	const share = (key: string) => shareOf(key, wholes ? (wholes[`${key}`] ?? null) : undefined);
	return [
		{ key: 'bookings', kind: 'count' },
		share('bookings'),
		{ key: 'cancellations', kind: 'count' },
		share('cancellations'),
		{ key: 'lateCancellations', kind: 'count' },
		{ key: 'noShows', kind: 'count' },
		share('noShows'),
		{ key: 'requests', kind: 'count' },
		share('requests')
	];
}

function groupsTable(
	dimension: ResidentDimension,
	rows: GroupRow[],
	count: (rows: GroupRow[], key: keyof GroupRow) => number[],
	wholes: Record<string, Figure> | null
): InsightTable {
	const plan: ColumnPlan[] = [
		{ key: 'residents', kind: 'count' },
		shareOf('residents', wholes ? (wholes.residents ?? null) : undefined),
		...eventColumns(wholes)
	];
	return publishedTable(
		`${dimension}Groups`,
		dimension,
		rows.map((row) => ({ kind: 'group', dimension, group: row.group })),
		plan,
		Object.fromEntries(
			['residents', ...eventMeasures].map((key) => [
				key,
				count(rows, key === 'residents' ? 'population' : (key as keyof GroupRow))
			])
		),
		wholes === null
	);
}
