// The booking journey: its questions, the answers it keeps between them (in web/journeys.ts),
// checked afresh against the diaries on every step.
import { redirect } from '@sveltejs/kit';
import { asc, eq } from 'drizzle-orm';
import * as v from 'valibot';
import { mayKnowOfService, type ActingContext } from '../access';
import { database, tables } from '../db';
import { appointmentModes, type AppointmentMode } from '../db/schema';
import { bookingWindowDays, freeSlots } from './availability';

export const bookingPath = '/appointments/book';

/** The answers so far: each one optional until its question is answered. */
export const bookingAnswers = v.object({
	service: v.optional(v.number()),
	mode: v.optional(v.picklist(appointmentModes)),
	location: v.optional(v.number()),
	day: v.optional(v.pipe(v.string(), v.isoDate())),
	slot: v.optional(v.number()),
	needs: v.optional(
		v.object({
			interpreterLanguage: v.optional(v.pipe(v.string(), v.maxLength(100))),
			stepFreeAccess: v.optional(v.boolean()),
			longerAppointment: v.optional(v.boolean()),
			someoneWithMe: v.optional(v.boolean()),
			other: v.optional(v.pipe(v.string(), v.maxLength(500)))
		})
	)
});

export type Draft = v.InferOutput<typeof bookingAnswers>;

export const bookingSteps = ['service', 'how', 'where', 'day', 'time', 'needs', 'check'] as const;
export type BookingStep = (typeof bookingSteps)[number];

export function stepHref(step: BookingStep): string {
	return step === 'service' ? bookingPath : `${bookingPath}/${step}`;
}

/** Every service, whatever its label: what a journey's answers are read against. */
function everyService() {
	const { organisations, services } = tables;
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
		.orderBy(asc(organisations.kind), asc(organisations.name), asc(services.name))
		.all();
}

export type BookableService = ReturnType<typeof everyService>[number];

/**
 * The services the actor may book for the subject: all of them for the patient; for someone
 * acting for them, none whose label they may not know of.
 */
export function bookableServices(context: ActingContext): BookableService[] {
	return everyService().filter((service) => mayKnowOfService(context, service.label));
}

/** Places are asked about only for appointments that happen somewhere. */
export function needsPlace(mode: AppointmentMode): boolean {
	return mode === 'in_person';
}

/** The window people can book in: from now to the end of the 28th day. */
export function bookingWindow(now = new Date()) {
	return { from: now, to: new Date(now.getTime() + bookingWindowDays * 24 * 60 * 60 * 1000) };
}

/**
 * Sends the person back to the first step whose answer is missing, so every step can rely on
 * the answers before it.
 */
export function requireAnswers(draft: Draft, upTo: BookingStep): void {
	const order: [BookingStep, boolean][] = [
		['service', draft.service !== undefined],
		['how', draft.mode !== undefined],
		['where', draft.mode === undefined || !needsPlace(draft.mode) || draft.location !== undefined],
		['day', draft.day !== undefined],
		['time', draft.slot !== undefined],
		['needs', draft.needs !== undefined]
	];
	for (const [step, answered] of order) {
		if (step === upTo) return;
		if (!answered) redirect(303, stepHref(step));
	}
}

export function serviceOf(draft: Draft): BookableService | undefined {
	// Booking itself refuses a service the actor may not book (bookSlot); the choice was checked
	// against bookableServices when it was made.
	return everyService().find((service) => service.id === draft.service);
}

/**
 * The answers a step after "how" builds on: the service and the way, checked, and the window
 * to look for free times in. Missing answers send the person back to answer them.
 */
export function answersFor(draft: Draft, step: Exclude<BookingStep, 'service' | 'how'>) {
	requireAnswers(draft, step);
	const service = serviceOf(draft);
	if (!service || !draft.mode) redirect(303, stepHref('service'));
	return { service, mode: draft.mode, ...bookingWindow() };
}

/** The free times matching the answers so far: service, way and, for in person, place. */
export function freeSlotsFor(
	draft: Draft,
	step: Exclude<BookingStep, 'service' | 'how' | 'where'>
) {
	const { service, mode, from, to } = answersFor(draft, step);
	return {
		service,
		slots: freeSlots({ serviceId: service.id, mode, locationId: draft.location, from, to })
	};
}
