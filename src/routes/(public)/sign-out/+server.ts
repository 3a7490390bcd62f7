import { redirect } from '@sveltejs/kit';
import { clearDraft } from '$lib/server/appointments/journey';
import { invalidateSession } from '$lib/server/auth/session';
import { clearSessionCookie } from '$lib/server/cookies';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ locals, cookies, url }) => {
	if (locals.session) invalidateSession(locals.session.id);
	clearSessionCookie(cookies, url);
	// Half-answered booking questions (which may say what someone needs) leave with the person.
	clearDraft(cookies);
	redirect(303, '/');
};
