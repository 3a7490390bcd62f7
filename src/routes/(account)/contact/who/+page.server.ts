import { fail, redirect } from '@sveltejs/kit';
import { chosen } from '$lib/server/web/booking-journey';
import { contactStepHref, requireContactAnswers } from '$lib/server/web/contact-journey';
import { serviceChoices } from '$lib/server/requests/choices';
import { contactDraft } from '$lib/server/web/journeys';
import type { Actions, PageServerLoad } from './$types';

function answers(cookies: import('@sveltejs/kit').Cookies, locals: App.Locals) {
	const draft = contactDraft.read(cookies, locals);
	requireContactAnswers(draft, 'who', locals);
	return { draft, ...serviceChoices(locals, draft.topic!) };
}

export const load: PageServerLoad = ({ cookies, locals }) => {
	const { draft, services, ofCaring } = answers(cookies, locals);
	return { services, ofCaring, chosen: draft.service };
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const { draft, services } = answers(cookies, locals);
		const service = chosen(
			await request.formData(),
			'service',
			services.map((s) => String(s.id))
		);
		if (!service) {
			return fail(400, {
				errors: [{ field: 'service', message: 'contact.errors.serviceMissing' }]
			});
		}
		contactDraft.save(cookies, url, locals, { ...draft, service: Number(service) });
		redirect(303, contactStepHref('where'));
	}
};
