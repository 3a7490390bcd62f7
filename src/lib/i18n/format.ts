// Dates and times as the reader writes them, always in London time where the services are.
import { serviceTimeZone } from '$lib/time';

/** English here is British English: 23 November, as UK services write it. */
function intlLocale(language: string): string {
	return language === 'en' ? 'en-GB' : language;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const shortDateFormats = new Map<string, Intl.DateTimeFormat>();
const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** A date format in London time for `language`, made once and kept in `formats`. */
function dateFormatIn(
	formats: Map<string, Intl.DateTimeFormat>,
	language: string,
	options: Intl.DateTimeFormatOptions
): Intl.DateTimeFormat {
	let format = formats.get(language);
	if (!format) {
		format = new Intl.DateTimeFormat(intlLocale(language), {
			timeZone: serviceTimeZone,
			...options
		});
		formats.set(language, format);
	}
	return format;
}

const dateFormat = (language: string) =>
	dateFormatIn(dateFormats, language, {
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		year: 'numeric'
	});

/**
 * A time in the way each language writes one. A language that counts hours in twelve names the
 * part of the day in its own words (Bengali "সকাল ৯:৩০", never a Latin "AM" among its digits);
 * one that counts in 24 keeps them.
 */
function timeFormat(language: string): Intl.DateTimeFormat {
	let format = timeFormats.get(language);
	if (!format) {
		const locale = intlLocale(language);
		const twelveHours = ['h11', 'h12'].includes(
			new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hourCycle ?? ''
		);
		format = new Intl.DateTimeFormat(locale, {
			timeZone: serviceTimeZone,
			hour: 'numeric',
			minute: '2-digit',
			// English as NHS.UK writes it: twelve hours, "9am" and "4:31pm" (made from the parts).
			...(language === 'en'
				? { hourCycle: 'h12' as const }
				: twelveHours
					? { dayPeriod: 'short' as const }
					: {})
		});
		timeFormats.set(language, format);
	}
	return format;
}

/** A date in full: "Monday 7 December 2026" in English (NHS.UK style, no comma). */
export function formatDate(instant: Date, language: string): string {
	const format = dateFormat(language);
	if (language !== 'en') return format.format(instant);
	// Split once: each split is the costly part of formatting (a profile found it on every page).
	const parts = format.formatToParts(instant);
	const part = (type: Intl.DateTimeFormatPartTypes) =>
		parts.find((found) => found.type === type)?.value ?? '';
	return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`;
}

/**
 * A date as a text message gives it, where every character costs: the short day and month, no
 * year ("Wed 30 Sept" in English), for times at most weeks away.
 */
export function formatShortDate(instant: Date, language: string): string {
	return dateFormatIn(shortDateFormats, language, {
		weekday: 'short',
		day: 'numeric',
		month: 'short'
	}).format(instant);
}

/** A time of day in London: "9am" and "4:31pm" in English, each language's own way elsewhere. */
export function formatTime(instant: Date, language: string): string {
	const format = timeFormat(language);
	if (language !== 'en') return format.format(instant);
	const parts = format.formatToParts(instant);
	const part = (type: Intl.DateTimeFormatPartTypes) =>
		parts.find((found) => found.type === type)?.value ?? '';
	const minute = part('minute');
	return `${part('hour')}${minute === '00' ? '' : `:${minute}`}${part('dayPeriod').toLowerCase()}`;
}

const weekdayNames = new Map<string, string[]>();

/** The name of a day of the week (1 Monday … 7 Sunday), in the reader's language. */
export function formatWeekday(isoWeekday: number, language: string): string {
	let names = weekdayNames.get(language);
	if (!names) {
		// Named once for each language: making a format is far dearer than using one.
		const format = new Intl.DateTimeFormat(intlLocale(language), {
			timeZone: 'UTC',
			weekday: 'long'
		});
		// 1 January 2024 was a Monday.
		names = [1, 2, 3, 4, 5, 6, 7].map((day) => format.format(new Date(Date.UTC(2024, 0, day))));
		weekdayNames.set(language, names);
	}
	return names[isoWeekday - 1] ?? '';
}

/** An appointment reference as people read it aloud: `KX7 R2P`. */
export function formatReference(reference: string): string {
	return `${reference.slice(0, 3)} ${reference.slice(3)}`;
}

/** An invitation code in two halves, easier to copy: `KX7R2 P9MQA`. */
export function formatInvitationCode(code: string): string {
	return `${code.slice(0, 5)} ${code.slice(5)}`;
}
