import { redirect } from '@sveltejs/kit';
import { readInvitationShown } from '$lib/server/web/invitation-shown';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ cookies }) => {
	const shown = readInvitationShown(cookies);
	if (!shown) redirect(303, '/people');
	return { shown: { ...shown, expiresAt: new Date(shown.expiresAt) } };
};
