// Forgotten password, step 3: the new password, set once with the secret the right code gave
// this browser. Every session of the account ends; the person signs in afresh.
import { redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { identifiersOf, limitKeyOf } from '$lib/server/identifier';
import { grantIsOpen, resetPassword } from '$lib/server/auth/password-reset';
import { clearResetCookies, resetGrantCookieName } from '$lib/server/web/cookies';
import { newPassword, parseForm } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import { forgetTries } from '$lib/server/limits';
import { recordSecurityEvent } from '$lib/server/security-log';
import type { Actions, PageServerLoad } from './$types';

const passwordForm = v.object({ password: newPassword });

export const load: PageServerLoad = async ({ cookies, locals }) => {
	if (locals.actor) redirect(303, '/settings/password');
	if (!(await grantIsOpen(cookies.get(resetGrantCookieName) ?? '')))
		redirect(303, '/sign-in/reset');
};

export const actions: Actions = {
	default: async (event) => {
		const { cookies, request, url } = event;
		const grant = cookies.get(resetGrantCookieName) ?? '';
		if (!(await grantIsOpen(grant))) redirect(303, '/sign-in/reset');
		const form = parseForm(passwordForm, await request.formData());
		if (!form.ok) return formFailure(form);

		const user = await resetPassword(grant, form.data.password);
		// Only a second tab racing this one finds the grant gone: it starts again.
		if (!user) redirect(303, '/sign-in/reset');
		await recordSecurityEvent('password_reset', {
			userId: user.id,
			address: event.getClientAddress()
		});
		// Wrong passwords counted before the reset no longer keep its owner out.
		for (const identifier of identifiersOf(user)) {
			await forgetTries('signInAccount', limitKeyOf(identifier));
		}
		clearResetCookies(cookies, url);
		redirect(303, '/sign-in?done=passwordReset');
	}
};
