import { error } from '@sveltejs/kit';
import { appointmentOf } from '$lib/server/appointments/queries';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
	const appointment = appointmentOf(locals, Number(params.id));
	if (!appointment) error(404, 'not found');
	return { appointment };
};
