// Insight tables as pages and CSV files show them: every figure already published (suppressed and
// rounded) by the domain, written out here in words and numbers. The page's table, its chart and
// its CSV are all made from the same InsightTable, so none can show what another hides.
import type { Translate } from '$lib/i18n';
import type { Figure, InsightRow, InsightTable } from '$lib/server/insight/tables';
import { isoDateInstant } from '$lib/time';

/** A table ready for the page: its words, headings and cells as text. */
export type ShownTable = {
	id: string;
	title: string;
	desc: string;
	headings: string[];
	rows: { heading: string; datetime: string | null; future: boolean; cells: string[] }[];
	totals: string[] | null;
	totalHeading: string;
	/** The chart's series: one a count or figure column, each value a number or none (`*`, –). */
	series: { name: string; values: (number | null)[] }[];
	/** The table's columns (after the rows' headings) the chart draws, by index. */
	charted: number[];
	/** The chart's labels, one a row: short ones for weeks. */
	labels: string[];
	/** The first row still to come (weeks), or null. */
	futureFrom: number | null;
	/** The largest the chart's axis must show, for percentage columns 100. */
	percent: boolean;
};

const numbers = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const percents = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const weekFormat = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/London',
	day: 'numeric',
	month: 'short',
	year: 'numeric'
});
const shortWeekFormat = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/London',
	day: 'numeric',
	month: 'short'
});

function figureText(figure: Figure, kind: string, none: string): string {
	if (figure === null) return none;
	if (figure.suppressed) return '*';
	return kind === 'percent' ? `${percents.format(figure.value)}%` : numbers.format(figure.value);
}

const languageNames = new Intl.DisplayNames('en-GB', { type: 'language', fallback: 'code' });

/** A group of residents in words: a language by its English name, others from the staff words. */
function groupName(dimension: string, group: string, t: Translate): string {
	if (dimension === 'language' && group !== 'not_recorded') {
		try {
			return languageNames.of(group) ?? group;
		} catch {
			return group;
		}
	}
	return t(`staff:insight.groups.${dimension}.${group}`, { defaultValue: group });
}

function rowHeading(row: InsightRow, t: Translate): string {
	if (row.kind === 'name') return row.name;
	if (row.kind === 'group') return groupName(row.dimension, row.group, t);
	const week = weekFormat.format(isoDateInstant(row.monday));
	return row.future ? t('staff:insight.futureWeek', { week }) : week;
}

/** The table as the page shows it, with the series its chart draws. */
export function shownTable(table: InsightTable, t: Translate, columns?: string[]): ShownTable {
	const noneOf = (index: number) => {
		const key = table.columns[index]!.noneKey;
		return key ? t(`staff:insight.${key}`) : '–';
	};
	const charted = table.columns
		.map((column, index) => ({ column, index }))
		.filter(({ column }) => (columns ? columns.includes(column.key) : true));
	const futureFrom = table.rows.findIndex((row) => row.kind === 'week' && row.future);
	return {
		id: table.id,
		title: t(`staff:insight.tables.${table.id}.title`),
		desc: t(`staff:insight.tables.${table.id}.desc`),
		headings: [
			t(`staff:insight.columns.${table.rowsHeading}`),
			...table.columns.map((column) => t(`staff:insight.columns.${column.key}`))
		],
		rows: table.rows.map((row, r) => ({
			heading: rowHeading(row, t),
			datetime: row.kind === 'week' ? row.monday : null,
			future: row.kind === 'week' && row.future,
			cells: table.cells[r]!.map((figure, c) =>
				figureText(figure, table.columns[c]!.kind, noneOf(c))
			)
		})),
		totals: table.totals
			? table.totals.map((figure, c) => figureText(figure, table.columns[c]!.kind, noneOf(c)))
			: null,
		totalHeading: t('staff:insight.total'),
		series: charted.map(({ column, index }) => ({
			name: t(`staff:insight.columns.${column.key}`),
			values: table.cells.map((row) => {
				const figure = row[index]!;
				return figure === null || figure.suppressed ? null : figure.value;
			})
		})),
		charted: charted.map(({ index }) => index),
		labels: table.rows.map((row) =>
			row.kind === 'week' ? shortWeekFormat.format(isoDateInstant(row.monday)) : rowHeading(row, t)
		),
		futureFrom: futureFrom >= 0 ? futureFrom : null,
		percent: charted.length > 0 && charted.every(({ column }) => column.kind === 'percent')
	};
}

/**
 * A field of a CSV file (RFC 4180): quoted when it holds a comma, quote or line break; a field
 * a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) starts with an apostrophe.
 */
function csvField(text: string): string {
	const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
	return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function csvFigure(figure: Figure): string {
	if (figure === null) return '';
	if (figure.suppressed) return '*';
	return String(Math.round(figure.value * 10) / 10);
}

/**
 * The table as a CSV file: the same published figures (`*` where the page shows one), plain
 * numbers (no thousands separators, percentages without the sign), weeks as ISO dates, and the
 * header row in the reader's words.
 */
export function insightCsv(table: InsightTable, t: Translate): string {
	const lines = [
		[
			t(`staff:insight.columns.${table.rowsHeading}`),
			...table.columns.map((column) => t(`staff:insight.columns.${column.key}`))
		],
		...table.rows.map((row, r) => [
			row.kind === 'week' ? row.monday : rowHeading(row, t),
			...table.cells[r]!.map(csvFigure)
		]),
		...(table.totals ? [[t('staff:insight.total'), ...table.totals.map(csvFigure)]] : [])
	];
	return lines.map((line) => line.map(csvField).join(',')).join('\r\n') + '\r\n';
}
