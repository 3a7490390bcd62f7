import { error, redirect } from '@sveltejs/kit';
import { appointmentOf } from '$lib/server/appointments/queries';
import type { PageServerLoad } from './$types';

/** Where cancelling ends: a confirmation, only for an appointment that is cancelled. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const appointment = await appointmentOf(locals, Number(params.id));
	if (!appointment) error(404, 'not found');
	if (appointment.status !== 'cancelled') redirect(303, `/appointments/${appointment.id}`);
	return { appointment };
};
