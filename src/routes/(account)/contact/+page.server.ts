import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { requestTextMaxLength, requestTopics } from '$lib/contact-requests';
import { isUnlinkedSelf } from '$lib/server/access';
import { parseForm, requiredChoice, requiredText } from '$lib/server/forms';
import { contactStepHref, requireContactAnswers } from '$lib/server/requests/journey';
import { requestsOf } from '$lib/server/requests/requests';
import { contactDraft } from '$lib/server/web/journeys';
import type { Actions, PageServerLoad } from './$types';

const aboutForm = v.object({
	topic: requiredChoice(requestTopics, 'contact.errors.topicMissing'),
	details: v.pipe(
		requiredText('contact.errors.detailsMissing'),
		v.maxLength(requestTextMaxLength, 'contact.errors.detailsTooLong')
	)
});

export const load: PageServerLoad = ({ cookies, locals }) => {
	const draft = contactDraft.read(cookies, locals);
	// Someone whose account has no record yet says who they are first.
	requireContactAnswers(draft, 'about', locals);
	return {
		topic: draft.topic,
		details: draft.details,
		maxLength: requestTextMaxLength,
		// Someone with no record yet answered "Who are you?" first.
		back: isUnlinkedSelf(locals) ? contactStepHref('identity') : '/',
		requests: requestsOf(locals)
	};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const draft = contactDraft.read(cookies, locals);
		requireContactAnswers(draft, 'about', locals);
		const form = parseForm(aboutForm, await request.formData());
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
