import { redirect } from '@sveltejs/kit';
import { parseChoice } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import { rescheduleAppointment } from '$lib/server/appointments/booking';
import { changeTimesOn } from '$lib/server/web/change-appointment';
import type { Actions, PageServerLoad } from './$types';

async function timesOn(locals: App.Locals, id: number, day: string | null) {
	const { appointment, times } = await changeTimesOn(locals, id, day);
	if (times.length === 0) redirect(303, `/appointments/${appointment.id}/change`);
	return { appointment, times };
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { appointment, times } = await timesOn(
		locals,
		Number(params.id),
		url.searchParams.get('day')
	);
	return {
		id: appointment.id,
		changing: { service: appointment.service, startsAt: appointment.startsAt },
		day: times[0]!.startsAt,
		times
	};
};

export const actions: Actions = {
	default: async ({ locals, params, request, url }) => {
		const { appointment, times } = await timesOn(
			locals,
			Number(params.id),
			url.searchParams.get('day')
		);
		const form = parseChoice(
			await request.formData(),
			'slot',
			times.map((slot) => slot.id),
			'booking.errors.slotMissing'
		);
		if (!form.ok) return formFailure(form);
		const result = await rescheduleAppointment(locals, appointment.id, form.data.slot);
		if (result.ok) redirect(303, `/appointments/${appointment.id}?changed`);
		if (result.reason === 'slot-taken') {
			return formFailure({ field: 'slot', message: 'booking.takenTitle' }, {}, 409);
		}
		if (result.reason === 'overlaps') {
			return formFailure({ field: 'slot', message: 'booking.errors.overlaps' }, {}, 409);
		}
		// Too late, cancelled meanwhile, or no longer theirs: the appointment's page says which.
		redirect(303, `/appointments/${appointment.id}`);
	}
};
