// Every journey that keeps answers between its questions, each tied to whose care it is about
// (see drafts.ts), and clearing them all where whose care a session manages changes: signing
// out, choosing at /act-for, starting or ending an assisted session.
import type { Cookies } from '@sveltejs/kit';
import { bookingAnswers, bookingPath } from './booking-journey';
import { clearInvitationShown } from './invitation-shown';
import { contactAnswers } from '../requests/asking';
import { contactPath } from './contact-journey';
import { draftCookie } from './drafts';

/** Booking an appointment (/appointments/book). */
export const bookingDraft = draftCookie('booking', bookingPath, bookingAnswers);

/** Asking to see someone face to face (/contact). */
export const contactDraft = draftCookie('contact', contactPath, contactAnswers);

/**
 * Half-answered questions (which may say what someone needs, in their own words) and an
 * invitation code not yet shown are the last subject's: none is carried to the next.
 */
export function clearJourneys(cookies: Cookies, url: URL): void {
	bookingDraft.clear(cookies, url);
	contactDraft.clear(cookies, url);
	clearInvitationShown(cookies, url);
}
