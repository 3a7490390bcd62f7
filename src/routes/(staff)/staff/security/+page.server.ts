import { error } from '@sveltejs/kit';
import { mayStaff } from '$lib/server/access/policy';
import { recentSecurityEvents } from '$lib/server/security-log';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!mayStaff(locals.actor, 'security_log.view')) error(404, 'not found');
	return { events: await recentSecurityEvents() };
};
