import { error } from '@sveltejs/kit';
import { sessionSummary } from '$lib/server/assist/assist';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	// Only the link worker's own ended sessions; any other id does not exist.
	const summary = await sessionSummary(locals.actor, Number(params.id));
	if (!summary) error(404, 'not found');
	return { summary };
};
