// The services people may book, and the booking rules every way of booking shares: where a
// way of meeting needs a place, and how far ahead free times are offered.
import { and, asc, desc, eq, gte, inArray, or, sql, type SQL } from 'drizzle-orm';
import { mayKnowOfService, type ActingContext } from '../access/policy';
import { database, tables } from '../db';
import type { AppointmentMode, OrganisationKind } from '../db/schema';
import { bookingWindowDays } from './availability';

/** The ways a service may meet people: in person, by phone, by video, at home. */
export { appointmentModes, type AppointmentMode } from '../db/schema';

const { appointments, organisations, patients, services, slots } = tables;

/** Services with their organisation, whatever their label: what a journey's answers are read against. */
function servicesWhere(where?: SQL, first?: SQL) {
	return database()
		.select({
			id: services.id,
			name: services.name,
			modes: services.modes,
			phone: services.phone,
			label: services.label,
			organisation: organisations.name
		})
		.from(services)
		.innerJoin(organisations, eq(services.organisationId, organisations.id))
		.where(where)
		.orderBy(
			...(first ? [desc(first)] : []),
			asc(organisations.kind),
			asc(organisations.name),
			asc(services.name)
		);
}

export type BookableService = Awaited<ReturnType<typeof servicesWhere>>[number];

/** Organisations anyone living in the area may book with, without a practice or a referral. */
const openToEveryone: OrganisationKind[] = ['community_provider', 'council', 'voluntary_sector'];

/** How far back an appointment with a hospital clinic shows the person is under its care. */
const underCareDays = 365;

/**
 * The services offered to the subject: where their record names the practice they are registered
 * with, that practice's services (first), the community's, the council's and the voluntary
 * sector's, and the hospital clinics they are under (an appointment with the clinic in the last
 * year or to come: a clinic sees the people referred to it). An ICS has 30 practices and 1,500
 * services; nobody can choose from all of them, and another practice's appointments are for
 * its own patients. Where the record does not name a practice (a person registered in person,
 * say), Joined Up cannot tell which services are theirs and offers every one.
 * Then, for someone acting for the patient, none whose label they may not know of.
 */
export async function bookableServices(
	context: ActingContext,
	now = new Date()
): Promise<BookableService[]> {
	const offered = context.subject ? await offeredTo(context.subject.patientId, now) : undefined;
	return (await servicesWhere(offered?.where, offered?.first)).filter((service) =>
		mayKnowOfService(context, service.label)
	);
}

/** What the record says is the patient's to book, or undefined where it cannot say. */
async function offeredTo(patientId: number, now: Date) {
	const db = database();
	const practice = (
		await db
			.select({ id: patients.registeredPracticeId })
			.from(patients)
			.where(eq(patients.id, patientId))
	)[0]?.id;
	if (!practice) return undefined;
	const since = new Date(now.getTime() - underCareDays * 24 * 60 * 60 * 1000);
	const clinics = (
		await db
			.selectDistinct({ id: slots.serviceId })
			.from(appointments)
			.innerJoin(slots, eq(appointments.slotId, slots.id))
			.where(and(eq(appointments.patientId, patientId), gte(slots.startsAt, since)))
	).map((row) => row.id);
	return {
		where: or(
			eq(services.organisationId, practice),
			inArray(organisations.kind, openToEveryone),
			clinics.length === 0
				? undefined
				: and(eq(organisations.kind, 'hospital_trust'), inArray(services.id, clinics))
		),
		first: sql`${services.organisationId} = ${practice}`
	};
}

/** Places are asked about only for appointments that happen somewhere. */
export function needsPlace(mode: AppointmentMode): boolean {
	return mode === 'in_person';
}

/** The window people can book in: from now to the end of the 28th day. */
export function bookingWindow(now = new Date()) {
	return { from: now, to: new Date(now.getTime() + bookingWindowDays * 24 * 60 * 60 * 1000) };
}

/** The service a journey's answers name, whatever its label. */
export async function serviceOf(answers: {
	service?: number;
}): Promise<BookableService | undefined> {
	// Booking itself refuses a service the actor may not book (bookSlot); the choice was checked
	// against bookableServices when it was made.
	// Only the one asked for: every step of the journey reads it, and an ICS has 1,500 services.
	return answers.service === undefined
		? undefined
		: (await servicesWhere(eq(services.id, answers.service)))[0];
}
