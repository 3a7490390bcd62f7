// Where the signed-in person's account is signed in, and signing any of those devices out. Only
// ever the actor's own sessions: every query is scoped to their account.
import { redirect } from '@sveltejs/kit';
import { endOtherSessions, endSessionOf, sessionsOf } from '$lib/server/auth/session';
import { recordSecurityEvent } from '$lib/server/security-log';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const current = locals.session!.id;
	return {
		devices: (await sessionsOf(locals.actor!.userId)).map(({ id, ...device }) => ({
			...device,
			// The public half of a session's token only names it; it cannot be used to sign in.
			id,
			current: id === current
		})),
		notice: url.searchParams.get('done')
	};
};

export const actions: Actions = {
	signOut: async ({ locals, request, getClientAddress }) => {
		const id = String((await request.formData()).get('device') ?? '');
		const userId = locals.actor!.userId;
		// This device signs out with the header's button; another's id, or a stale one, ends nothing.
		if (id !== locals.session!.id && (await endSessionOf(userId, id))) {
			await recordSecurityEvent('session_ended', {
				userId,
				address: getClientAddress(),
				reason: 'signed_out_elsewhere'
			});
		}
		redirect(303, '/settings/devices?done=signedOut');
	},
	signOutOthers: async ({ locals, getClientAddress }) => {
		const userId = locals.actor!.userId;
		if ((await endOtherSessions(userId, locals.session!.id)) > 0) {
			await recordSecurityEvent('session_ended', {
				userId,
				address: getClientAddress(),
				reason: 'signed_out_elsewhere'
			});
		}
		redirect(303, '/settings/devices?done=signedOutOthers');
	}
};
