import { fail, redirect } from '@sveltejs/kit';
import { bookableServices } from '$lib/server/appointments/services';
import { chosen, stepHref } from '$lib/server/web/booking-journey';
import { bookingDraft } from '$lib/server/web/journeys';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ cookies, locals }) => ({
	services: bookableServices(locals),
	chosen: bookingDraft.read(cookies, locals).service
});

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const ids = bookableServices(locals).map((service) => String(service.id));
		const service = chosen(await request.formData(), 'service', ids);
		if (!service) {
			return fail(400, {
				errors: [{ field: 'service', message: 'booking.errors.serviceMissing' }]
			});
		}
		// A new choice of service starts the later answers afresh.
		bookingDraft.save(cookies, url, locals, { service: Number(service) });
		redirect(303, stepHref('how'));
	}
};
