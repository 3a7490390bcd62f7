// The services people may book, and the booking rules every way of booking shares: where a
// way of meeting needs a place, and how far ahead free times are offered.
import { asc, eq, type SQL } from 'drizzle-orm';
import { mayKnowOfService, type ActingContext } from '../access/policy';
import { database, tables } from '../db';
import type { AppointmentMode } from '../db/schema';
import { bookingWindowDays } from './availability';

/** The ways a service may meet people: in person, by phone, by video, at home. */
export { appointmentModes, type AppointmentMode } from '../db/schema';

const { organisations, services } = tables;

/** Services with their organisation, whatever their label: what a journey's answers are read against. */
function servicesWhere(where?: SQL) {
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
		.orderBy(asc(organisations.kind), asc(organisations.name), asc(services.name));
}

export type BookableService = ReturnType<ReturnType<typeof servicesWhere>['all']>[number];

/**
 * The services the actor may book for the subject: all of them for the patient; for someone
 * acting for them, none whose label they may not know of.
 */
export function bookableServices(context: ActingContext): BookableService[] {
	return servicesWhere()
		.all()
		.filter((service) => mayKnowOfService(context, service.label));
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
export function serviceOf(answers: { service?: number }): BookableService | undefined {
	// Booking itself refuses a service the actor may not book (bookSlot); the choice was checked
	// against bookableServices when it was made.
	// Only the one asked for: every step of the journey reads it, and an ICS has 1,500 services.
	return answers.service === undefined
		? undefined
		: servicesWhere(eq(services.id, answers.service)).get();
}
