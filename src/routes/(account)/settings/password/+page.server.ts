// Changing the password: the current one, then the new one. Every session of the account ends,
// here too, and this browser carries on in a new session (as after signing in).
import { redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { changePassword, confirmOwnPassword } from '$lib/server/auth/accounts';
import { startSession } from '$lib/server/web/cookies';
import { newPassword, parseForm } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import { recordSecurityEvent } from '$lib/server/security-log';
import type { Actions } from './$types';

const passwordChange = v.object({
	currentPassword: v.pipe(
		v.optional(v.string(), ''),
		v.nonEmpty('changePassword.errors.currentMissing')
	),
	password: newPassword
});

export const actions: Actions = {
	default: async (event) => {
		const { locals, request } = event;
		const form = parseForm(passwordChange, await request.formData());
		if (!form.ok) return formFailure(form);

		const user = locals.user!;
		const address = event.getClientAddress();
		const confirmed = await confirmOwnPassword(user, form.data.currentPassword, address);
		if (confirmed !== 'right') {
			const message =
				confirmed === 'wrong' ? 'changePassword.errors.currentWrong' : 'signIn.errors.tooManyTries';
			return formFailure(
				{ field: 'currentPassword', message },
				{},
				confirmed === 'wrong' ? 400 : 429
			);
		}
		const { sharedDevice, keptSignedIn } = locals.session!;
		await changePassword(user, form.data.password);
		await recordSecurityEvent('password_changed', { userId: user.id, address });
		// This browser's session ended with the rest; a new one keeps it signed in.
		await startSession(event, user.id, { sharedDevice, keepSignedIn: keptSignedIn });
		redirect(303, '/settings?done=passwordChanged');
	}
};
