// Bank holidays in England and Wales, where Joined Up's services are, as GOV.UK publishes them
// (https://www.gov.uk/bank-holidays.json, division `england-and-wales`). Copied here because the
// app runs without reaching other sites; add each new year when GOV.UK publishes it.
const englandAndWales = new Set([
	'2025-01-01',
	'2025-04-18',
	'2025-04-21',
	'2025-05-05',
	'2025-05-26',
	'2025-08-25',
	'2025-12-25',
	'2025-12-26',
	'2026-01-01',
	'2026-04-03',
	'2026-04-06',
	'2026-05-04',
	'2026-05-25',
	'2026-08-31',
	'2026-12-25',
	'2026-12-28',
	'2027-01-01',
	'2027-03-26',
	'2027-03-29',
	'2027-05-03',
	'2027-05-31',
	'2027-08-30',
	'2027-12-27',
	'2027-12-28',
	'2028-01-03',
	'2028-04-14',
	'2028-04-17',
	'2028-05-01',
	'2028-05-29',
	'2028-08-28',
	'2028-12-25',
	'2028-12-26'
]);

/** The last date the list above covers: past it, no bank holiday is known. */
export const bankHolidaysKnownUntil = '2028-12-31';

/** Is this calendar date (YYYY-MM-DD) a bank holiday in England and Wales? */
export function isBankHoliday(date: string): boolean {
	return englandAndWales.has(date);
}
