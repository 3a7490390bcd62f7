// What someone asking to be seen may choose, checked afresh on every step and once more when the
// request is sent: whom it is for, the services that can help, where to meet, and the ways to
// reach them.
import { asc, eq } from 'drizzle-orm';
import { requestPlaces, type RequestTopic } from '$lib/contact-requests';
import type { AppointmentMode, RequestPlace } from '../db/schema';
import { isUnlinkedSelf, may, mayKnowOfService, type ActingContext } from '../access/policy';
import { accountReachableWays, communicationNeedsOf, reachableWays } from '../communication-needs';
import { database, tables } from '../db';
import { fitsTopic } from './topics';

/** Whom a request is for: a record, or an account with no record yet asking for itself. */
export type RequestAsker =
	{ patientId: number; userId?: undefined } | { patientId: null; userId: number };

/**
 * The subject, when the actor may make requests for them; or the account itself, when it has no
 * record yet and asks for itself. Nobody else may ask (null).
 */
export function requestAsker(context: ActingContext): RequestAsker | null {
	if (context.subject && may(context, 'requests.make'))
		return { patientId: context.subject.patientId };
	if (isUnlinkedSelf(context)) return { patientId: null, userId: context.actor!.userId };
	return null;
}

/**
 * The ways the person asking can be reached about it: those of their record, the same ones
 * settings offers (communication-needs.ts), or, with no record yet, their account's own email
 * address or mobile number (or in person, through a link worker).
 */
export async function askerReachableWays(asker: RequestAsker) {
	return asker.patientId === null
		? await accountReachableWays(asker.userId)
		: await reachableWays(asker.patientId);
}

/**
 * The ways to offer, and the one they told us they prefer: only when one is recorded and we can
 * still use it. Nothing is claimed, or chosen for them, otherwise.
 */
export async function askerReachChoices(asker: RequestAsker) {
	const ways = await askerReachableWays(asker);
	const recorded =
		asker.patientId === null ? null : (await communicationNeedsOf(asker.patientId)).reachBy;
	return { ways, preferred: recorded && ways.includes(recorded) ? recorded : null };
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

/**
 * The services a patient can ask to see about a topic: those that can help with it (topics.ts),
 * of the organisations already caring for them (where they have had appointments, that started
 * a care plan of theirs, or the practice their record says they are registered with). When none of those can help, or someone is new to every
 * service, any that can help may be asked, so nobody is left without a person to ask. Someone
 * acting for them is not offered a service whose label they may not know of.
 */
export async function servicesFor(context: ActingContext, topic: RequestTopic) {
	return (await serviceChoices(context, topic)).services;
}

/**
 * servicesFor's services, and whether they are those of the organisations already caring for the
 * person (so that the question may say so) rather than any that can help.
 */
export async function serviceChoices(context: ActingContext, topic: RequestTopic) {
	const { appointments, carePlans, organisations, patients, services, slots } = tables;
	// Someone with no record yet is new to every service.
	if (!context.subject && !isUnlinkedSelf(context)) return { services: [], ofCaring: false };
	const patientId = context.subject?.patientId ?? null;
	const db = database();
	const caring = new Set(
		patientId === null
			? []
			: [
					...(
						await db
							.selectDistinct({ id: services.organisationId })
							.from(appointments)
							.innerJoin(slots, eq(appointments.slotId, slots.id))
							.innerJoin(services, eq(slots.serviceId, services.id))
							.where(eq(appointments.patientId, patientId))
					).map((row) => row.id),
					...(
						await db
							.selectDistinct({ id: carePlans.organisationId })
							.from(carePlans)
							.where(eq(carePlans.patientId, patientId))
					).map((row) => row.id),
					// The practice they are registered with cares for them, seen lately or not.
					...(
						await db
							.select({ id: patients.registeredPracticeId })
							.from(patients)
							.where(eq(patients.id, patientId))
					).flatMap((row) => (row.id === null ? [] : [row.id]))
				]
	);
	const fitting = (
		await db
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
	).filter((service) => fitsTopic(service.kind, topic) && mayKnowOfService(context, service.label));
	const ofCaring = fitting.filter((service) => caring.has(service.organisationId));
	return ofCaring.length > 0
		? { services: ofCaring, ofCaring: true }
		: { services: fitting, ofCaring: false };
}

/** Community hubs people can be met at, whichever service they asked. */
export async function communityHubs() {
	const { locations } = tables;
	return await database()
		.select({
			id: locations.id,
			name: locations.name,
			address: locations.address,
			postcode: locations.postcode
		})
		.from(locations)
		.where(eq(locations.communityHub, true))
		.orderBy(asc(locations.name));
}
