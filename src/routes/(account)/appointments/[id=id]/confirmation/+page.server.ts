import { error } from '@sveltejs/kit';
import { appointmentOf } from '$lib/server/appointments/queries';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const appointment = await appointmentOf(locals, Number(params.id));
	if (!appointment) error(404, 'not found');
	return { appointment };
};
