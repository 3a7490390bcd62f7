// "Enter your password again": asked before changing who may act for someone or how they are
// contacted, when the password was last typed in this session over 15 minutes ago.
import { redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { confirmOwnPassword } from '$lib/server/auth/accounts';
import { notePasswordGiven } from '$lib/server/auth/session';
import { parseForm } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import { safeReturnPath } from '$lib/server/web/redirects';
import { recordSecurityEvent } from '$lib/server/security-log';
import type { Actions, PageServerLoad } from './$types';

const confirmation = v.object({
	password: v.pipe(v.optional(v.string(), ''), v.nonEmpty('signIn.errors.passwordMissing'))
});

export const load: PageServerLoad = ({ url }) => ({
	back: safeReturnPath(url.searchParams.get('cancel'), '/settings')
});

export const actions: Actions = {
	default: async (event) => {
		const { locals, request, url } = event;
		const form = parseForm(confirmation, await request.formData());
		if (!form.ok) return formFailure(form);

		const user = locals.user!;
		const address = event.getClientAddress();
		const confirmed = await confirmOwnPassword(user, form.data.password, address);
		if (confirmed !== 'right') {
			const message =
				confirmed === 'wrong' ? 'confirmPassword.errors.wrong' : 'signIn.errors.tooManyTries';
			return formFailure({ field: 'password', message }, {}, confirmed === 'wrong' ? 400 : 429);
		}
		await notePasswordGiven(locals.session!.id);
		await recordSecurityEvent('password_confirmed', { userId: user.id, address });
		redirect(303, safeReturnPath(url.searchParams.get('returnTo'), '/settings'));
	}
};
