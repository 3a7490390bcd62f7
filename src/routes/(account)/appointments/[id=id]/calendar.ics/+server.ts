// The appointment as an iCalendar file that calendar apps import. Times are written in UTC, so
// they land at the right local time on either side of a clock change.
import { error } from '@sveltejs/kit';
import { createEvent, type DateArray } from 'ics';
import { catalogueName } from '$lib/i18n';
import { enforceArea } from '$lib/server/access/guards';
import { appointmentOf } from '$lib/server/appointments/queries';
import type { RequestHandler } from './$types';

function utcParts(instant: Date): DateArray {
	return [
		instant.getUTCFullYear(),
		instant.getUTCMonth() + 1,
		instant.getUTCDate(),
		instant.getUTCHours(),
		instant.getUTCMinutes()
	];
}

export const GET: RequestHandler = async ({ locals, params, url }) => {
	// An endpoint is reached by no layout: signed out, it asks for sign-in as pages do.
	enforceArea(locals, 'account', url);
	const appointment = await appointmentOf(locals, Number(params.id));
	if (!appointment) error(404, 'not found');
	const { t } = locals;
	const named = (name: string) => catalogueName(locals.lang, name).text;
	const { error: problem, value } = createEvent({
		uid: `${appointment.reference}@joined-up`,
		start: utcParts(appointment.startsAt),
		startInputType: 'utc',
		startOutputType: 'utc',
		end: utcParts(appointment.endsAt),
		endInputType: 'utc',
		endOutputType: 'utc',
		title: t('appointments.calendarEvent', { service: named(appointment.service) }),
		description: `${t(`appointments.modes.${appointment.mode}`)}. ${t('appointments.reference')}: ${appointment.reference}. ${named(appointment.organisation)}, ${appointment.servicePhone}`,
		location:
			appointment.mode === 'in_person'
				? `${named(appointment.location)}, ${appointment.address}, ${appointment.postcode}`
				: undefined,
		status: appointment.status === 'booked' ? 'CONFIRMED' : 'CANCELLED',
		productId: 'joined-up'
	});
	if (problem || !value) error(500, 'calendar');
	return new Response(value, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': `attachment; filename="appointment-${appointment.reference}.ics"`
		}
	});
};
