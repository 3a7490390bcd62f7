import { redirect } from '@sveltejs/kit';
import { formFailure } from '$lib/server/web/forms';
import { countTry, heldBack } from '$lib/server/limits';
import { acceptInvitation } from '$lib/server/people/people';
import { recordSecurityEvent } from '$lib/server/security-log';
import type { Actions } from './$types';

const failures = {
	'unknown-code': 'people.errors.codeUnknown',
	'own-invitation': 'people.errors.ownInvitation'
} as const;

export const actions: Actions = {
	default: async ({ locals, request, getClientAddress }) => {
		const code = String((await request.formData()).get('code') ?? '').trim();
		if (!code) {
			return formFailure(
				{ field: 'code', message: 'people.errors.codeMissing' },
				{ values: { code } }
			);
		}
		// Codes are short enough to type, so guessing them is held back after a few misses.
		const who = String(locals.actor!.userId);
		const tooMany = { field: 'code', message: 'people.errors.codeTooManyTries' };
		if (await heldBack('invitationCode', who))
			return formFailure(tooMany, { values: { code } }, 429);
		const result = await acceptInvitation(locals.actor!, code);
		if (!result.ok) {
			await recordSecurityEvent('invitation_code_failed', {
				userId: locals.actor!.userId,
				address: getClientAddress()
			});
			if (await countTry('invitationCode', who)) {
				return formFailure(tooMany, { values: { code } }, 429);
			}
			return formFailure({ field: 'code', message: failures[result.reason] }, { values: { code } });
		}
		redirect(303, '/people?done=accepted');
	}
};
