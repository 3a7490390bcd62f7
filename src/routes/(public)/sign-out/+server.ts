import { invalidateSession } from '$lib/server/auth/session';
import { clearSessionCookie } from '$lib/server/web/cookies';
import { refuseOtherOrigins } from '$lib/server/web/origin';
import { recordSecurityEvent } from '$lib/server/security-log';
import { clearJourneys } from '$lib/server/web/journeys';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async (event) => {
	refuseOtherOrigins(event);
	const { locals, cookies, url, getClientAddress } = event;
	const shared = locals.session?.sharedDevice ?? false;
	if (locals.session) {
		await invalidateSession(locals.session.id);
		await recordSecurityEvent('signed_out', {
			userId: locals.session.userId,
			address: getClientAddress()
		});
	}
	clearSessionCookie(cookies, url);
	// Half-answered questions leave with the person.
	clearJourneys(cookies, url);
	return new Response(null, {
		status: 303,
		headers: {
			location: '/',
			// On a shared device, nothing personal stays in the browser for the next person.
			...(shared ? { 'clear-site-data': '"cache", "cookies", "storage"' } : {})
		}
	});
};
