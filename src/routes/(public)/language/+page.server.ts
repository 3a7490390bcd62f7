import { redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { isLanguageCode, languages, type LanguageCode } from '$lib/i18n/languages';
import { setAccountLanguage } from '$lib/server/auth/accounts';
import { setLanguageCookie } from '$lib/server/web/cookies';
import { parseForm } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import { safeReturnPath } from '$lib/server/web/redirects';
import type { Actions, PageServerLoad } from './$types';

const choice = v.object({
	language: v.pipe(
		v.optional(v.string(), ''),
		v.check((value) => isLanguageCode(value), 'language.errors.missing'),
		v.transform((value) => value as LanguageCode)
	),
	returnTo: v.optional(v.string(), '/')
});

export const load: PageServerLoad = ({ locals, url }) => ({
	languages,
	current: locals.lang,
	returnTo: safeReturnPath(url.searchParams.get('returnTo'))
});

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const form = parseForm(choice, await request.formData());
		if (!form.ok) return formFailure(form);
		const { language } = form.data;
		setLanguageCookie(cookies, url, language);
		if (locals.actor) await setAccountLanguage(locals, language);
		redirect(303, safeReturnPath(form.data.returnTo));
	}
};
