import { enforceArea } from '$lib/server/access/guards';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, url }) => {
	enforceArea(locals, 'account', url);
};
