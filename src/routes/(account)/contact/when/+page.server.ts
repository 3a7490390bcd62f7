import { fail, redirect } from '@sveltejs/kit';
import { dayParts, requestWeekdays } from '$lib/contact-requests';
import { contactDraft } from '$lib/server/web/journeys';
import type { FieldError } from '$lib/forms';
import {
	beforeWhen,
	contactStepHref,
	requireContactAnswers
} from '$lib/server/web/contact-journey';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ cookies, locals }) => {
	const draft = contactDraft.read(cookies, locals);
	requireContactAnswers(draft, 'when', locals);
	return {
		back: beforeWhen(draft),
		days: (draft.days ?? []).map(String),
		dayParts: draft.dayParts ?? []
	};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const draft = contactDraft.read(cookies, locals);
		requireContactAnswers(draft, 'when', locals);
		const form = await request.formData();
		const ticked = (name: string) => form.getAll(name).filter((v) => typeof v === 'string');
		// Only the options offered count, whatever else is sent.
		const days = requestWeekdays.filter((day) => ticked('days').includes(String(day)));
		const parts = dayParts.filter((part) => ticked('dayParts').includes(part));
		const errors: FieldError[] = [
			...(days.length === 0 ? [{ field: 'days', message: 'contact.errors.daysMissing' }] : []),
			...(parts.length === 0
				? [{ field: 'dayParts', message: 'contact.errors.dayPartsMissing' }]
				: [])
		];
		if (errors.length > 0) {
			return fail(400, { errors, days: days.map(String), dayParts: parts as string[] });
		}
		contactDraft.save(cookies, url, locals, { ...draft, days, dayParts: parts });
		redirect(303, contactStepHref('reach'));
	}
};
