import { error, redirect } from '@sveltejs/kit';
import { recentCalls } from '$lib/server/fhir/calls';
import { revokeClient } from '$lib/server/fhir/clients';
import { fhirBase, tokenUrl } from '$lib/server/web/fhir';
import { systemOrNotFound } from '$lib/server/web/system-routes';
import type { Actions, PageServerLoad } from './$types';

/** Enough of a system's calls to see how it is getting on; every system's are at ../calls. */
const callsShown = 20;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const system = await systemOrNotFound(locals, Number(params.id));
	return {
		system,
		tokenUrl: tokenUrl(url),
		fhirBase: fhirBase(url),
		calls: await recentCalls(locals.actor, { clientRowId: system.id, limit: callsShown })
	};
};

export const actions: Actions = {
	withdraw: async ({ locals, params }) => {
		const system = await systemOrNotFound(locals, Number(params.id));
		// Already withdrawn (by another admin meanwhile, say): the page says so either way.
		if (!system.revokedAt && !(await revokeClient(locals.actor, system.id)))
			error(404, 'not found');
		redirect(303, `/staff/systems/${system.id}`);
	}
};
