import { redirect } from '@sveltejs/kit';
import { formFailure } from '$lib/server/web/forms';
import { arrangeRequest, timesToArrange } from '$lib/server/requests/answering';
import { openStatuses } from '$lib/server/requests/timeline';
import { staffRequestOrNotFound } from '$lib/server/web/request-routes';
import type { Actions, PageServerLoad } from './$types';

/** Enough times to choose from on one page; the rest are further off. */
const timesShown = 40;

export const load: PageServerLoad = async ({ locals, params }) => {
	const detail = await staffRequestOrNotFound(locals, Number(params.id));
	// Only an open request, matched to a record, is arranged: a booking is for a patient.
	if (!openStatuses.includes(detail.request.status) || detail.patientId === null)
		redirect(303, `/staff/requests/${detail.request.id}`);
	return {
		id: detail.request.id,
		name: `${detail.givenName} ${detail.familyName}`,
		service: detail.service,
		place: detail.request.place,
		times: (await timesToArrange(detail)).slice(0, timesShown)
	};
};

const failureMessages: Record<string, string> = {
	'slot-taken': 'staff:requests.errors.slotTaken',
	'slot-unavailable': 'staff:requests.errors.slotTaken',
	'in-the-past': 'staff:requests.errors.slotTaken',
	overlaps: 'staff:requests.errors.overlaps',
	'not-open': 'staff:requests.errors.notOpen',
	'not-matched': 'staff:requests.errors.notMatched'
};

export const actions: Actions = {
	default: async ({ locals, params, request: post }) => {
		const { request } = await staffRequestOrNotFound(locals, Number(params.id));
		const slot = Number((await post.formData()).get('slot'));
		if (!Number.isInteger(slot) || slot <= 0) {
			return formFailure({ field: 'slot', message: 'staff:requests.errors.slotMissing' });
		}
		const outcome = await arrangeRequest(locals.actor, request.id, slot);
		if (outcome === 'done') redirect(303, `/staff/requests/${request.id}`);
		return formFailure(
			{ field: 'slot', message: failureMessages[outcome] ?? 'staff:requests.errors.slotTaken' },
			{},
			409
		);
	}
};
