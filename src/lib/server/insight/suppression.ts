// Small-number suppression for every figure the insight pages publish, after NHS England's
// disclosure control for Hospital Episode Statistics (NHS Digital, "Disclosure control methodology
// for HES and ECDS", from September 2018; the HES Analysis Guide):
// - a count from 1 to 7 is shown as `*`;
// - every other count is rounded to the nearest 5;
// - 0 stays 0: a true zero names nobody, and rounding it to the nearest 5 gives 0 anyway;
// - totals are summed from the unrounded counts, then rounded (never summed from rounded ones);
// - a percentage is worked out from the rounded counts, and is `*` when either is;
// - a mean or other figure worked out from 1 to 7 people is `*`.
// NHS Digital's 2018 method relies on rounding instead of secondary suppression. The issue asks
// for secondary suppression as well, so a table whose rows or columns have a published total
// hides a second cell wherever a total would otherwise leave one `*` alone in its line.
// Pure: no database, no page.

/** A published count: a rounded number, or suppressed (`*`). */
export type Published = { suppressed: false; value: number } | { suppressed: true };

export const smallestShown = 8;

/** One count on its own (no total beside it): `*` from 1 to 7, else rounded to the nearest 5. */
export function publishCount(count: number): Published {
	if (!Number.isFinite(count) || count < 0) throw new RangeError(`not a count: ${count}`);
	if (count === 0) return { suppressed: false, value: 0 };
	if (count < smallestShown) return { suppressed: true };
	return { suppressed: false, value: Math.round(count / 5) * 5 };
}

/**
 * A percentage of two published counts (part of whole), from their rounded values: null when it
 * cannot be worked out (either suppressed, or nothing to take a share of).
 */
export function publishedPercentage(part: Published, whole: Published): number | null {
	if (part.suppressed || whole.suppressed || whole.value === 0) return null;
	return (part.value / whole.value) * 100;
}

/** A figure worked out from `people` values (a mean): null (shown `*`) from 1 to 7 of them. */
export function publishFromFew(value: number | null, people: number): number | null {
	if (people === 0 || value === null) return null;
	return people < smallestShown ? null : value;
}

/** A table of counts: rows (groups, weeks) by columns (measures). */
export type CountTable = {
	cells: number[][];
	/** Which totals the table publishes: each row's (across), each column's (down), or both. */
	totals: { rows?: boolean; columns?: boolean };
};

export type PublishedTable = {
	cells: Published[][];
	/** Each row's total, when the table publishes them. */
	rowTotals: Published[] | null;
	/** Each column's total, when the table publishes them. */
	columnTotals: Published[] | null;
	/** The grand total, when both are published. */
	grandTotal: Published | null;
};

/**
 * A whole table made safe to publish. Cells are suppressed or rounded one by one; then, in each
 * line (a row, when rows have published totals; a column, when columns have) where exactly one
 * cell is suppressed, the smallest other non-zero cell is suppressed as well, so that the total
 * less the others cannot give the hidden count back. A second suppression can leave another line
 * with one alone, so this repeats until no line has one. Totals are never suppressed for this:
 * they come from unrounded counts and are rounded themselves (and `*` when 1 to 7).
 */
export function publishTable(table: CountTable): PublishedTable {
	const { cells, totals } = table;
	const width = cells[0]?.length ?? 0;
	if (cells.some((row) => row.length !== width)) throw new RangeError('rows of unequal length');
	const hidden = cells.map((row) => row.map((count) => count > 0 && count < smallestShown));

	/** Hides a second cell in a line with one hidden; true when it changed something. */
	const protect = (line: [number, number][]): boolean => {
		const hiddenInLine = line.filter(([r, c]) => hidden[r]![c]);
		if (hiddenInLine.length !== 1) return false;
		const candidates = line
			.filter(([r, c]) => !hidden[r]![c] && cells[r]![c]! > 0)
			.sort(([ra, ca], [rb, cb]) => cells[ra]![ca]! - cells[rb]![cb]!);
		const next = candidates[0];
		if (!next) return false;
		hidden[next[0]]![next[1]] = true;
		return true;
	};

	const rows = cells.map((row, r) => row.map((_, c): [number, number] => [r, c]));
	const columns = Array.from({ length: width }, (_, c) =>
		cells.map((_, r): [number, number] => [r, c])
	);
	let changed = true;
	while (changed) {
		changed = false;
		if (totals.rows) for (const line of rows) changed = protect(line) || changed;
		if (totals.columns) for (const line of columns) changed = protect(line) || changed;
	}

	const published = cells.map((row, r) =>
		row.map((count, c): Published => {
			if (hidden[r]![c]) return { suppressed: true };
			return publishCount(count);
		})
	);
	const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
	const rowTotals = totals.rows ? cells.map((row) => publishCount(sum(row))) : null;
	const columnTotals = totals.columns
		? Array.from({ length: width }, (_, c) => publishCount(sum(cells.map((row) => row[c]!))))
		: null;
	const grandTotal =
		totals.rows && totals.columns ? publishCount(sum(cells.map((row) => sum(row)))) : null;
	return { cells: published, rowTotals, columnTotals, grandTotal };
}

/** A published count as text: `*` when suppressed, else the number in the reader's language. */
export function publishedText(published: Published, format: (value: number) => string): string {
	return published.suppressed ? '*' : format(published.value);
}
