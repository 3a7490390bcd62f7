// The shape every insight table has, on the page and in its CSV: rows (weeks, services or
// groups) by columns (measures), every count already suppressed and rounded (suppression.ts).
// Pages draw a chart from the same figures, so a chart never shows what its table hides.
import { publishTable, publishedPercentage, type Published } from './suppression';

/** A published figure: a count (maybe `*`), a percentage or a number of days; null for none. */
export type Figure = Published | null;

export type ColumnKind = 'count' | 'percent' | 'days';

export type InsightColumn = {
	/** The column's heading, a key under `staff:insight.columns`. */
	key: string;
	kind: ColumnKind;
	/** What an empty cell says, a key under `staff:insight`; a dash without it. */
	noneKey?: string;
};

/**
 * A row's heading: a week (its Monday, a London date), a name from the directory, or a group of
 * residents (a stable code of a breakdown, groups.ts) that the page puts in words.
 */
export type InsightRow =
	| { kind: 'week'; monday: string; future: boolean }
	| { kind: 'name'; name: string }
	| { kind: 'group'; dimension: string; group: string };

export type InsightTable = {
	/** Its address in the CSV download (`?table=`), and its key under `staff:insight.tables`. */
	id: string;
	/** The heading of the rows' column, a key under `staff:insight.columns`. */
	rowsHeading: string;
	columns: InsightColumn[];
	rows: InsightRow[];
	cells: Figure[][];
	/** The totals row, when the table has one. */
	totals: Figure[] | null;
};

/** A count column, or a figure worked out from counts already published on the same row. */
export type ColumnPlan =
	| { key: string; kind: 'count' }
	| { key: string; kind: 'percent'; part: string; whole: string }
	/** A row's share of a whole: the column's published total, or a figure published elsewhere. */
	| { key: string; kind: 'share'; part: string; of?: Figure }
	| {
			key: string;
			kind: 'days';
			value: (row: number) => Figure;
			total?: Figure;
			noneKey?: string;
	  };

/**
 * A table of counts made safe to publish: the count columns suppressed together (with column
 * totals, and the secondary suppression they need, when `totals`), then each percentage from the
 * published counts of its row (or a row's share of its column's published total).
 */
export function publishedTable(
	id: string,
	rowsHeading: string,
	rows: InsightRow[],
	plan: ColumnPlan[],
	counts: Record<string, number[]>,
	totals: boolean
): InsightTable {
	const countKeys = plan.filter((column) => column.kind === 'count').map((column) => column.key);
	const published = publishTable({
		cells: rows.map((_, r) => countKeys.map((key) => counts[key]![r]!)),
		totals: { columns: totals }
	});
	const countAt = (row: Published[], key: string) => row[countKeys.indexOf(key)]!;
	const line = (row: Published[], r: number | null): Figure[] =>
		plan.map((column): Figure => {
			if (column.kind === 'count') return countAt(row, column.key);
			if (column.kind === 'percent' || column.kind === 'share') {
				const whole =
					column.kind === 'percent'
						? countAt(row, column.whole)
						: (column.of ??
							(published.columnTotals ? countAt(published.columnTotals, column.part) : null));
				if (!whole) return null;
				const percent = publishedPercentage(countAt(row, column.part), whole);
				return percent === null ? null : { suppressed: false, value: percent };
			}
			return r === null ? (column.total ?? null) : column.value(r);
		});
	return {
		id,
		rowsHeading,
		columns: plan.map((column) => ({
			key: column.key,
			kind: column.kind === 'share' ? 'percent' : column.kind,
			...(column.kind === 'days' && column.noneKey ? { noneKey: column.noneKey } : {})
		})),
		rows,
		cells: published.cells.map((row, r) => line(row, r)),
		totals: published.columnTotals ? line(published.columnTotals, null) : null
	};
}
