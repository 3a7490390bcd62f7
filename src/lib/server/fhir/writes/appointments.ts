// The provider's system recording whether someone came (FHIR Appointment status: arrived,
// fulfilled, noshow), as staff do in their diary: through the same recordAttendance, so the same
// rules hold (only its own services' appointments, not before the day, not once cancelled) and
// the patient's activity log says it, by the organisation's system, through FHIR.
import { eq } from 'drizzle-orm';
import type { FhirCaller } from '../../access/policy';
import { database, tables } from '../../db';
import { recordAttendance, type Attendance } from '../../diary/diary';
import { FhirError } from '../outcome';
import { appointmentResource, appointmentStatusCodes } from '../resources/appointment';
import { addressedId, postedForUpdate, referencedId, type Posted, type Written } from './resource';

const { appointments, locations, services, slots } = tables;

/**
 * The statuses a provider's system may record, as Joined Up's attendance. Joined Up records
 * whether the person came, not where they are in the clinic: arriving is coming, so `arrived`
 * is recorded as attended, and a `fulfilled` after it changes nothing.
 */
const attendanceOf: Record<string, Attendance> = {
	arrived: 'attended',
	fulfilled: 'attended',
	noshow: 'did_not_attend'
};

/** The appointment with everything its resource shows, if it is with the caller's services. */
async function ownAppointment(caller: FhirCaller, appointmentId: number) {
	const row = (
		await database()
			.select({ appointment: appointments, slot: slots, service: services, location: locations })
			.from(appointments)
			.innerJoin(slots, eq(appointments.slotId, slots.id))
			.innerJoin(services, eq(slots.serviceId, services.id))
			.innerJoin(locations, eq(slots.locationId, locations.id))
			.where(eq(appointments.id, appointmentId))
	)[0];
	// Someone else's appointment, with another organisation, does not exist for this caller.
	if (!row || row.service.organisationId !== caller.actor.organisationId)
		throw new FhirError(404, 'not-found', `Appointment/${appointmentId} is not known.`);
	return row;
}

const sameInstant = (value: unknown, at: Date) =>
	typeof value === 'string' && new Date(value).getTime() === at.getTime();

/** Everything but the status must be as the appointment is: a system records, it does not move. */
function refuseOtherChanges(posted: Posted, row: Awaited<ReturnType<typeof ownAppointment>>): void {
	const slotsNamed = Array.isArray(posted.slot) ? posted.slot : [];
	const participants = Array.isArray(posted.participant) ? posted.participant : [];
	const patients = participants.map((participant) =>
		referencedId((participant as { actor?: unknown })?.actor, 'Patient')
	);
	const same =
		sameInstant(posted.start, row.slot.startsAt) &&
		sameInstant(posted.end, row.slot.endsAt) &&
		slotsNamed.length === 1 &&
		referencedId(slotsNamed[0], 'Slot') === row.slot.id &&
		patients.includes(row.appointment.patientId) &&
		patients.every((id) => id === null || id === row.appointment.patientId);
	if (!same)
		throw new FhirError(
			422,
			'business-rule',
			'Only the status of an appointment can be changed here (to arrived, fulfilled or noshow); its time, slot and patient stay as booked.'
		);
}

/** `PUT Appointment/{id}` with a new status: records attendance. */
export async function updateAppointment(
	caller: FhirCaller,
	id: string,
	body: unknown,
	now = new Date()
): Promise<Written> {
	const appointmentId = addressedId('Appointment', id);
	// Another organisation's appointment does not exist for the caller, whatever it sends.
	const row = await ownAppointment(caller, appointmentId);
	const posted = postedForUpdate(body, 'Appointment', id);
	refuseOtherChanges(posted, row);
	const status = String(posted.status);
	const current = appointmentStatusCodes[row.appointment.status];
	const attendance = attendanceOf[status];
	if (!attendance) {
		if (status === current) return { status: 200, resource: appointmentResource(row) };
		throw new FhirError(
			422,
			'business-rule',
			`An appointment's status can be recorded as arrived, fulfilled or noshow, not ${status}.`
		);
	}
	const recorded = await recordAttendance(caller.actor, appointmentId, attendance, now, 'fhir');
	if (!recorded.ok) {
		if (recorded.reason === 'not-found')
			throw new FhirError(404, 'not-found', `Appointment/${id} is not known.`);
		throw new FhirError(
			422,
			'business-rule',
			recorded.reason === 'cancelled'
				? 'The appointment was cancelled: whether someone came cannot be recorded.'
				: 'Whether someone came can be recorded from the day of the appointment.'
		);
	}
	return {
		status: 200,
		resource: appointmentResource(await ownAppointment(caller, appointmentId))
	};
}
