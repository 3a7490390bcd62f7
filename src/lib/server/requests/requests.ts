// Requests for face-to-face contact: made by the patient (or someone allowed to for them),
// answered by the staff of the service asked. Every change is a timeline event, a line in the
// patient's activity log and a message to them, in one transaction.
import { and, asc, desc, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import type { CloseReason, QueueFilter, RequestStatus } from '$lib/contact-requests';
import { translatorFor } from '$lib/i18n';
import { addWorkingDays, isoWeekday, londonDate, londonTime } from '$lib/time';
import {
	isUnlinkedSelf,
	may,
	mayFollowRequest,
	mayFollowUnmatchedRequest,
	mayStaff,
	type ActingContext,
	type Actor
} from '../access/policy';
import { recordActivity, type ActivityAction } from '../audit';
import { displayIdentifier } from '../identifier';
import { bookingWindowDays, freeSlots } from '../appointments/availability';
import { isLiveSlotConflict, placeBooking, type BookingFailure } from '../appointments/booking';
import { unusedReference } from '../appointments/reference';
import { bookingNeedsFrom, communicationNeedsOf } from '../communication-needs';
import { database, tables, type Transaction } from '../db';
import type { RequestEventKind, RequestNeeds, StatedIdentity } from '../db/schema';
import { queueRequestMessage, requestMessageKinds } from '../messages/outbox';
import {
	communityHubs,
	contactReachableWays,
	placesFor,
	servicesFor,
	type ContactDraft
} from './journey';

const { contactRequests, organisations, patients, requestEvents, services, users } = tables;

/** Open requests can still be answered, replied to or cancelled. */
export const openStatuses: RequestStatus[] = ['received', 'in_review'];

/** When a service aiming to answer within `days` working days should have: 5pm London time. */
export function dueByFrom(madeAt: Date, days: number): Date {
	return londonTime(addWorkingDays(londonDate(madeAt), days), '17:00');
}

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

export type MakeFailure = 'not-permitted' | 'answers-changed';

/** No communication needs: what a request carries for someone with no record yet. */
const noNeeds: RequestNeeds = {
	interpreterLanguage: null,
	needs: [],
	other: null,
	otherLanguage: null
};

/**
 * Sends a request. The answers are checked once more against what the person may choose now
 * (the service, the hub, the way to reach them); anything stale sends them back to check.
 * Someone whose account has no record yet sends it for themself, with who they said they are
 * (`statedIdentity`) and no record: staff match it to one when they answer it.
 */
export function makeRequest(
	context: ActingContext,
	answers: RequestAnswers,
	sendToken: string | undefined,
	now = new Date()
): { ok: true; id: number } | { ok: false; reason: MakeFailure } {
	const { actor, subject } = context;
	const forRecord = Boolean(actor && subject && may(context, 'requests.make'));
	const unmatched = !forRecord && isUnlinkedSelf(context);
	if (!actor || (!forRecord && !unmatched)) return { ok: false, reason: 'not-permitted' };
	// Who they said they are, asked first of someone with no record; nobody else's is kept.
	const statedIdentity: StatedIdentity | null = unmatched ? (answers.identity ?? null) : null;
	if (unmatched && !statedIdentity) return { ok: false, reason: 'answers-changed' };
	const patientId = subject && forRecord ? subject.patientId : null;
	const service = servicesFor(context, answers.topic).find((s) => s.id === answers.service);
	const hubOk =
		answers.place !== 'community_hub' || communityHubs().some((hub) => hub.id === answers.hub);
	const travelOk = answers.place !== 'home_visit' || Boolean(answers.travelReason);
	if (
		!service ||
		!placesFor(service.modes).includes(answers.place) ||
		!hubOk ||
		!travelOk ||
		!contactReachableWays(context).includes(answers.reachBy)
	) {
		return { ok: false, reason: 'answers-changed' };
	}
	const recorded = patientId === null ? null : communicationNeedsOf(patientId);
	// The needs travel with the request; how to reach them was asked on the request itself.
	const needs: RequestNeeds = recorded
		? {
				interpreterLanguage: recorded.interpreterLanguage,
				needs: recorded.needs,
				other: recorded.other,
				otherLanguage: recorded.otherLanguage
			}
		: noNeeds;
	return database().transaction(
		(tx) => {
			// The same form sent twice (a double press on a slow connection) sends once.
			const earlier = sendToken
				? tx
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
						.get()
				: undefined;
			if (earlier) return { ok: true, id: earlier.id } as const;
			const request = tx
				.insert(contactRequests)
				.values({
					reference: freeReference(tx),
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
				})
				.returning()
				.get();
			addEvent(tx, context, request, 'received', 'request.made', { now, alwaysTell: true });
			return { ok: true, id: request.id } as const;
		},
		{ behavior: 'immediate' }
	);
}

/** A reference no request holds yet. */
function freeReference(tx: Transaction): string {
	return unusedReference((reference) =>
		Boolean(
			tx
				.select({ id: contactRequests.id })
				.from(contactRequests)
				.where(eq(contactRequests.reference, reference))
				.get()
		)
	);
}

/**
 * One step in a request's life: on its timeline, in the patient's activity log, and told to
 * the patient, unless they did it themself (they see it on screen as they do it). Their own
 * request's receipt is always sent: it holds the reference and when to expect an answer.
 */
function addEvent(
	tx: Transaction,
	context: ActingContext,
	request: { id: number; reference: string },
	kind: RequestEventKind,
	action: ActivityAction,
	{
		now,
		body,
		language = 'en',
		alwaysTell = false
	}: { now: Date; body?: string; language?: string; alwaysTell?: boolean }
): void {
	tx.insert(requestEvents)
		.values({
			requestId: request.id,
			kind,
			at: now,
			actorUserId: context.actor?.userId ?? null,
			via: context.via,
			body: body ?? null,
			// The language the writer's pages were in (staff pages are in English).
			bodyLanguage: body ? language : null
		})
		.run();
	recordActivity(tx, context, action, { reference: request.reference });
	const message = requestMessageKinds[kind];
	if (message && (alwaysTell || context.via !== 'self')) {
		queueRequestMessage(tx, message, request.id, { body, now });
	}
}

/** A request with what the patient and staff both see: service, place and its timeline. */
function requestDetail(id: number) {
	const db = database();
	const row = db
		.select({
			request: contactRequests,
			service: services.name,
			organisation: organisations.name,
			organisationId: services.organisationId,
			label: services.label,
			phone: services.phone,
			responseTargetWorkingDays: services.responseTargetWorkingDays,
			// The record it is about; null until staff match a request made without one.
			patientId: patients.id,
			givenName: patients.givenName,
			familyName: patients.familyName
		})
		.from(contactRequests)
		.innerJoin(services, eq(contactRequests.serviceId, services.id))
		.innerJoin(organisations, eq(services.organisationId, organisations.id))
		.leftJoin(patients, eq(contactRequests.patientId, patients.id))
		.where(eq(contactRequests.id, id))
		.get();
	if (!row) return undefined;
	const hub =
		row.request.hubLocationId === null
			? null
			: (communityHubs().find((place) => place.id === row.request.hubLocationId) ?? null);
	const events = db
		.select({
			id: requestEvents.id,
			kind: requestEvents.kind,
			at: requestEvents.at,
			via: requestEvents.via,
			body: requestEvents.body,
			bodyLanguage: requestEvents.bodyLanguage,
			actorEmail: users.email,
			actorMobile: users.mobile,
			actorGivenName: patients.givenName,
			actorFamilyName: patients.familyName
		})
		.from(requestEvents)
		.leftJoin(users, eq(requestEvents.actorUserId, users.id))
		.leftJoin(patients, eq(users.patientId, patients.id))
		.where(eq(requestEvents.requestId, id))
		.orderBy(asc(requestEvents.at), asc(requestEvents.id))
		.all()
		.map(({ actorGivenName, actorFamilyName, actorEmail, actorMobile, ...event }) => ({
			...event,
			// As the activity log names people: by name, else the address they signed up with.
			// Staff are named by their organisation, never by their own address.
			actorName:
				event.via === 'staff'
					? null
					: actorGivenName
						? `${actorGivenName} ${actorFamilyName}`
						: actorEmail || actorMobile
							? displayIdentifier({ email: actorEmail, mobile: actorMobile })
							: null
		}));
	// The form's one-time token is the server's business alone.
	return { ...row, request: { ...row.request, sendToken: null }, hub, events };
}

export type RequestDetail = NonNullable<ReturnType<typeof requestDetail>>;

/**
 * The subject's requests, newest first, for those who may make them; for an account with no
 * record yet, those it made that are not matched to a record (see `mayFollowUnmatchedRequest`).
 */
export function requestsOf(context: ActingContext) {
	const { subject } = context;
	const unmatched = isUnlinkedSelf(context);
	if (!unmatched && (!subject || !may(context, 'requests.make'))) return [];
	return database()
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
		.all()
		.filter((request) => unmatched || mayFollowRequest(context, request));
}

/** One of the subject's requests; undefined for anyone else's, whatever id is asked for. */
export function requestOf(context: ActingContext, id: number): RequestDetail | undefined {
	const { subject } = context;
	if (isUnlinkedSelf(context)) {
		const detail = requestDetail(id);
		return detail && mayFollowUnmatchedRequest(context, detail.request) ? detail : undefined;
	}
	if (!subject || !may(context, 'requests.make')) return undefined;
	const detail = requestDetail(id);
	return detail?.request.patientId === subject.patientId &&
		mayFollowRequest(context, { madeVia: detail.request.madeVia, label: detail.label })
		? detail
		: undefined;
}

export type ChangeOutcome = 'done' | 'not-found' | 'not-open';

/** Runs a change to one request the actor may make, while it is still open. */
function changeOpenRequest(
	detail: RequestDetail | undefined,
	change: (tx: Transaction, request: typeof contactRequests.$inferSelect) => void
): ChangeOutcome {
	if (!detail) return 'not-found';
	return database().transaction(
		(tx) => {
			// Read again inside the transaction: someone may have changed it a moment ago.
			const request = tx
				.select()
				.from(contactRequests)
				.where(eq(contactRequests.id, detail.request.id))
				.get();
			if (!request || !openStatuses.includes(request.status)) return 'not-open' as const;
			change(tx, request);
			return 'done' as const;
		},
		{ behavior: 'immediate' }
	);
}

/** The patient, or someone allowed to, adds a message to an open request. */
export function replyToRequest(
	context: ActingContext,
	id: number,
	reply: { body: string; language: string },
	now = new Date()
): ChangeOutcome {
	return changeOpenRequest(requestOf(context, id), (tx, request) => {
		addEvent(tx, context, request, 'message_from_patient', 'request.replied', {
			now,
			body: reply.body,
			language: reply.language
		});
	});
}

/** The patient, or someone allowed to, no longer needs an open request. */
export function cancelRequest(context: ActingContext, id: number, now = new Date()): ChangeOutcome {
	return changeOpenRequest(requestOf(context, id), (tx, request) => {
		setStatus(tx, request.id, { status: 'closed', closeReason: 'cancelled_by_patient' });
		addEvent(tx, context, request, 'closed', 'request.cancelled', { now });
	});
}

function setStatus(
	tx: Transaction,
	id: number,
	values: Partial<
		Pick<
			typeof contactRequests.$inferInsert,
			'status' | 'closeReason' | 'assignedToUserId' | 'appointmentId'
		>
	>
): void {
	tx.update(contactRequests).set(values).where(eq(contactRequests.id, id)).run();
}

// Staff side: the queue of a staff member's organisation, and answering its requests.

/**
 * Requests made to the services of the staff member's organisation, oldest first (the longest
 * waiting at the top), with when each is due and the needs that travel with it.
 */
export function requestQueue(
	actor: Actor | null,
	filter: { status: QueueFilter; serviceId?: number },
	now = new Date()
) {
	const organisationId = actor?.organisationId ?? null;
	if (!mayStaff(actor, 'requests.manage', organisationId)) return [];
	const conditions: (SQL | undefined)[] = [
		eq(services.organisationId, organisationId!),
		filter.serviceId === undefined ? undefined : eq(contactRequests.serviceId, filter.serviceId),
		filter.status === 'all'
			? undefined
			: filter.status === 'open'
				? inArray(contactRequests.status, openStatuses)
				: eq(contactRequests.status, filter.status)
	];
	return database()
		.select({
			id: contactRequests.id,
			reference: contactRequests.reference,
			status: contactRequests.status,
			topic: contactRequests.topic,
			place: contactRequests.place,
			createdAt: contactRequests.createdAt,
			dueBy: contactRequests.dueBy,
			needs: contactRequests.needs,
			service: services.name,
			patientId: contactRequests.patientId,
			givenName: patients.givenName,
			familyName: patients.familyName,
			statedIdentity: contactRequests.statedIdentity,
			assignedToUserId: contactRequests.assignedToUserId
		})
		.from(contactRequests)
		.innerJoin(services, eq(contactRequests.serviceId, services.id))
		.leftJoin(patients, eq(contactRequests.patientId, patients.id))
		.where(and(...conditions))
		.orderBy(asc(contactRequests.createdAt), asc(contactRequests.id))
		.all()
		.map(({ statedIdentity, givenName, familyName, ...row }) => ({
			...row,
			// Named as the record names them; until matched, as they named themself.
			matched: row.patientId !== null,
			givenName: givenName ?? statedIdentity?.givenName ?? '',
			familyName: familyName ?? statedIdentity?.familyName ?? '',
			overdue: openStatuses.includes(row.status) && row.dueBy.getTime() < now.getTime()
		}));
}

/** The services of the staff member's organisation, to filter the queue by. */
export function queueServices(actor: Actor | null) {
	const organisationId = actor?.organisationId ?? null;
	if (!mayStaff(actor, 'requests.manage', organisationId)) return [];
	return database()
		.select({ id: services.id, name: services.name })
		.from(services)
		.where(eq(services.organisationId, organisationId!))
		.orderBy(asc(services.name))
		.all();
}

/** A request made to the staff member's organisation; undefined for any other. */
export function staffRequestOf(actor: Actor | null, id: number): RequestDetail | undefined {
	const detail = requestDetail(id);
	return detail && mayStaff(actor, 'requests.manage', detail.organisationId) ? detail : undefined;
}

/**
 * Staff act on the patient's care: recorded as staff, for the patient. A request not matched to
 * a record yet is about nobody's record: its changes are the request's timeline alone.
 */
function staffContext(actor: Actor, detail: RequestDetail): ActingContext {
	const { patientId, givenName, familyName } = detail;
	return {
		actor,
		subject:
			patientId === null
				? null
				: { patientId, givenName: givenName ?? '', familyName: familyName ?? '' },
		via: 'staff'
	};
}

/** A staff member takes the request on: it is now in review, with them. */
export function assignRequest(actor: Actor | null, id: number, now = new Date()): ChangeOutcome {
	const detail = staffRequestOf(actor, id);
	return changeOpenRequest(detail, (tx, request) => {
		// Pressed twice, or already theirs: nothing changes, and nobody is told again.
		if (request.status === 'in_review' && request.assignedToUserId === actor!.userId) return;
		setStatus(tx, request.id, { status: 'in_review', assignedToUserId: actor!.userId });
		addEvent(tx, staffContext(actor!, detail!), request, 'in_review', 'request.in_review', { now });
	});
}

/** Staff write to the patient on an open request; a request nobody had picked up is now in review. */
export function messagePatient(
	actor: Actor | null,
	id: number,
	body: string,
	now = new Date()
): ChangeOutcome {
	const detail = staffRequestOf(actor, id);
	return changeOpenRequest(detail, (tx, request) => {
		if (request.status === 'received') {
			setStatus(tx, request.id, { status: 'in_review', assignedToUserId: actor!.userId });
		}
		addEvent(
			tx,
			staffContext(actor!, detail!),
			request,
			'message_from_staff',
			'request.message_sent',
			{
				now,
				body
			}
		);
	});
}

/** Staff close a request without an appointment, saying why. */
export function closeRequest(
	actor: Actor | null,
	id: number,
	closing: { reason: Exclude<CloseReason, 'cancelled_by_patient'>; note?: string },
	now = new Date()
): ChangeOutcome {
	const detail = staffRequestOf(actor, id);
	return changeOpenRequest(detail, (tx, request) => {
		setStatus(tx, request.id, { status: 'closed', closeReason: closing.reason });
		addEvent(tx, staffContext(actor!, detail!), request, 'closed', 'request.closed', {
			now,
			body: closing.note || undefined
		});
	});
}

/** Face to face means at a place, or at home for a home visit. */
function modeFor(place: RequestDetail['request']['place']) {
	return place === 'home_visit' ? 'home_visit' : 'in_person';
}

/**
 * Free face-to-face times of the service asked, in the booking window, those that suit the
 * patient first (their days and part of the day), then the rest; with whether each suits.
 */
export function timesToArrange(detail: RequestDetail, now = new Date()) {
	const { request } = detail;
	const to = new Date(now.getTime() + bookingWindowDays * 24 * 60 * 60 * 1000);
	const free = freeSlots({
		serviceId: request.serviceId,
		mode: modeFor(request.place),
		from: now,
		to
	});
	const suits = (startsAt: Date) => {
		const day = londonDate(startsAt);
		const part = startsAt < londonTime(day, '12:00') ? 'morning' : 'afternoon';
		return request.days.includes(isoWeekday(day)) && request.dayParts.includes(part);
	};
	// Where each time is, for a meeting somewhere; times at the hub they chose come first.
	const places = new Map(
		database()
			.select({ id: tables.locations.id, name: tables.locations.name })
			.from(tables.locations)
			.all()
			.map((place) => [place.id, place.name])
	);
	const atHub = (locationId: number) => Number(locationId === request.hubLocationId);
	return free
		.map((slot) => ({
			id: slot.id,
			startsAt: slot.startsAt,
			location: slot.mode === 'home_visit' ? null : (places.get(slot.locationId) ?? null),
			locationId: slot.locationId,
			suits: suits(slot.startsAt)
		}))
		.sort(
			(a, b) =>
				atHub(b.locationId) - atHub(a.locationId) ||
				Number(b.suits) - Number(a.suits) ||
				a.startsAt.getTime() - b.startsAt.getTime()
		);
}

export type ArrangeOutcome = ChangeOutcome | BookingFailure | 'not-matched';

/**
 * Staff arrange a request by booking one of the service's free times for the patient: the same
 * rules as any booking, recorded as done by staff for the patient, in one transaction with the
 * request's change.
 */
export function arrangeRequest(
	actor: Actor | null,
	id: number,
	slotId: number,
	now = new Date()
): ArrangeOutcome {
	const detail = staffRequestOf(actor, id);
	if (!detail) return 'not-found';
	const { request } = detail;
	if (!openStatuses.includes(request.status)) return 'not-open';
	// An appointment is booked for a patient record: the request must be matched to one first.
	if (detail.patientId === null) return 'not-matched';
	const slot = timesToArrange(detail, now).find((free) => free.id === slotId);
	if (!slot) return 'slot-unavailable';
	const context = staffContext(actor!, detail);
	// The appointment carries the request's needs, as a booking's needs step would start.
	const appointmentNeeds = bookingNeedsFrom(
		{ ...request.needs, reachBy: null },
		translatorFor('en')('booking.bslName')
	);
	try {
		let failure: BookingFailure | null = null;
		const outcome = changeOpenRequest(detail, (tx, current) => {
			// One message tells them: the request's, which names the appointment.
			const booked = placeBooking(
				tx,
				{ ...context, subject: context.subject! },
				{ slotId, needs: appointmentNeeds, confirm: false },
				now
			);
			if (!booked.ok) {
				failure = booked.reason;
				return;
			}
			setStatus(tx, request.id, {
				status: 'arranged',
				appointmentId: booked.appointment.id,
				assignedToUserId: current.assignedToUserId ?? actor!.userId
			});
			addEvent(tx, context, request, 'arranged', 'request.arranged', { now });
		});
		return failure ?? outcome;
	} catch (error) {
		if (isLiveSlotConflict(error)) return 'slot-taken';
		throw error;
	}
}

/** The appointment a request was arranged with, for the staff who may see the request. */
export function arrangedAppointment(detail: RequestDetail) {
	const { appointments, locations, slots } = tables;
	if (detail.request.appointmentId === null) return null;
	return (
		database()
			.select({
				id: appointments.id,
				reference: appointments.reference,
				status: appointments.status,
				startsAt: slots.startsAt,
				mode: slots.mode,
				location: locations.name
			})
			.from(appointments)
			.innerJoin(slots, eq(appointments.slotId, slots.id))
			.innerJoin(locations, eq(slots.locationId, locations.id))
			.where(eq(appointments.id, detail.request.appointmentId))
			.get() ?? null
	);
}

export type MatchOutcome = ChangeOutcome | 'already-matched';

/**
 * Staff match a request made without a record to the patient they found by exact details (see
 * assist/assist.ts `findResident`, which counts against the resident-search limit): from now on
 * it is that patient's request, and a line in their activity log says so. What the person said
 * about who they are stays on the request, as said.
 */
export function matchRequest(
	actor: Actor | null,
	id: number,
	patient: { id: number; givenName: string; familyName: string }
): MatchOutcome {
	const detail = staffRequestOf(actor, id);
	if (!detail) return 'not-found';
	if (detail.patientId !== null) return 'already-matched';
	return database().transaction(
		(tx) => {
			// Only a request still unmatched is matched: `patient_id IS NULL` in the update.
			const matched = tx
				.update(contactRequests)
				.set({ patientId: patient.id })
				.where(and(eq(contactRequests.id, id), isNull(contactRequests.patientId)))
				.run();
			if (matched.changes === 0) return 'already-matched' as const;
			recordActivity(
				tx,
				{
					actor,
					subject: {
						patientId: patient.id,
						givenName: patient.givenName,
						familyName: patient.familyName
					},
					via: 'staff'
				},
				'request.matched',
				{ reference: detail.request.reference }
			);
			return 'done' as const;
		},
		{ behavior: 'immediate' }
	);
}
