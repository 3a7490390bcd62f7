import { may } from '$lib/server/access/policy';
import { appointmentsOf } from '$lib/server/appointments/queries';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	hasPatientRecord: locals.subject !== null,
	canBook: may(locals, 'appointments.manage'),
	...(await appointmentsOf(locals))
});
