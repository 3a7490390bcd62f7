import { error } from '@sveltejs/kit';
import { may } from '$lib/server/access/policy';
import { appointmentOf, isPastCutOff } from '$lib/server/appointments/queries';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const appointment = await appointmentOf(locals, Number(params.id));
	if (!appointment) error(404, 'not found');
	return {
		appointment,
		canManage: may(locals, 'appointments.manage'),
		canChangeOnline: appointment.status === 'booked' && !isPastCutOff(appointment),
		changed: url.searchParams.has('changed')
	};
};
