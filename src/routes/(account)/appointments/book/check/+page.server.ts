import { error, redirect } from '@sveltejs/kit';
import { formFailure } from '$lib/server/web/forms';
import { oneTimeToken } from '$lib/server/forms';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { londonDate } from '$lib/time';
import { slotAndPlace } from '$lib/server/appointments/availability';
import { bookSlot, earlierBooking } from '$lib/server/appointments/booking';
import { sameServiceThatWeek } from '$lib/server/appointments/queries';
import { serviceOf } from '$lib/server/appointments/services';
import {
	freeSlotFor,
	freeSlotsFor,
	requireAnswers,
	stepHref,
	type Draft
} from '$lib/server/web/booking-journey';
import { bookingDraft } from '$lib/server/web/journeys';
import type { FieldError } from '$lib/forms';
import type { Actions, PageServerLoad } from './$types';

async function chosenSlot(draft: Draft) {
	requireAnswers(draft, 'check');
	const service = await serviceOf(draft);
	const slot = draft.slot === undefined ? undefined : await slotAndPlace(draft.slot);
	if (!service || !slot || slot.slot.serviceId !== service.id || slot.slot.mode !== draft.mode) {
		redirect(303, stepHref('service'));
	}
	return { service, ...slot };
}

/** The free times nearest the one just taken, so the person can choose again at once. */
async function nearestFreeTimes(draft: Draft, taken: Date) {
	return (await freeSlotsFor(draft, 'check')).slots
		.sort(
			(a, b) =>
				Math.abs(a.startsAt.getTime() - taken.getTime()) -
				Math.abs(b.startsAt.getTime() - taken.getTime())
		)
		.slice(0, 5)
		.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** Every failure of the booking form has one shape, so the page can tell them apart. */
export type BookingProblem = {
	errors: FieldError[];
	taken: boolean;
	nearest: { id: number; startsAt: Date }[];
};

export const load: PageServerLoad = async ({ cookies, locals }) => {
	const draft = bookingDraft.read(cookies, locals);
	const { service, slot, location } = await chosenSlot(draft);
	const token = new Uint8Array(20);
	crypto.getRandomValues(token);
	return {
		service: { name: service.name, organisation: service.organisation },
		mode: slot.mode,
		place: draft.location === undefined ? null : location,
		startsAt: slot.startsAt,
		needs: draft.needs ?? {},
		alreadyBooked: await sameServiceThatWeek(locals, service.id, slot.startsAt),
		// One-time: the same form sent twice books once.
		bookingToken: encodeBase32LowerCaseNoPadding(token)
	};
};

export const actions: Actions = {
	book: async ({ request, cookies, locals, url }) => {
		const bookingToken = oneTimeToken((await request.formData()).get('bookingToken'));
		// Sent again after it booked (the answers are gone by then): show the same confirmation.
		const earlier = bookingToken ? await earlierBooking(locals, bookingToken) : undefined;
		if (earlier) redirect(303, `/appointments/${earlier.id}/confirmation`);
		const draft = bookingDraft.read(cookies, locals);
		const { slot } = await chosenSlot(draft);
		const result = await bookSlot(locals, {
			slotId: slot.id,
			needs: draft.needs ?? {},
			bookingToken
		});
		if (result.ok) {
			bookingDraft.clear(cookies, url);
			redirect(303, `/appointments/${result.appointment.id}/confirmation`);
		}
		switch (result.reason) {
			case 'not-permitted':
				error(404, 'not found');
			// eslint-disable-next-line no-fallthrough
			case 'overlaps':
				return formFailure({ field: 'change-when', message: 'booking.errors.overlaps' }, {}, 409);
			default:
				// Taken a moment ago, blocked or passed: offer the nearest free times instead.
				return formFailure(
					[],
					{
						taken: true,
						nearest: (await nearestFreeTimes(draft, slot.startsAt)).map((free) => ({
							id: free.id,
							startsAt: free.startsAt
						}))
					} satisfies Omit<BookingProblem, 'errors'>,
					409
				);
		}
	},
	choose: async ({ request, cookies, url, locals }) => {
		const draft = bookingDraft.read(cookies, locals);
		const id = Number((await request.formData()).get('slot'));
		const slot = await freeSlotFor(draft, 'time', id);
		if (!slot) redirect(303, stepHref('day'));
		bookingDraft.save(cookies, url, locals, {
			...draft,
			day: londonDate(slot.startsAt),
			slot: slot.id
		});
		redirect(303, stepHref('check'));
	}
};
