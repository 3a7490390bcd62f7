import { describe, expect, it } from 'vitest';
import { formatDate, formatShortDate, formatTime, formatWeekday } from './format';

// Monday 7 December 2026, in winter, so London is on UTC.
const nine = new Date('2026-12-07T09:00:00Z');
const afternoon = new Date('2026-12-07T16:31:00Z');

describe('dates and times', () => {
	it('are written in English as NHS.UK writes them', () => {
		expect(formatDate(nine, 'en')).toBe('Monday 7 December 2026');
		expect(formatTime(nine, 'en')).toBe('9am');
		expect(formatTime(afternoon, 'en')).toBe('4:31pm');
		expect(formatTime(new Date('2026-12-07T12:00:00Z'), 'en')).toBe('12pm');
		expect([1, 7].map((day) => formatWeekday(day, 'en'))).toEqual(['Monday', 'Sunday']);
		expect(formatWeekday(5, 'pl')).toBe('piątek');
	});

	// Hazard H-012: wrong times across the clock changes.
	it('are in London time, across the clock change', () => {
		expect(formatTime(new Date('2026-07-01T08:30:00Z'), 'en')).toBe('9:30am');
	});

	it('name the part of the day in Bengali’s own words and digits', () => {
		const time = formatTime(nine, 'bn');
		expect(time).toContain('৯:০০');
		expect(time).not.toMatch(/[AP]M/);
		expect(formatDate(nine, 'bn')).toContain('ডিসেম্বর');
	});

	it('keep 24 hours where the language counts them so, as Polish does', () => {
		expect(formatTime(afternoon, 'pl')).toBe('16:31');
		expect(formatDate(nine, 'pl')).toBe('poniedziałek, 7 grudnia 2026');
	});

	it('write Arabic times with Arabic day periods', () => {
		const time = formatTime(afternoon, 'ar');
		expect(time).toMatch(/\p{Script=Arabic}/u);
		expect(time).not.toMatch(/[AP]M/);
	});

	it('write a short date for text messages: short day and month, no year, in London', () => {
		expect(formatShortDate(nine, 'en')).toBe('Mon 7 Dec');
		// 11:30pm on 30 September in UTC is already 1 October in London.
		expect(formatShortDate(new Date('2026-09-30T23:30:00Z'), 'en')).toBe('Thu 1 Oct');
		expect(formatShortDate(nine, 'pl')).not.toContain('2026');
	});
});
