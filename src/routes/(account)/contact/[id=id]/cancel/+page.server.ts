import { redirect } from '@sveltejs/kit';
import { formFailure } from '$lib/server/web/forms';
import { cancelRequest } from '$lib/server/requests/asking';
import { openStatuses } from '$lib/server/requests/timeline';
import { requestOrNotFound } from '$lib/server/web/request-routes';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const { request, service } = await requestOrNotFound(locals, Number(params.id));
	// Only an open request can be cancelled; otherwise show the request as it is.
	if (!openStatuses.includes(request.status)) redirect(303, `/contact/${request.id}`);
	return { id: request.id, topic: request.topic, service };
};

export const actions: Actions = {
	default: async ({ locals, params }) => {
		const { request } = await requestOrNotFound(locals, Number(params.id));
		const outcome = await cancelRequest(locals, request.id);
		if (outcome === 'not-open') {
			return formFailure({ field: 'cancel', message: 'contact.errors.notOpen' }, {}, 409);
		}
		redirect(303, `/contact/${request.id}`);
	}
};
