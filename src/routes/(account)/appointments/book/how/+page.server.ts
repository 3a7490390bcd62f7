import { redirect } from '@sveltejs/kit';
import { needsPlace, serviceOf } from '$lib/server/appointments/services';
import { requireAnswers, stepHref } from '$lib/server/web/booking-journey';
import { parseChoice } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import { bookingDraft } from '$lib/server/web/journeys';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, locals }) => {
	const draft = bookingDraft.read(cookies, locals);
	requireAnswers(draft, 'how');
	const service = await serviceOf(draft);
	if (!service) redirect(303, stepHref('service'));
	return { modes: service.modes, chosen: draft.mode };
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const draft = bookingDraft.read(cookies, locals);
		const service = await serviceOf(draft);
		if (!service) redirect(303, stepHref('service'));
		const form = parseChoice(
			await request.formData(),
			'mode',
			service.modes,
			'booking.errors.modeMissing'
		);
		if (!form.ok) return formFailure(form);
		const { mode } = form.data;
		bookingDraft.save(cookies, url, locals, { service: service.id, mode, needs: draft.needs });
		redirect(303, stepHref(needsPlace(mode) ? 'where' : 'day'));
	}
};
