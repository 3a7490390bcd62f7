import { redirect } from '@sveltejs/kit';
import { foundOrBack } from '$lib/server/web/found-resident';
import { readInvitationShown } from '$lib/server/web/invitation-shown';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, locals }) => {
	const resident = await foundOrBack(locals);
	const shown = readInvitationShown(cookies);
	if (!shown) redirect(303, '/assist/relationship');
	return { resident, shown: { ...shown, expiresAt: new Date(shown.expiresAt) } };
};
