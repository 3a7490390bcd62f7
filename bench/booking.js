// What the bench scripts need to drive booking as a browser does, without walking the journey's
// forms each time: the answers cookie the journey keeps (src/lib/server/web/drafts.ts), and the
// London calendar day a slot falls on, as the day question names it.

/**
 * Booking's answers cookie, as the app keeps it: the answers about patient `subject` given by
 * user `actor` (the patient's own account, for someone booking for themselves).
 */
export const bookingCookie = ({ actor, subject }, answers) =>
	`booking=${Buffer.from(JSON.stringify({ actor, subject, answers })).toString('base64url')}`;

const londonDay = new Intl.DateTimeFormat('en-CA', {
	timeZone: 'Europe/London',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit'
});

/** The London calendar day (YYYY-MM-DD) of an instant. */
export const londonDate = (instant) => londonDay.format(instant);
