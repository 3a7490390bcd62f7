import { redirect } from '@sveltejs/kit';
import { parseChoice } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import { contactStepHref, requireContactAnswers } from '$lib/server/web/contact-journey';
import { serviceChoices } from '$lib/server/requests/choices';
import { contactDraft } from '$lib/server/web/journeys';
import type { Actions, PageServerLoad } from './$types';

async function answers(cookies: import('@sveltejs/kit').Cookies, locals: App.Locals) {
	const draft = contactDraft.read(cookies, locals);
	requireContactAnswers(draft, 'who', locals);
	return { draft, ...(await serviceChoices(locals, draft.topic!)) };
}

export const load: PageServerLoad = async ({ cookies, locals }) => {
	const { draft, services, ofCaring } = await answers(cookies, locals);
	return { services, ofCaring, chosen: draft.service };
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const { draft, services } = await answers(cookies, locals);
		const form = parseChoice(
			await request.formData(),
			'service',
			services.map((s) => s.id),
			'contact.errors.serviceMissing'
		);
		if (!form.ok) return formFailure(form);
		contactDraft.save(cookies, url, locals, { ...draft, service: form.data.service });
		redirect(303, contactStepHref('where'));
	}
};
