import { error, fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { closeReasons, requestTextMaxLength, type StatedIdentity } from '$lib/contact-requests';
import { findResident, foundResident } from '$lib/server/assist/assist';
import { residentDetails } from '$lib/server/assist/forms';
import { formatNhsNumber } from '$lib/server/assist/nhs-number';
import { formatDate } from '$lib/i18n/format';
import { takeResidentSearch } from '$lib/server/assist/resident-search';
import { parseForm, requiredChoice, requiredText } from '$lib/server/forms';
import {
	assignRequest,
	closeRequest,
	matchRequest,
	messagePatient
} from '$lib/server/requests/answering';
import { arrangedAppointment, openStatuses } from '$lib/server/requests/timeline';
import { staffRequestOrNotFound } from '$lib/server/web/request-routes';
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

/** What they said about who they are, as rows to show (null where they gave nothing). */
function statedRows(stated: StatedIdentity | null): [key: string, value: string | null][] {
	if (!stated) return [];
	return [
		['assist.givenName', stated.givenName],
		['assist.familyName', stated.familyName],
		['assist.dateOfBirth', formatDate(new Date(`${stated.dateOfBirth}T12:00:00Z`), 'en')],
		['assist.postcode', stated.postcode],
		['assist.nhsNumber', stated.nhsNumber ? formatNhsNumber(stated.nhsNumber) : null]
	];
}

export const load: PageServerLoad = ({ locals, params }) => {
	const detail = staffRequestOrNotFound(locals, params.id);
	const unmatched = detail.patientId === null;
	return {
		detail,
		// Asked before the account reached a record: who they said they are, and the record
		// found by exact details (if one was), to match it to.
		unmatched,
		statedRows: statedRows(detail.request.statedIdentity),
		found: unmatched && locals.session ? foundResident(locals.actor, locals.session) : null,
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
	// The record is found by exact details, as link workers and staff find patients: one search
	// from the same allowance, logged, whether or not it finds anyone.
	find: async ({ locals, params, request: post, getClientAddress }) => {
		const { request } = staffRequestOrNotFound(locals, params.id);
		if (!locals.session) error(403, 'forbidden');
		const form = parseForm(residentDetails, await post.formData());
		if (!form.ok) return fail(400, { errors: form.errors, values: form.values, action: 'find' });
		if (await takeResidentSearch(locals.actor!, getClientAddress(), 'staff_match')) {
			return fail(429, {
				errors: [{ field: 'givenName', message: 'staff:carePlans.errors.tooManySearches' }],
				values: form.values,
				action: 'find'
			});
		}
		if (!findResident(locals.actor!, locals.session.id, form.data)) {
			return fail(400, {
				errors: [{ field: 'givenName', message: 'staff:requests.errors.notFound' }],
				values: form.values,
				action: 'find'
			});
		}
		redirect(303, `/staff/requests/${request.id}#match`);
	},
	match: ({ locals, params }) => {
		const { request } = staffRequestOrNotFound(locals, params.id);
		const found = locals.session ? foundResident(locals.actor, locals.session) : null;
		if (!found) {
			return fail(400, {
				errors: [{ field: 'givenName', message: 'staff:requests.errors.findFirst' }],
				values: {},
				action: 'find'
			});
		}
		matchRequest(locals.actor, request.id, found);
		redirect(303, `/staff/requests/${request.id}`);
	},
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
