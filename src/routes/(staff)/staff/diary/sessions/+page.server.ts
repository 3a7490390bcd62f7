import { error, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import type { FieldError } from '$lib/forms';
import { appointmentModes } from '$lib/server/appointments/services';
import {
	createSession,
	longestSessionDays,
	longestSlotMinutes,
	shortestSlotMinutes
} from '$lib/server/diary/diary';
import { diaryCatalogue } from '$lib/server/web/diary-catalogue';
import { oneOf, parseForm } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import { addDays, londonDate } from '$lib/time';
import type { Actions, PageServerLoad } from './$types';

const errors = (key: string) => `staff:sessions.errors.${key}`;
const clockTime = (key: string) =>
	v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, errors(key)));
const isoDate = (key: string) => v.pipe(v.string(), v.isoDate(errors(key)));

const sessionForm = v.object({
	service: v.pipe(v.string(), v.nonEmpty(errors('service')), v.toNumber(), v.integer()),
	mode: oneOf(appointmentModes, errors('mode')),
	location: v.pipe(v.string(), v.nonEmpty(errors('location')), v.toNumber(), v.integer()),
	startTime: clockTime('startTime'),
	endTime: clockTime('endTime'),
	slotMinutes: v.pipe(
		v.string(errors('slotMinutes')),
		v.regex(/^\d{1,3}$/, errors('slotMinutes')),
		v.toNumber(),
		v.minValue(shortestSlotMinutes, errors('slotMinutes')),
		v.maxValue(longestSlotMinutes, errors('slotMinutes'))
	),
	fromDate: isoDate('fromDate'),
	toDate: isoDate('toDate')
});

export const load: PageServerLoad = async ({ locals }) => {
	const { catalogue } = await diaryCatalogue(locals);
	return {
		organisation: catalogue.organisation.name,
		services: catalogue.services,
		locations: catalogue.locations,
		modes: appointmentModes
	};
};

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const { actor } = await diaryCatalogue(locals);
		const form = await request.formData();
		const weekdays = form
			.getAll('weekdays')
			.map(Number)
			.filter((day) => Number.isInteger(day) && day >= 1 && day <= 7);
		const parsed = parseForm(sessionForm, form);
		const problems: FieldError[] = parsed.ok ? [] : [...parsed.errors];
		const add = (field: string, key: string) => {
			if (!problems.some((problem) => problem.field === field))
				problems.push({ field, message: errors(key) });
		};
		if (weekdays.length === 0) add('weekdays', 'weekdays');
		if (parsed.ok) {
			const { startTime, endTime, fromDate, toDate } = parsed.data;
			if (endTime <= startTime) add('endTime', 'endTime');
			if (fromDate < londonDate(new Date())) add('fromDate', 'fromDate');
			if (toDate < fromDate || toDate > addDays(fromDate, longestSessionDays))
				add('toDate', 'toDate');
		}
		const { values } = parsed;
		if (!parsed.ok || problems.length > 0) {
			return formFailure(order(problems), { values, weekdays });
		}
		const { service, mode, location, ...plan } = parsed.data;
		const result = await createSession(actor, {
			...plan,
			serviceId: service,
			locationId: location,
			mode,
			weekdays
		});
		if (!result.ok) {
			if (result.reason === 'not-permitted') error(403, 'forbidden');
			const [field, key] = refusals[result.reason];
			return formFailure({ field, message: errors(key) }, { values, weekdays });
		}
		redirect(
			303,
			`/staff/diary?day=${plan.fromDate}&created=${result.created}&skipped=${result.skipped}`
		);
	}
};

const refusals = {
	'not-offered': ['mode', 'notOffered'],
	'too-many': ['slotMinutes', 'tooMany'],
	'no-times': ['weekdays', 'noTimes']
} as const;

/** Errors in the order the fields are on the page, as the error summary lists them. */
const fieldOrder = [
	'service',
	'location',
	'mode',
	'weekdays',
	'startTime',
	'endTime',
	'slotMinutes',
	'fromDate',
	'toDate'
];
function order(problems: FieldError[]): FieldError[] {
	return [...problems].sort((a, b) => fieldOrder.indexOf(a.field) - fieldOrder.indexOf(b.field));
}
