// Clock times in Europe/London, where Joined Up's services are. Instants are stored in UTC;
// diaries are written in London wall-clock time, which moves an hour at the clock changes.
import { isBankHoliday } from './bank-holidays';

export const serviceTimeZone = 'Europe/London';

const offsetFormat = new Intl.DateTimeFormat('en-GB', {
	timeZone: serviceTimeZone,
	timeZoneName: 'longOffset'
});
const dateFormat = new Intl.DateTimeFormat('en-CA', {
	timeZone: serviceTimeZone,
	year: 'numeric',
	month: '2-digit',
	day: '2-digit'
});

/** Minutes London is ahead of UTC at this instant: 0 in winter, 60 in summer. */
export function londonOffsetMinutes(instant: Date): number {
	const name = offsetFormat.formatToParts(instant).find((part) => part.type === 'timeZoneName');
	const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name?.value ?? '');
	if (!match) return 0;
	const minutes = Number(match[2]) * 60 + Number(match[3]);
	return match[1] === '-' ? -minutes : minutes;
}

/** The instant a London wall-clock time happens, e.g. `londonTime('2026-03-30', '09:00')`. */
export function londonTime(date: string, time: string): Date {
	const [year, month, day] = date.split('-').map(Number);
	const [hour, minute] = time.split(':').map(Number);
	const asIfUtc = Date.UTC(year!, month! - 1, day!, hour!, minute!);
	// Take the offset at the guess, then again at the corrected instant, which settles it even
	// on the days the clocks change.
	const first = asIfUtc - londonOffsetMinutes(new Date(asIfUtc)) * 60_000;
	return new Date(asIfUtc - londonOffsetMinutes(new Date(first)) * 60_000);
}

/** The London calendar date of an instant, as YYYY-MM-DD. */
export function londonDate(instant: Date): string {
	return dateFormat.format(instant);
}

/** A calendar date some days after another, as YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
	const [year, month, day] = date.split('-').map(Number);
	return new Date(Date.UTC(year!, month! - 1, day! + days)).toISOString().slice(0, 10);
}

/** Day of the week of a calendar date: 1 Monday … 7 Sunday. */
export function isoWeekday(date: string): number {
	const [year, month, day] = date.split('-').map(Number);
	return ((new Date(Date.UTC(year!, month! - 1, day!)).getUTCDay() + 6) % 7) + 1;
}

/** The Monday of the week a calendar date is in: UK weeks start on Monday. */
export function mondayOf(date: string): string {
	return addDays(date, 1 - isoWeekday(date));
}

/** A calendar date as an instant at London midday, for formatting as a date whatever the zone. */
export function isoDateInstant(date: string): Date {
	return new Date(`${date}T12:00:00Z`);
}

/** A real calendar date written YYYY-MM-DD: not 2027-13-01, nor 30 February. */
export function isCalendarDate(date: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
	const [year, month, day] = date.split('-').map(Number);
	const instant = new Date(Date.UTC(year!, month! - 1, day!));
	return instant.toISOString().slice(0, 10) === date;
}

/** A working day: Monday to Friday, and not a bank holiday in England and Wales. */
export function isWorkingDay(date: string): boolean {
	return isoWeekday(date) <= 5 && !isBankHoliday(date);
}

/**
 * The working day that comes `days` working days after a date; the date itself never counts.
 */
export function addWorkingDays(date: string, days: number): string {
	let day = date;
	for (let counted = 0; counted < days;) {
		day = addDays(day, 1);
		if (isWorkingDay(day)) counted++;
	}
	return day;
}
