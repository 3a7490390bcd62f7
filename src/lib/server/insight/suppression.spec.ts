import { describe, expect, it } from 'vitest';
import {
	publishCount,
	publishFromFew,
	publishTable,
	publishedPercentage,
	publishedText,
	type Published
} from './suppression';

const shown = (value: number): Published => ({ suppressed: false, value });
const star: Published = { suppressed: true };

describe('publishCount', () => {
	it('keeps 0 as 0: a true zero names nobody', () => {
		expect(publishCount(0)).toEqual(shown(0));
	});

	it('shows 1 to 7 as suppressed', () => {
		expect(publishCount(1)).toEqual(star);
		expect(publishCount(7)).toEqual(star);
	});

	it('rounds 8 and above to the nearest 5', () => {
		expect(publishCount(8)).toEqual(shown(10));
		expect(publishCount(12)).toEqual(shown(10));
		expect(publishCount(13)).toEqual(shown(15));
		expect(publishCount(1_002)).toEqual(shown(1_000));
	});

	it('refuses what is not a count', () => {
		expect(() => publishCount(-1)).toThrow(RangeError);
		expect(() => publishCount(Number.NaN)).toThrow(RangeError);
	});

	it('writes a suppressed count as *', () => {
		expect(publishedText(publishCount(3), String)).toBe('*');
		expect(publishedText(publishCount(13), String)).toBe('15');
	});
});

describe('percentages', () => {
	it('are worked out from the rounded counts, not the true ones', () => {
		// 13 of 22 is 59.1%; published, 15 of 20 is 75%.
		expect(publishedPercentage(publishCount(13), publishCount(22))).toBe(75);
	});

	it('cannot be worked out from a suppressed count or from nothing', () => {
		expect(publishedPercentage(publishCount(5), publishCount(40))).toBeNull();
		expect(publishedPercentage(publishCount(10), publishCount(6))).toBeNull();
		expect(publishedPercentage(publishCount(0), publishCount(0))).toBeNull();
	});

	it('a mean of 1 to 7 people is suppressed', () => {
		expect(publishFromFew(2.5, 7)).toBeNull();
		expect(publishFromFew(2.5, 8)).toBe(2.5);
		expect(publishFromFew(null, 0)).toBeNull();
	});
});

describe('publishTable', () => {
	it('hides a second cell where a row total would give one suppressed cell back', () => {
		// 3 + 20 + 40 = 63: with 20, 40 and the total shown, 3 could be worked out.
		const table = publishTable({ cells: [[3, 20, 40]], totals: { rows: true } });
		expect(table.cells[0]).toEqual([star, star, shown(40)]);
		expect(table.rowTotals).toEqual([shown(65)]);
		expect(table.columnTotals).toBeNull();
	});

	it('needs no second suppression when no total is published, or two are hidden already', () => {
		expect(publishTable({ cells: [[3, 20, 40]], totals: {} }).cells[0]).toEqual([
			star,
			shown(20),
			shown(40)
		]);
		expect(publishTable({ cells: [[3, 5, 40]], totals: { rows: true } }).cells[0]).toEqual([
			star,
			star,
			shown(40)
		]);
	});

	it('never hides a zero for it, and follows a second suppression into its column', () => {
		const table = publishTable({
			cells: [
				[4, 0, 30, 9],
				[50, 60, 70, 11]
			],
			totals: { rows: true, columns: true }
		});
		// Row 1 hides 9 beside 4; column 4 then has 9 alone, so 11 goes too; row 2 then has 11
		// alone, so its smallest other (50) goes; column 1 has 4 and 50: two, safe.
		expect(table.cells).toEqual([
			[star, shown(0), shown(30), star],
			[star, shown(60), shown(70), star]
		]);
		expect(table.columnTotals).toEqual([shown(55), shown(60), shown(100), shown(20)]);
		expect(table.grandTotal).toEqual(shown(235));
	});

	it('suppresses a total of 1 to 7 itself', () => {
		const table = publishTable({ cells: [[2], [3]], totals: { columns: true } });
		expect(table.cells).toEqual([[star], [star]]);
		expect(table.columnTotals).toEqual([star]);
	});

	it('refuses rows of unequal length', () => {
		expect(() => publishTable({ cells: [[1, 2], [3]], totals: {} })).toThrow(RangeError);
	});
});
