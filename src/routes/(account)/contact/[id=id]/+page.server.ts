import { redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { requestTextMaxLength } from '$lib/contact-requests';
import { may } from '$lib/server/access/policy';
import { appointmentOf } from '$lib/server/appointments/queries';
import { parseForm, requiredText } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import { openStatuses } from '$lib/server/requests/timeline';
import { replyToRequest } from '$lib/server/requests/asking';
import { requestOrNotFound } from '$lib/server/web/request-routes';
import type { Actions, PageServerLoad } from './$types';

const replyForm = v.object({
	reply: v.pipe(
		requiredText('contact.errors.replyMissing'),
		v.maxLength(requestTextMaxLength, 'contact.errors.replyTooLong')
	)
});

export const load: PageServerLoad = async ({ locals, params }) => {
	const detail = await requestOrNotFound(locals, Number(params.id));
	const { request } = detail;
	return {
		request,
		service: detail.service,
		organisation: detail.organisation,
		phone: detail.phone,
		hub: detail.hub,
		events: detail.events,
		open: openStatuses.includes(request.status),
		// The arranged appointment's details, for those who may see the subject's appointments.
		appointment:
			request.appointmentId !== null && may(locals, 'appointments.view')
				? ((await appointmentOf(locals, request.appointmentId)) ?? null)
				: null,
		maxLength: requestTextMaxLength
	};
};

export const actions: Actions = {
	reply: async ({ locals, params, request }) => {
		const { request: contact } = await requestOrNotFound(locals, Number(params.id));
		const form = parseForm(replyForm, await request.formData());
		if (!form.ok) return formFailure(form);
		const outcome = await replyToRequest(locals, contact.id, {
			body: form.data.reply,
			language: locals.lang
		});
		if (outcome === 'not-open') {
			// It changed meanwhile: the timeline says how.
			return formFailure(
				{ field: 'timeline', message: 'contact.errors.notOpen' },
				{ values: { reply: form.data.reply } },
				409
			);
		}
		redirect(303, `/contact/${contact.id}#timeline`);
	}
};
