import { redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { requireAnswers, stepHref } from '$lib/server/web/booking-journey';
import { bookingNeedsFrom, ownCommunicationNeeds } from '$lib/server/communication-needs';
import { parseForm } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import { bookingDraft } from '$lib/server/web/journeys';
import type { Actions, PageServerLoad } from './$types';

const ticked = v.pipe(
	v.optional(v.string()),
	v.transform((value) => value === 'yes')
);

const needsForm = v.pipe(
	v.object({
		interpreter: ticked,
		interpreterLanguage: v.pipe(
			v.optional(v.string(), ''),
			v.trim(),
			v.maxLength(100, 'booking.errors.languageTooLong')
		),
		stepFreeAccess: ticked,
		longerAppointment: ticked,
		someoneWithMe: ticked,
		other: v.pipe(
			v.optional(v.string(), ''),
			v.trim(),
			v.maxLength(500, 'booking.errors.otherTooLong')
		)
	}),
	v.forward(
		v.check(
			(needs) => !needs.interpreter || needs.interpreterLanguage !== '',
			'booking.errors.languageMissing'
		),
		['interpreterLanguage']
	)
);

export const load: PageServerLoad = async ({ cookies, locals }) => {
	const draft = bookingDraft.read(cookies, locals);
	requireAnswers(draft, 'needs');
	// The first time through, start from the needs recorded for the patient, for those who may
	// see them (the patient, or someone allowed to manage their needs).
	const recorded = await ownCommunicationNeeds(locals);
	return {
		needs: draft.needs ?? (recorded ? bookingNeedsFrom(recorded, locals.t('booking.bslName')) : {})
	};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const draft = bookingDraft.read(cookies, locals);
		requireAnswers(draft, 'needs');
		const form = parseForm(needsForm, await request.formData());
		if (!form.ok) return formFailure(form);
		const { interpreter, interpreterLanguage, other, ...rest } = form.data;
		bookingDraft.save(cookies, url, locals, {
			...draft,
			needs: {
				...(interpreter ? { interpreterLanguage } : {}),
				...(other ? { other } : {}),
				...Object.fromEntries(Object.entries(rest).filter(([, value]) => value))
			}
		});
		redirect(303, stepHref('check'));
	}
};
