// Dates and times as the reader writes them, always in London time where the services are.
import { serviceTimeZone } from '$lib/time';

/** English here is British English: 14:30 and 23 November, as UK services write them. */
function intlLocale(language: string): string {
	return language === 'en' ? 'en-GB' : language;
}

export function formatDate(instant: Date, language: string): string {
	return new Intl.DateTimeFormat(intlLocale(language), {
		timeZone: serviceTimeZone,
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		year: 'numeric'
	}).format(instant);
}

export function formatTime(instant: Date, language: string): string {
	return new Intl.DateTimeFormat(intlLocale(language), {
		timeZone: serviceTimeZone,
		hour: 'numeric',
		minute: '2-digit'
	}).format(instant);
}

/** The name of a day of the week (1 Monday … 7 Sunday), in the reader's language. */
export function formatWeekday(isoWeekday: number, language: string): string {
	// 1 January 2024 was a Monday.
	return new Intl.DateTimeFormat(intlLocale(language), { timeZone: 'UTC', weekday: 'long' }).format(
		new Date(Date.UTC(2024, 0, isoWeekday))
	);
}

/** An appointment reference as people read it aloud: `KX7 R2P`. */
export function formatReference(reference: string): string {
	return `${reference.slice(0, 3)} ${reference.slice(3)}`;
}

/** An invitation code in two halves, easier to copy: `KX7R2 P9MQA`. */
export function formatInvitationCode(code: string): string {
	return `${code.slice(0, 5)} ${code.slice(5)}`;
}
