import { redirect } from '@sveltejs/kit';
import { endAssistedSession } from '$lib/server/assist/assist';
import { refuseOtherOrigins } from '$lib/server/origin';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) => {
	refuseOtherOrigins(event);
	const { locals } = event;
	const { actor, session } = locals;
	const ended =
		actor && session?.assistedSessionId
			? endAssistedSession(actor, session.id, session.assistedSessionId)
			: null;
	redirect(303, ended ? `/assist/summary/${ended}` : '/assist');
};
