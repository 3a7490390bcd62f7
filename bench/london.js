// London wall-clock dates and times for bench scripts, as src/lib/time.ts writes diaries (the
// bench scripts are plain Node and cannot import the app's TypeScript).
import fs from 'node:fs';
import path from 'node:path';

const londonDay = new Intl.DateTimeFormat('en-CA', {
	timeZone: 'Europe/London',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit'
});
/** The London date (YYYY-MM-DD) of an instant. */
export const londonDate = (instant) => londonDay.format(instant);

const londonOffset = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/London',
	timeZoneName: 'longOffset'
});
function londonOffsetMs(instant) {
	const name = londonOffset.formatToParts(instant).find((part) => part.type === 'timeZoneName');
	const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name?.value ?? '');
	if (!match) return 0;
	const ms = (Number(match[2]) * 60 + Number(match[3])) * 60_000;
	return match[1] === '-' ? -ms : ms;
}

/** The instant (ms) of `minutes` past midnight on the London date `date` (YYYY-MM-DD). */
export function londonTime(date, minutes) {
	const [year, month, day] = date.split('-').map(Number);
	const asIfUtc = Date.UTC(year, month - 1, day, 0, minutes);
	const first = asIfUtc - londonOffsetMs(new Date(asIfUtc));
	return asIfUtc - londonOffsetMs(new Date(first));
}

/** The ISO date `days` after `date` (negative: before). */
export function addDays(date, days) {
	const [year, month, day] = date.split('-').map(Number);
	return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** ISO weekday of an ISO date, 1 (Monday) to 7 (Sunday). */
export function isoWeekday(date) {
	const [year, month, day] = date.split('-').map(Number);
	return new Date(Date.UTC(year, month - 1, day)).getUTCDay() || 7;
}

// The app's own list of bank holidays (src/lib/bank-holidays.ts), read from its source so that
// there is one list: diaries are closed on them, as the app's are.
const bankHolidays = new Set(
	fs
		.readFileSync(path.resolve(import.meta.dirname, '../src/lib/bank-holidays.ts'), 'utf8')
		.match(/\d{4}-\d{2}-\d{2}/g)
);

/** A weekday that is not a bank holiday in England, as `isWorkingDay` in src/lib/time.ts. */
export const isWorkingDay = (date) => isoWeekday(date) <= 5 && !bankHolidays.has(date);
