// The journey of asking for face-to-face contact: one question a page, the answers so far kept
// between them (in web/journeys.ts) and checked afresh on every step.
import { error, redirect } from '@sveltejs/kit';
import { asc, eq } from 'drizzle-orm';
import * as v from 'valibot';
import {
	dayParts,
	requestPlaces,
	requestTextMaxLength,
	requestTopics,
	requestWeekdays,
	travelReasonMaxLength,
	type RequestTopic
} from '$lib/contact-requests';
import { reachMethods } from '$lib/communication-needs';
import type { AppointmentMode, RequestPlace } from '../db/schema';
import { isUnlinkedSelf, may, mayKnowOfService, type ActingContext } from '../access/policy';
import { optionalNhsNumber, postcodePattern } from '../assist/forms';
import { dateInput, requiredText } from '../forms';
import { accountReachableWays, communicationNeedsOf, reachableWays } from '../communication-needs';
import { database, tables } from '../db';
import { fitsTopic } from './topics';

export const contactPath = '/contact';

/**
 * "Who are you?": asked first of someone whose account has no record yet, so that staff can
 * match the request to one. The same details a record is found by, and the NHS number if known.
 */
export const statedIdentityForm = v.object({
	givenName: v.pipe(
		requiredText('contact.errors.identity.givenName'),
		v.maxLength(100, 'contact.errors.identity.givenName')
	),
	familyName: v.pipe(
		requiredText('contact.errors.identity.familyName'),
		v.maxLength(100, 'contact.errors.identity.familyName')
	),
	dateOfBirth: dateInput('contact.errors.identity.dateOfBirth'),
	postcode: v.pipe(
		requiredText('contact.errors.identity.postcode'),
		v.regex(postcodePattern, 'assist.errors.postcodeInvalid')
	),
	nhsNumber: optionalNhsNumber
});

/** The answer to "Who are you?" as a draft keeps it (and the request, as `statedIdentity`). */
const statedIdentity = v.object({
	givenName: v.pipe(v.string(), v.maxLength(100)),
	familyName: v.pipe(v.string(), v.maxLength(100)),
	dateOfBirth: v.pipe(v.string(), v.isoDate()),
	postcode: v.pipe(v.string(), v.maxLength(10)),
	nhsNumber: v.nullable(v.pipe(v.string(), v.regex(/^\d{10}$/)))
});

/** The answers so far: each one optional until its question is answered. */
export const contactAnswers = v.object({
	identity: v.optional(statedIdentity),
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
 * Whom the journey is for: the subject, when the actor may make requests for them; or the
 * account itself, when it has no record yet and asks for itself. Form actions run before any
 * layout, so every step asks here.
 */
export function contactAsker(
	locals: ActingContext
): { patientId: number; userId?: undefined } | { patientId: null; userId: number } {
	if (locals.subject && may(locals, 'requests.make'))
		return { patientId: locals.subject.patientId };
	if (isUnlinkedSelf(locals)) return { patientId: null, userId: locals.actor!.userId };
	error(404, 'not found');
}

/**
 * The ways the person asking can be reached about it: those of their record, the same ones
 * settings offers (communication-needs.ts), or, with no record yet, their account's own email
 * address or mobile number (or in person, through a link worker).
 */
export function contactReachableWays(locals: ActingContext) {
	const asker = contactAsker(locals);
	return asker.patientId === null
		? accountReachableWays(asker.userId)
		: reachableWays(asker.patientId);
}

/**
 * The ways to offer, and the one they told us they prefer: only when one is recorded and we can
 * still use it. Nothing is claimed, or chosen for them, otherwise.
 */
export function contactReachChoices(locals: ActingContext) {
	const { patientId } = contactAsker(locals);
	const ways = contactReachableWays(locals);
	const recorded = patientId === null ? null : communicationNeedsOf(patientId).reachBy;
	return { ways, preferred: recorded && ways.includes(recorded) ? recorded : null };
}

export const contactSteps = [
	'identity',
	'about',
	'details',
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
export function requireContactAnswers(
	draft: ContactDraft,
	upTo: ContactStep,
	context: ActingContext
): void {
	const order: [ContactStep, boolean][] = [
		['identity', !isUnlinkedSelf(context) || draft.identity !== undefined],
		['about', draft.topic !== undefined],
		['details', draft.details !== undefined],
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
 * The services a patient can ask to see about a topic: those that can help with it (topics.ts),
 * of the organisations already caring for them (where they have had appointments, or that
 * started a care plan of theirs). When none of those can help, or someone is new to every
 * service, any that can help may be asked, so nobody is left without a person to ask. Someone
 * acting for them is not offered a service whose label they may not know of.
 */
export function servicesFor(context: ActingContext, topic: RequestTopic) {
	return serviceChoices(context, topic).services;
}

/**
 * servicesFor's services, and whether they are those of the organisations already caring for the
 * person (so that the question may say so) rather than any that can help.
 */
export function serviceChoices(context: ActingContext, topic: RequestTopic) {
	const { appointments, carePlans, organisations, services, slots } = tables;
	// Someone with no record yet is new to every service.
	if (!context.subject && !isUnlinkedSelf(context)) return { services: [], ofCaring: false };
	const patientId = context.subject?.patientId ?? null;
	const db = database();
	const caring = new Set(
		patientId === null
			? []
			: [
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
				]
	);
	const fitting = db
		.select({
			id: services.id,
			name: services.name,
			kind: services.kind,
			organisationId: services.organisationId,
			organisation: organisations.name,
			modes: services.modes,
			responseTargetWorkingDays: services.responseTargetWorkingDays,
			label: services.label
		})
		.from(services)
		.innerJoin(organisations, eq(services.organisationId, organisations.id))
		.orderBy(asc(organisations.kind), asc(organisations.name), asc(services.name))
		.all()
		.filter(
			(service) => fitsTopic(service.kind, topic) && mayKnowOfService(context, service.label)
		);
	const ofCaring = fitting.filter((service) => caring.has(service.organisationId));
	return ofCaring.length > 0
		? { services: ofCaring, ofCaring: true }
		: { services: fitting, ofCaring: false };
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
