// The weeks insight counts in: the last 26 (this one included) and the next 4, each from
// Monday 00:00 in London, as the diaries are written.
import { addDays, londonDate, londonTime, mondayOf } from '$lib/time';

export const pastWeeks = 26;
export const nextWeeks = 4;

export type Week = {
	/** The week's Monday, a London date. */
	monday: string;
	startsAt: Date;
	endsAt: Date;
	/** The week this is, or one still to come. */
	future: boolean;
};

/** The 30 weeks of insight around `now`, oldest first. */
export function insightWeeks(now = new Date()): Week[] {
	const thisMonday = mondayOf(londonDate(now));
	return Array.from({ length: pastWeeks + nextWeeks }, (_, i) => {
		const monday = addDays(thisMonday, (i - (pastWeeks - 1)) * 7);
		return {
			monday,
			startsAt: londonTime(monday, '00:00'),
			endsAt: londonTime(addDays(monday, 7), '00:00'),
			future: i >= pastWeeks
		};
	});
}

/** The index of the week an instant falls in, or -1 outside them all. */
export function weekIndexOf(weeks: Week[], instant: Date | number): number {
	const at = typeof instant === 'number' ? instant : instant.getTime();
	let low = 0;
	let high = weeks.length - 1;
	while (low <= high) {
		const mid = (low + high) >> 1;
		const week = weeks[mid]!;
		if (at < week.startsAt.getTime()) high = mid - 1;
		else if (at >= week.endsAt.getTime()) low = mid + 1;
		else return mid;
	}
	return -1;
}
