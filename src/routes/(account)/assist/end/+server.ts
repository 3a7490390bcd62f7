import { redirect } from '@sveltejs/kit';
import { endAssistedSession } from '$lib/server/assist/assist';
import { refuseOtherOrigins } from '$lib/server/web/origin';
import { clearJourneys } from '$lib/server/web/journeys';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async (event) => {
	refuseOtherOrigins(event);
	const { cookies, locals, url } = event;
	const { actor, session } = locals;
	const ended =
		actor && session?.assistedSessionId
			? await endAssistedSession(actor, session.id, session.assistedSessionId)
			: null;
	// What was half-answered for the resident ends with their session.
	clearJourneys(cookies, url);
	redirect(303, ended ? `/assist/summary/${ended}` : '/assist');
};
