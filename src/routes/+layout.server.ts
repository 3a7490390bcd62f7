import { directionOf } from '$lib/i18n/languages';
import type { LayoutServerLoad } from './$types';

// Every page is complete as server-rendered HTML with plain forms; no page needs the client
// framework, so none is sent. Enhancements arrive as small scripts of their own.
export const csr = false;

export const load: LayoutServerLoad = ({ locals, url }) => ({
	lang: locals.lang,
	dir: directionOf(locals.lang),
	signedIn: locals.actor !== null,
	via: locals.via,
	subjectName: locals.subject ? `${locals.subject.givenName} ${locals.subject.familyName}` : null,
	assistingUntil: locals.assistingUntil,
	/**
	 * Whose care the page shows, for the page script: copies kept on the device are of one
	 * person's pages, and are removed when the page shows someone else's care or no one's.
	 */
	subjectId: locals.subject?.patientId ?? null,
	/** Copies are never kept on a shared device, nor by a link worker helping someone. */
	mayKeepCopies:
		locals.subject !== null && !locals.session?.sharedDevice && locals.via !== 'assisted',
	/** Where the language chooser returns to. */
	here: url.pathname + url.search
});
