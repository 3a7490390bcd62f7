import { enforceJourney } from '$lib/server/access/guards';
import { requestsOf } from '$lib/server/requests/asking';
import type { PageServerLoad } from './$types';

// The subject's requests to be seen, for those who may make them (or an account with no record
// yet, its own); each followed at /contact/[id].
export const load: PageServerLoad = async ({ locals, route }) => {
	enforceJourney(locals, route.id);
	return { requests: await requestsOf(locals) };
};
