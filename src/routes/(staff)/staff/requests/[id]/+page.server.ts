import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { closeReasons, requestTextMaxLength } from '$lib/contact-requests';
import { parseForm, requiredChoice, requiredText } from '$lib/server/forms';
import {
	arrangedAppointment,
	assignRequest,
	closeRequest,
	messagePatient,
	openStatuses
} from '$lib/server/requests/requests';
import { staffRequestOrNotFound } from '$lib/server/requests/routes';
import type { Actions, PageServerLoad } from './$types';

/** Staff close a request; "cancelled by the patient" is the patient's to choose. */
const staffCloseReasons = closeReasons.filter((reason) => reason !== 'cancelled_by_patient');

const messageForm = v.object({
	message: v.pipe(
		requiredText('staff:requests.errors.messageMissing'),
		v.maxLength(requestTextMaxLength, 'staff:requests.errors.messageTooLong')
	)
});

const closeForm = v.object({
	reason: requiredChoice(staffCloseReasons, 'staff:requests.errors.reasonMissing'),
	note: v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		v.maxLength(requestTextMaxLength, 'staff:requests.errors.messageTooLong')
	)
});

export const load: PageServerLoad = ({ locals, params }) => {
	const detail = staffRequestOrNotFound(locals, params.id);
	return {
		detail,
		open: openStatuses.includes(detail.request.status),
		assignedToMe: detail.request.assignedToUserId === locals.actor?.userId,
		appointment: arrangedAppointment(detail),
		closeReasons: staffCloseReasons,
		maxLength: requestTextMaxLength
	};
};

/** What a change that found the request arranged or closed meanwhile says: see the timeline. */
function notOpen(action: string, values?: Record<string, string>) {
	return fail(409, {
		errors: [{ field: 'timeline', message: 'staff:requests.errors.notOpen' }],
		values: values ?? {},
		action
	});
}

export const actions: Actions = {
	assign: ({ locals, params }) => {
		const { request } = staffRequestOrNotFound(locals, params.id);
		const outcome = assignRequest(locals.actor, request.id);
		if (outcome !== 'done') return notOpen('assign');
		redirect(303, `/staff/requests/${request.id}`);
	},
	message: async ({ locals, params, request: post }) => {
		const { request } = staffRequestOrNotFound(locals, params.id);
		const form = parseForm(messageForm, await post.formData());
		if (!form.ok) return fail(400, { errors: form.errors, values: form.values, action: 'message' });
		const outcome = messagePatient(locals.actor, request.id, form.data.message);
		if (outcome !== 'done') return notOpen('message', form.data);
		redirect(303, `/staff/requests/${request.id}#timeline`);
	},
	close: async ({ locals, params, request: post }) => {
		const { request } = staffRequestOrNotFound(locals, params.id);
		const form = parseForm(closeForm, await post.formData());
		if (!form.ok) return fail(400, { errors: form.errors, values: form.values, action: 'close' });
		const outcome = closeRequest(locals.actor, request.id, {
			reason: form.data.reason,
			note: form.data.note
		});
		if (outcome !== 'done') return notOpen('close', form.data);
		redirect(303, `/staff/requests/${request.id}`);
	}
};
