import { appointmentsOf } from '$lib/server/appointments/queries';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({
	hasPatientRecord: locals.subject !== null,
	...appointmentsOf(locals)
});
