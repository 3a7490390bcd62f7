// The journey of asking for face-to-face contact: one question a page, the answers so far kept
// between them (in web/journeys.ts) and checked afresh on every step.
import { error, redirect } from '@sveltejs/kit';
import { asc, eq, inArray } from 'drizzle-orm';
import * as v from 'valibot';
import {
	dayParts,
	requestPlaces,
	requestTextMaxLength,
	requestTopics,
	requestWeekdays,
	travelReasonMaxLength
} from '$lib/contact-requests';
import { reachMethods } from '$lib/communication-needs';
import type { AppointmentMode, RequestPlace } from '../db/schema';
import { may, mayKnowOfService, type ActingContext } from '../access';
import { database, tables } from '../db';

export const contactPath = '/contact';

/** The answers so far: each one optional until its question is answered. */
export const contactAnswers = v.object({
	topic: v.optional(v.picklist(requestTopics)),
	details: v.optional(v.pipe(v.string(), v.maxLength(requestTextMaxLength))),
	detailsLanguage: v.optional(v.pipe(v.string(), v.maxLength(20))),
	service: v.optional(v.number()),
	place: v.optional(v.picklist(requestPlaces)),
	travelReason: v.optional(v.pipe(v.string(), v.maxLength(travelReasonMaxLength))),
	hub: v.optional(v.number()),
	days: v.optional(v.array(v.picklist(requestWeekdays))),
	dayParts: v.optional(v.array(v.picklist(dayParts))),
	reachBy: v.optional(v.picklist(reachMethods))
});

export type ContactDraft = v.InferOutput<typeof contactAnswers>;

/**
 * The person the journey is for: the subject, when the actor may make requests for them. Form
 * actions run before any layout, so every step asks here.
 */
export function contactSubject(locals: App.Locals): { patientId: number } {
	if (!locals.subject || !may(locals, 'requests.make')) error(404, 'not found');
	return locals.subject;
}

export const contactSteps = [
	'about',
	'who',
	'where',
	'home-visit',
	'hub',
	'when',
	'reach',
	'check'
] as const;
export type ContactStep = (typeof contactSteps)[number];

export function contactStepHref(step: ContactStep): string {
	return step === 'about' ? contactPath : `${contactPath}/${step}`;
}

/**
 * The places a service can meet someone: at home only if it makes home visits; anywhere else
 * only if it sees people in person.
 */
export function placesFor(modes: readonly AppointmentMode[]): RequestPlace[] {
	return requestPlaces.filter((place) =>
		place === 'home_visit' ? modes.includes('home_visit') : modes.includes('in_person')
	);
}

/** The step after "where": the follow-up question its answer needs, if any. */
export function afterWhere(draft: ContactDraft): ContactStep {
	if (draft.place === 'home_visit') return 'home-visit';
	if (draft.place === 'community_hub') return 'hub';
	return 'when';
}

/** The page "when" goes back to: the last question answered before it. */
export function beforeWhen(draft: ContactDraft): string {
	const followUp = afterWhere(draft);
	return contactStepHref(followUp === 'when' ? 'where' : followUp);
}

/**
 * Sends the person back to the first question whose answer is missing, so every step can rely
 * on the answers before it.
 */
export function requireContactAnswers(draft: ContactDraft, upTo: ContactStep): void {
	const order: [ContactStep, boolean][] = [
		['about', draft.topic !== undefined && draft.details !== undefined],
		['who', draft.service !== undefined],
		['where', draft.place !== undefined],
		['home-visit', draft.place !== 'home_visit' || draft.travelReason !== undefined],
		['hub', draft.place !== 'community_hub' || draft.hub !== undefined],
		['when', draft.days !== undefined && draft.dayParts !== undefined],
		['reach', draft.reachBy !== undefined]
	];
	for (const [step, answered] of order) {
		if (step === upTo) return;
		if (!answered) redirect(303, contactStepHref(step));
	}
}

/**
 * The services a patient can ask to see: those of the organisations already caring for them
 * (where they have had appointments, or that started a care plan of theirs). Someone new to
 * every service may ask any of them, so nobody is left without a person to ask. Someone acting
 * for them is not offered a service whose label they may not know of.
 */
export function servicesFor(context: ActingContext) {
	const { appointments, carePlans, organisations, services, slots } = tables;
	if (!context.subject) return [];
	const { patientId } = context.subject;
	const db = database();
	const caring = new Set([
		...db
			.selectDistinct({ id: services.organisationId })
			.from(appointments)
			.innerJoin(slots, eq(appointments.slotId, slots.id))
			.innerJoin(services, eq(slots.serviceId, services.id))
			.where(eq(appointments.patientId, patientId))
			.all()
			.map((row) => row.id),
		...db
			.selectDistinct({ id: carePlans.organisationId })
			.from(carePlans)
			.where(eq(carePlans.patientId, patientId))
			.all()
			.map((row) => row.id)
	]);
	return db
		.select({
			id: services.id,
			name: services.name,
			organisation: organisations.name,
			modes: services.modes,
			responseTargetWorkingDays: services.responseTargetWorkingDays,
			label: services.label
		})
		.from(services)
		.innerJoin(organisations, eq(services.organisationId, organisations.id))
		.where(caring.size > 0 ? inArray(services.organisationId, [...caring]) : undefined)
		.orderBy(asc(organisations.kind), asc(organisations.name), asc(services.name))
		.all()
		.filter((service) => mayKnowOfService(context, service.label));
}

/** Community hubs people can be met at, whichever service they asked. */
export function communityHubs() {
	const { locations } = tables;
	return database()
		.select({
			id: locations.id,
			name: locations.name,
			address: locations.address,
			postcode: locations.postcode
		})
		.from(locations)
		.where(eq(locations.communityHub, true))
		.orderBy(asc(locations.name))
		.all();
}
