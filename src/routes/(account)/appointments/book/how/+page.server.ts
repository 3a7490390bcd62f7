import { fail, redirect } from '@sveltejs/kit';
import { needsPlace, serviceOf, type AppointmentMode } from '$lib/server/appointments/services';
import { chosen, requireAnswers, stepHref } from '$lib/server/web/booking-journey';
import { bookingDraft } from '$lib/server/web/journeys';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ cookies, locals }) => {
	const draft = bookingDraft.read(cookies, locals);
	requireAnswers(draft, 'how');
	const service = serviceOf(draft);
	if (!service) redirect(303, stepHref('service'));
	return { modes: service.modes, chosen: draft.mode };
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const draft = bookingDraft.read(cookies, locals);
		const service = serviceOf(draft);
		if (!service) redirect(303, stepHref('service'));
		const mode = chosen(await request.formData(), 'mode', service.modes) as AppointmentMode | null;
		if (!mode)
			return fail(400, { errors: [{ field: 'mode', message: 'booking.errors.modeMissing' }] });
		bookingDraft.save(cookies, url, locals, { service: service.id, mode, needs: draft.needs });
		redirect(303, stepHref(needsPlace(mode) ? 'where' : 'day'));
	}
};
