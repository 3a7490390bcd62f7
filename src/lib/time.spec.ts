import { describe, expect, it } from 'vitest';
import {
	addDays,
	addWorkingDays,
	isCalendarDate,
	isWorkingDay,
	mondayOf,
	isoWeekday,
	londonDate,
	londonOffsetMinutes,
	londonTime
} from './time';

describe('London time', () => {
	it('is UTC in winter and an hour ahead in summer', () => {
		expect(londonOffsetMinutes(new Date('2026-01-15T12:00:00Z'))).toBe(0);
		expect(londonOffsetMinutes(new Date('2026-07-15T12:00:00Z'))).toBe(60);
	});

	// Hazard H-012: wrong times across the clock changes.
	it('turns wall-clock times into the right instants on both sides of the clock changes', () => {
		// Clocks go forward at 01:00 UTC on 29 March 2026 and back at 01:00 UTC on 25 October.
		expect(londonTime('2026-03-28', '09:00').toISOString()).toBe('2026-03-28T09:00:00.000Z');
		expect(londonTime('2026-03-30', '09:00').toISOString()).toBe('2026-03-30T08:00:00.000Z');
		expect(londonTime('2026-10-24', '09:00').toISOString()).toBe('2026-10-24T08:00:00.000Z');
		expect(londonTime('2026-10-26', '09:00').toISOString()).toBe('2026-10-26T09:00:00.000Z');
	});

	it('gives the London calendar date, which can differ from the UTC one', () => {
		expect(londonDate(new Date('2026-07-15T23:30:00Z'))).toBe('2026-07-16');
		expect(londonDate(new Date('2026-01-15T23:30:00Z'))).toBe('2026-01-15');
	});

	it('counts days across month ends and knows the weekday', () => {
		expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
		expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
		expect(isoWeekday('2026-11-23')).toBe(1);
		expect(isoWeekday('2026-11-29')).toBe(7);
	});
});

describe('calendar dates', () => {
	it('accepts real dates only', () => {
		expect(isCalendarDate('2028-02-29')).toBe(true);
		expect(isCalendarDate('2027-02-29')).toBe(false);
		expect(isCalendarDate('2027-13-01')).toBe(false);
		expect(isCalendarDate('2027-1-01')).toBe(false);
		expect(isCalendarDate('')).toBe(false);
	});
});

describe('weeks and working days', () => {
	it('start weeks on Monday, as the UK does', () => {
		expect(mondayOf('2026-12-06')).toBe('2026-11-30'); // a Sunday
		expect(mondayOf('2026-12-07')).toBe('2026-12-07');
		expect(mondayOf('2026-12-09')).toBe('2026-12-07');
	});

	it('leave out weekends and bank holidays in England and Wales', () => {
		expect(isWorkingDay('2026-12-24')).toBe(true);
		expect(isWorkingDay('2026-12-25')).toBe(false); // Christmas Day
		expect(isWorkingDay('2026-12-26')).toBe(false); // a Saturday
		expect(isWorkingDay('2026-12-28')).toBe(false); // Boxing Day, moved to the Monday
		expect(addWorkingDays('2026-12-24', 2)).toBe('2026-12-30');
	});
});
