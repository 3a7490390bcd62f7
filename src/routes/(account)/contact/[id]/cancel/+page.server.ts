import { fail, redirect } from '@sveltejs/kit';
import { cancelRequest } from '$lib/server/requests/asking';
import { openStatuses } from '$lib/server/requests/timeline';
import { requestOrNotFound } from '$lib/server/web/request-routes';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
	const { request, service } = requestOrNotFound(locals, params.id);
	// Only an open request can be cancelled; otherwise show the request as it is.
	if (!openStatuses.includes(request.status)) redirect(303, `/contact/${request.id}`);
	return { id: request.id, topic: request.topic, service };
};

export const actions: Actions = {
	default: async ({ locals, params }) => {
		const { request } = requestOrNotFound(locals, params.id);
		const outcome = cancelRequest(locals, request.id);
		if (outcome === 'not-open') {
			return fail(409, { errors: [{ field: 'cancel', message: 'contact.errors.notOpen' }] });
		}
		redirect(303, `/contact/${request.id}`);
	}
};
