import { redirect } from '@sveltejs/kit';
import { bookableServices } from '$lib/server/appointments/services';
import { stepHref } from '$lib/server/web/booking-journey';
import { parseChoice } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import { bookingDraft } from '$lib/server/web/journeys';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, locals }) => ({
	services: await bookableServices(locals),
	chosen: bookingDraft.read(cookies, locals).service
});

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const ids = (await bookableServices(locals)).map((service) => service.id);
		const form = parseChoice(
			await request.formData(),
			'service',
			ids,
			'booking.errors.serviceMissing'
		);
		if (!form.ok) return formFailure(form);
		// A new choice of service starts the later answers afresh.
		bookingDraft.save(cookies, url, locals, { service: form.data.service });
		redirect(303, stepHref('how'));
	}
};
