import { error, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { cancelAppointment } from '$lib/server/appointments/booking';
import { isPastCutOff, manageableAppointmentOf } from '$lib/server/appointments/queries';
import { parseForm } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import type { Actions, PageServerLoad } from './$types';

const cancellation = v.object({
	reason: v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		v.maxLength(500, 'appointments.errors.reasonTooLong')
	)
});

export const load: PageServerLoad = async ({ locals, params }) => {
	const appointment = await manageableAppointmentOf(locals, Number(params.id));
	if (!appointment) error(404, 'not found');
	if (appointment.status !== 'booked') redirect(303, `/appointments/${appointment.id}`);
	return { appointment, tooLate: isPastCutOff(appointment) };
};

export const actions: Actions = {
	default: async ({ locals, params, request }) => {
		const id = Number(params.id);
		const form = parseForm(cancellation, await request.formData());
		if (!form.ok) return formFailure(form);
		const result = await cancelAppointment(locals, id, form.data.reason || null);
		if (result.ok) redirect(303, `/appointments/${id}/cancelled`);
		if (result.reason === 'not-booked') redirect(303, `/appointments/${id}`);
		if (result.reason === 'not-found' || result.reason === 'not-permitted') error(404, 'not found');
		// Too late: the page now says to phone, and shows the number.
		return formFailure([], { values: { reason: form.data.reason } }, 409);
	}
};
