// Asking to see someone face to face, as the patient (or someone allowed to for them) asks: the
// answers a request is made of, sending it, and following it (reading, replying, cancelling).
import { and, desc, eq, isNull } from 'drizzle-orm';
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
import { addWorkingDays, londonDate, londonTime } from '$lib/time';
import {
	isUnlinkedSelf,
	may,
	mayFollowRequest,
	mayFollowUnmatchedRequest,
	type ActingContext
} from '../access/policy';
import { unusedReference } from '../appointments/reference';
import { communicationNeedsOf } from '../communication-needs';
import { database, tables, type Transaction, transaction } from '../db';
import type { RequestNeeds, StatedIdentity } from '../db/schema';
import { askerReachableWays, communityHubs, placesFor, requestAsker, servicesFor } from './choices';
import {
	addEvent,
	changeOpenRequest,
	requestDetail,
	setStatus,
	type ChangeOutcome,
	type RequestDetail
} from './timeline';

const { contactRequests, services } = tables;

/** The answer to "Who are you?" as a draft keeps it (and the request, as `statedIdentity`). */
const statedIdentity = v.object({
	givenName: v.pipe(v.string(), v.maxLength(100)),
	familyName: v.pipe(v.string(), v.maxLength(100)),
	dateOfBirth: v.pipe(v.string(), v.isoDate()),
	postcode: v.pipe(v.string(), v.maxLength(10)),
	nhsNumber: v.nullable(v.pipe(v.string(), v.regex(/^\d{10}$/)))
});

/**
 * The answers so far, as the journey keeps them between its questions (web/journeys.ts): each
 * one optional until its question is answered.
 */
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

/** The answers of a finished journey, every one present. */
export type RequestAnswers = Required<Omit<ContactDraft, 'travelReason' | 'hub' | 'identity'>> &
	Pick<ContactDraft, 'travelReason' | 'hub' | 'identity'>;

export function completeAnswers(draft: ContactDraft): RequestAnswers | null {
	const { topic, details, detailsLanguage, service, place, days, dayParts, reachBy } = draft;
	if (!topic || details === undefined || !detailsLanguage || service === undefined || !place)
		return null;
	if (!days || !dayParts || !reachBy) return null;
	return { ...draft, topic, details, detailsLanguage, service, place, days, dayParts, reachBy };
}

/** When a service aiming to answer within `days` working days should have: 5pm London time. */
export function dueByFrom(madeAt: Date, days: number): Date {
	return londonTime(addWorkingDays(londonDate(madeAt), days), '17:00');
}

export type MakeFailure = 'not-permitted' | 'answers-changed';

/** No communication needs: what a request carries for someone with no record yet. */
const noNeeds: RequestNeeds = {
	interpreterLanguage: null,
	needs: [],
	other: null,
	otherLanguage: null
};

/** The patient's recorded communication needs, as a request carries them to the service. */
async function recordedNeeds(patientId: number): Promise<RequestNeeds> {
	const { interpreterLanguage, needs, other, otherLanguage } =
		await communicationNeedsOf(patientId);
	return { interpreterLanguage, needs, other, otherLanguage };
}

/**
 * Sends a request. The answers are checked once more against what the person may choose now
 * (the service, the hub, the way to reach them); anything stale sends them back to check.
 * Someone whose account has no record yet sends it for themself, with who they said they are
 * (`statedIdentity`) and no record: staff match it to one when they answer it.
 */
export async function makeRequest(
	context: ActingContext,
	answers: RequestAnswers,
	sendToken: string | undefined,
	now = new Date()
): Promise<{ ok: true; id: number } | { ok: false; reason: MakeFailure }> {
	const { actor } = context;
	const asker = requestAsker(context);
	if (!actor || !asker) return { ok: false, reason: 'not-permitted' };
	const { patientId } = asker;
	const unmatched = patientId === null;
	// Who they said they are, asked first of someone with no record; nobody else's is kept.
	const statedIdentity: StatedIdentity | null = unmatched ? (answers.identity ?? null) : null;
	if (unmatched && !statedIdentity) return { ok: false, reason: 'answers-changed' };
	const service = (await servicesFor(context, answers.topic)).find((s) => s.id === answers.service);
	const hubOk =
		answers.place !== 'community_hub' ||
		(await communityHubs()).some((hub) => hub.id === answers.hub);
	const travelOk = answers.place !== 'home_visit' || Boolean(answers.travelReason);
	if (
		!service ||
		!placesFor(service.modes).includes(answers.place) ||
		!hubOk ||
		!travelOk ||
		!(await askerReachableWays(asker)).includes(answers.reachBy)
	) {
		return { ok: false, reason: 'answers-changed' };
	}
	// The needs travel with the request; how to reach them was asked on the request itself.
	const needs = patientId === null ? noNeeds : await recordedNeeds(patientId);
	return await transaction(
		async (tx) => {
			// The same form sent twice (a double press on a slow connection) sends once.
			const earlier = sendToken
				? (
						await tx
							.select({ id: contactRequests.id })
							.from(contactRequests)
							.where(
								and(
									eq(contactRequests.sendToken, sendToken),
									patientId === null
										? and(
												isNull(contactRequests.patientId),
												eq(contactRequests.madeByUserId, actor.userId)
											)
										: eq(contactRequests.patientId, patientId)
								)
							)
					)[0]
				: undefined;
			if (earlier) return { ok: true, id: earlier.id } as const;
			const request = await sendRequest(tx, context, {
				patientId,
				statedIdentity,
				serviceId: service.id,
				topic: answers.topic,
				details: answers.details,
				detailsLanguage: answers.detailsLanguage,
				place: answers.place,
				travelReason: answers.place === 'home_visit' ? answers.travelReason! : null,
				hubLocationId: answers.place === 'community_hub' ? answers.hub! : null,
				days: [...answers.days],
				dayParts: answers.dayParts,
				reachBy: answers.reachBy,
				needs,
				madeByUserId: actor.userId,
				madeVia: context.via,
				sendToken: sendToken ?? null,
				createdAt: now,
				dueBy: dueByFrom(now, service.responseTargetWorkingDays)
			});
			return { ok: true, id: request.id } as const;
		},
		{ behavior: 'immediate' }
	);
}

