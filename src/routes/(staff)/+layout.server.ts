import { enforceArea } from '$lib/server/access/guards';
import { areaOfRoute } from '$lib/server/access/policy';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, url, route }) => {
	// Insight lives here but is an area of its own (policy.ts, areaOfRoute).
	enforceArea(locals, route.id && areaOfRoute(route.id) === 'insight' ? 'insight' : 'staff', url);
};
