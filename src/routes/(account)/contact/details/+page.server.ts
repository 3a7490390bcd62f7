import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { requestTextMaxLength } from '$lib/contact-requests';
import { parseForm, requiredText } from '$lib/server/forms';
import { contactStepHref, requireContactAnswers } from '$lib/server/web/contact-journey';
import { contactDraft } from '$lib/server/web/journeys';
import type { Actions, PageServerLoad } from './$types';

const detailsForm = v.object({
	details: v.pipe(
		requiredText('contact.errors.detailsMissing'),
		v.maxLength(requestTextMaxLength, 'contact.errors.detailsTooLong')
	)
});

export const load: PageServerLoad = ({ cookies, locals }) => {
	const draft = contactDraft.read(cookies, locals);
	requireContactAnswers(draft, 'details', locals);
	return { details: draft.details, maxLength: requestTextMaxLength };
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const draft = contactDraft.read(cookies, locals);
		requireContactAnswers(draft, 'details', locals);
		const form = parseForm(detailsForm, await request.formData());
		if (!form.ok) return fail(400, { errors: form.errors, values: form.values });
		contactDraft.save(cookies, url, locals, {
			...draft,
			...form.data,
			// Kept with the words, so staff know what language they were written in.
			detailsLanguage: locals.lang
		});
		redirect(303, contactStepHref('who'));
	}
};
