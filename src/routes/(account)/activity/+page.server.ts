import { error } from '@sveltejs/kit';
import { may } from '$lib/server/access/policy';
import { activityOf } from '$lib/server/audit';
import type { PageServerLoad } from './$types';

const positive = (value: string | null) => {
	const number = Number(value);
	return Number.isSafeInteger(number) && number > 0 ? number : undefined;
};

export const load: PageServerLoad = async ({ locals, url }) => {
	// The log is the patient's own: nobody acting for them reads it.
	if (!may(locals, 'activity.view')) error(404, 'not found');
	const page = positive(url.searchParams.get('page')) ?? 1;
	const by = positive(url.searchParams.get('by'));
	return { ...(await activityOf(locals, { page, by })), page, by, me: locals.actor!.userId };
};
