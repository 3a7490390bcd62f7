import { error, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { closeReasons, requestTextMaxLength, type StatedIdentity } from '$lib/contact-requests';
import { findResident, foundResident } from '$lib/server/assist/assist';
import { residentDetails } from '$lib/server/assist/forms';
import { formatNhsNumber } from '$lib/server/assist/nhs-number';
import { formatDate } from '$lib/i18n/format';
import { takeResidentSearch } from '$lib/server/assist/resident-search';
import { parseForm, oneOf, requiredText } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import {
	assignRequest,
	closeRequest,
	matchRequest,
	messagePatient
} from '$lib/server/requests/answering';
import { arrangedAppointment, openStatuses } from '$lib/server/requests/timeline';
import { repliesAbout } from '$lib/server/texts/staff';
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
	reason: oneOf(staffCloseReasons, 'staff:requests.errors.reasonMissing'),
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

export const load: PageServerLoad = async ({ locals, params }) => {
	const detail = await staffRequestOrNotFound(locals, Number(params.id));
	const unmatched = detail.patientId === null;
	return {
		detail,
		// Asked before the account reached a record: who they said they are, and the record
		// found by exact details (if one was), to match it to.
		unmatched,
		statedRows: statedRows(detail.request.statedIdentity),
		found: unmatched && locals.session ? await foundResident(locals.actor, locals.session) : null,
		open: openStatuses.includes(detail.request.status),
		assignedToMe: detail.request.assignedToUserId === locals.actor?.userId,
		appointment: await arrangedAppointment(detail),
		// Asked for by replying to a text about an appointment: the replies that led here.
		textReplies: detail.request.askedByTextAbout
			? ((await repliesAbout([detail.request.askedByTextAbout]))[detail.request.askedByTextAbout] ??
				[])
			: [],
		closeReasons: staffCloseReasons,
		maxLength: requestTextMaxLength
	};
};

/** What a change that found the request arranged or closed meanwhile says: see the timeline. */
function notOpen(action: string, values?: Record<string, string>) {
	return formFailure(
		{ field: 'timeline', message: 'staff:requests.errors.notOpen' },
		{ values: values ?? {}, action },
		409
	);
}

export const actions: Actions = {
	// The record is found by exact details, as link workers and staff find patients: one search
	// from the same allowance, logged, whether or not it finds anyone.
	find: async ({ locals, params, request: post, getClientAddress }) => {
		const { request } = await staffRequestOrNotFound(locals, Number(params.id));
		if (!locals.session) error(403, 'forbidden');
		const form = parseForm(residentDetails, await post.formData());
		if (!form.ok) return formFailure(form, { action: 'find' });
		if (await takeResidentSearch(locals.actor!, getClientAddress(), 'staff_match')) {
			return formFailure(
				{ field: 'givenName', message: 'staff:carePlans.errors.tooManySearches' },
				{ values: form.values, action: 'find' },
				429
			);
		}
		if (!(await findResident(locals.actor!, locals.session.id, form.data))) {
			return formFailure(
				{ field: 'givenName', message: 'staff:requests.errors.notFound' },
				{ values: form.values, action: 'find' }
			);
		}
		redirect(303, `/staff/requests/${request.id}#match`);
	},
	match: async ({ locals, params }) => {
		const { request } = await staffRequestOrNotFound(locals, Number(params.id));
		const found = locals.session ? await foundResident(locals.actor, locals.session) : null;
		if (!found) {
			return formFailure(
				{ field: 'givenName', message: 'staff:requests.errors.findFirst' },
				{ values: {}, action: 'find' }
			);
		}
		await matchRequest(locals.actor, request.id, found);
		redirect(303, `/staff/requests/${request.id}`);
	},
	assign: async ({ locals, params }) => {
		const { request } = await staffRequestOrNotFound(locals, Number(params.id));
		const outcome = await assignRequest(locals.actor, request.id);
		if (outcome !== 'done') return notOpen('assign');
		redirect(303, `/staff/requests/${request.id}`);
	},
	message: async ({ locals, params, request: post }) => {
		const { request } = await staffRequestOrNotFound(locals, Number(params.id));
		const form = parseForm(messageForm, await post.formData());
		if (!form.ok) return formFailure(form, { action: 'message' });
		const outcome = await messagePatient(locals.actor, request.id, form.data.message);
		if (outcome !== 'done') return notOpen('message', form.data);
		redirect(303, `/staff/requests/${request.id}#timeline`);
	},
	close: async ({ locals, params, request: post }) => {
		const { request } = await staffRequestOrNotFound(locals, Number(params.id));
		const form = parseForm(closeForm, await post.formData());
		if (!form.ok) return formFailure(form, { action: 'close' });
		const outcome = await closeRequest(locals.actor, request.id, {
			reason: form.data.reason,
			note: form.data.note
		});
		if (outcome !== 'done') return notOpen('close', form.data);
		redirect(303, `/staff/requests/${request.id}`);
	}
};
