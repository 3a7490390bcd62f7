import { describe, expect, it } from 'vitest';
import { weekOfDays } from './availability';

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