/** Adds a request to its service's queue, with its reference, and tells the person it came. */
async function sendRequest(
	tx: Transaction,
	context: ActingContext,
	values: Omit<typeof contactRequests.$inferInsert, 'reference'> & { createdAt: Date }
) {
	const request = (
		await tx
			.insert(contactRequests)
			.values({ ...values, reference: await freeReference(tx) })
			.returning()
	)[0]!;
	await addEvent(tx, context, request, 'received', 'request.made', {
		now: values.createdAt,
		alwaysTell: true
	});
	return request;
}

/**
 * "4 for us to call you", replied to a text about an appointment: a request in the appointment's
 * service's queue to phone them, marked as asked by text, with their recorded needs. Nothing
 * else was asked, so it is open to any day and time; the person wrote no words of their own.
 */
export async function askForCallByText(
	context: ActingContext,
	appointment: { id: number; serviceId: number },
	language: string,
	now = new Date()
): Promise<{ ok: true; id: number } | { ok: false; reason: 'not-permitted' }> {
	const asker = requestAsker(context);
	if (!context.actor || !asker || asker.patientId === null) {
		return { ok: false, reason: 'not-permitted' };
	}
	const service = (
		await database()
			.select({ target: services.responseTargetWorkingDays })
			.from(services)
			.where(eq(services.id, appointment.serviceId))
	)[0];
	if (!service) return { ok: false, reason: 'not-permitted' };
	const needs = await recordedNeeds(asker.patientId);
	return await transaction(
		async (tx) => {
			const request = await sendRequest(tx, context, {
				patientId: asker.patientId,
				serviceId: appointment.serviceId,
				topic: 'something_else',
				details: '',
				detailsLanguage: language,
				place: 'no_preference',
				days: [...requestWeekdays],
				dayParts: [...dayParts],
				reachBy: 'phone',
				needs,
				madeByUserId: context.actor!.userId,
				madeVia: context.via,
				askedByTextAbout: appointment.id,
				createdAt: now,
				dueBy: dueByFrom(now, service.target)
			});
			return { ok: true, id: request.id } as const;
		},
		{ behavior: 'immediate' }
	);
}

/** A reference no request holds yet. */
function freeReference(tx: Transaction): Promise<string> {
	return unusedReference(async (reference) =>
		Boolean(
			(
				await tx
					.select({ id: contactRequests.id })
					.from(contactRequests)
					.where(eq(contactRequests.reference, reference))
			)[0]
		)
	);
}

/**
 * The subject's requests, newest first, for those who may make them; for an account with no
 * record yet, those it made that are not matched to a record (see `mayFollowUnmatchedRequest`).
 */
export async function requestsOf(context: ActingContext) {
	const { subject } = context;
	const unmatched = isUnlinkedSelf(context);
	if (!unmatched && (!subject || !may(context, 'requests.make'))) return [];
	return (
		await database()
			.select({
				id: contactRequests.id,
				reference: contactRequests.reference,
				status: contactRequests.status,
				topic: contactRequests.topic,
				createdAt: contactRequests.createdAt,
				madeVia: contactRequests.madeVia,
				service: services.name,
				label: services.label
			})
			.from(contactRequests)
			.innerJoin(services, eq(contactRequests.serviceId, services.id))
			.where(
				unmatched
					? and(
							isNull(contactRequests.patientId),
							eq(contactRequests.madeByUserId, context.actor!.userId)
						)
					: eq(contactRequests.patientId, subject!.patientId)
			)
			.orderBy(desc(contactRequests.createdAt), desc(contactRequests.id))
	).filter((request) => unmatched || mayFollowRequest(context, request));
}

/** One of the subject's requests; undefined for anyone else's, whatever id is asked for. */
export async function requestOf(
	context: ActingContext,
	id: number
): Promise<RequestDetail | undefined> {
	const { subject } = context;
	if (isUnlinkedSelf(context)) {
		const detail = await requestDetail(id);
		return detail && mayFollowUnmatchedRequest(context, detail.request) ? detail : undefined;
	}
	if (!subject || !may(context, 'requests.make')) return undefined;
	const detail = await requestDetail(id);
	return detail?.request.patientId === subject.patientId &&
		mayFollowRequest(context, { madeVia: detail.request.madeVia, label: detail.label })
		? detail
		: undefined;
}

/** The patient, or someone allowed to, adds a message to an open request. */
export async function replyToRequest(
	context: ActingContext,
	id: number,
	reply: { body: string; language: string },
	now = new Date()
): Promise<ChangeOutcome> {
	return await changeOpenRequest(await requestOf(context, id), async (tx, request) => {
		await addEvent(tx, context, request, 'message_from_patient', 'request.replied', {
			now,
			body: reply.body,
			language: reply.language
		});
	});
}

/** The patient, or someone allowed to, no longer needs an open request. */
export async function cancelRequest(
	context: ActingContext,
	id: number,
	now = new Date()
): Promise<ChangeOutcome> {
	return await changeOpenRequest(await requestOf(context, id), async (tx, request) => {
		await setStatus(tx, request.id, { status: 'closed', closeReason: 'cancelled_by_patient' });
		await addEvent(tx, context, request, 'closed', 'request.cancelled', { now });
	});
}
