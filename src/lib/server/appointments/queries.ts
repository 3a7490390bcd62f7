// What a person may see of their appointments: nothing guarded by a context returns another
// person's. The same view, unguarded, serves the domain telling a patient about theirs.
import { and, asc, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import { may, mayAppointment, type ActingContext } from '../access/policy';
import { database, tables } from '../db';
import { londonDate, mondayOf } from '$lib/time';

const { appointments, locations, organisations, services, slots } = tables;

/**
 * Appointments with their service, organisation and place, as people read them (`view`), and
 * whose they are, which the guarded views below leave out. Unguarded: see the callers.
 */
async function appointmentsWhere(where: SQL | undefined) {
	return await database()
		.select({
			patientId: appointments.patientId,
			view: {
				id: appointments.id,
				reference: appointments.reference,
				status: appointments.status,
				needs: appointments.needs,
				cancellationReason: appointments.cancellationReason,
				serviceId: slots.serviceId,
				locationId: slots.locationId,
				mode: slots.mode,
				startsAt: slots.startsAt,
				endsAt: slots.endsAt,
				service: services.name,
				servicePhone: services.phone,
				label: services.label,
				cancellationCutoffMinutes: services.cancellationCutoffMinutes,
				organisation: organisations.name,
				location: locations.name,
				address: locations.address,
				postcode: locations.postcode,
				stepFreeAccess: locations.stepFreeAccess,
				hearingLoop: locations.hearingLoop
			}
		})
		.from(appointments)
		.innerJoin(slots, eq(appointments.slotId, slots.id))
		.innerJoin(services, eq(slots.serviceId, services.id))
		.innerJoin(organisations, eq(services.organisationId, organisations.id))
		.innerJoin(locations, eq(slots.locationId, locations.id))
		.where(where)
		.orderBy(asc(slots.startsAt), desc(appointments.id));
}

async function appointmentRows(context: ActingContext, appointmentId?: number) {
	const { subject } = context;
	if (!subject || !may(context, 'appointments.view')) return [];
	return (
		(
			await appointmentsWhere(
				and(
					eq(appointments.patientId, subject.patientId),
					appointmentId === undefined ? undefined : eq(appointments.id, appointmentId)
				)
			)
		)
			.map((row) => row.view)
			// An appointment with a service whose label they may not know of does not exist for them.
			.filter((row) => mayAppointment(context, 'appointments.view', row))
	);
}

export type AppointmentView = Awaited<ReturnType<typeof appointmentRows>>[number];

/** The subject's appointments: booked ones still to come, soonest first; the rest, latest first. */
export async function appointmentsOf(context: ActingContext, now = new Date()) {
	const rows = await appointmentRows(context);
	const isUpcoming = (row: AppointmentView) => row.status === 'booked' && row.endsAt > now;
	return {
		upcoming: rows.filter(isUpcoming),
		past: rows.filter((row) => !isUpcoming(row)).reverse()
	};
}

/** One of the subject's appointments, or undefined: whatever id is typed, never anyone else's. */
export async function appointmentOf(context: ActingContext, appointmentId: number) {
	return (await appointmentRows(context, appointmentId))[0];
}

/** One of the subject's appointments that the actor may also change or cancel, or undefined. */
export async function manageableAppointmentOf(context: ActingContext, appointmentId: number) {
	const appointment = await appointmentOf(context, appointmentId);
	return appointment && mayAppointment(context, 'appointments.manage', appointment)
		? appointment
		: undefined;
}

/** Whether the appointment can still be cancelled or changed online, or it is time to phone. */
export function isPastCutOff(appointment: AppointmentView, now = new Date()): boolean {
	return (
		now.getTime() >= appointment.startsAt.getTime() - appointment.cancellationCutoffMinutes * 60_000
	);
}

/**
 * The subject's other appointments coming up with the same service in the same week (Monday to
 * Sunday) as a time about to be booked: booking the same thing twice is usually a mistake, and
 * changing the one already booked is what the person meant. Each says whether the actor may
 * still change it online.
 */
export async function sameServiceThatWeek(
	context: ActingContext,
	serviceId: number,
	startsAt: Date,
	now = new Date()
) {
	const week = mondayOf(londonDate(startsAt));
	return (await appointmentsOf(context, now)).upcoming
		.filter(
			(appointment) =>
				appointment.serviceId === serviceId && mondayOf(londonDate(appointment.startsAt)) === week
		)
		.map((appointment) => ({
			id: appointment.id,
			startsAt: appointment.startsAt,
			changeable:
				mayAppointment(context, 'appointments.manage', appointment) &&
				!isPastCutOff(appointment, now)
		}));
}

const withPatient = (row: Awaited<ReturnType<typeof appointmentsWhere>>[number]) => ({
	...row.view,
	patientId: row.patientId
});

/**
 * One appointment, whoever's, with whose it is: for the domain telling its patient about it
 * once it has decided the change may be made (booking.ts, reminders.ts). Never for a page.
 */
export async function appointmentToTell(appointmentId: number) {
	return (await appointmentsWhere(eq(appointments.id, appointmentId))).map(withPatient)[0];
}

/**
 * Appointments still booked that start in [from, to) and were booked before `bookedBefore`, and
 * meet `also` if given.
 */
export async function bookedAppointmentsStarting(
	from: Date,
	to: Date,
	bookedBefore: Date,
	also?: SQL
) {
	return (
		await appointmentsWhere(
			and(
				eq(appointments.status, 'booked'),
				gte(slots.startsAt, from),
				lt(slots.startsAt, to),
				lt(appointments.createdAt, bookedBefore),
				also
			)
		)
	).map(withPatient);
}
