import { displayIdentifier } from '$lib/server/auth/identifier';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (!locals.user) return { account: null };
	return {
		account: {
			identifier: displayIdentifier(locals.user),
			role: locals.user.role,
			givenName: locals.subject?.givenName ?? null,
			hasPatientRecord: locals.subject !== null
		}
	};
};
