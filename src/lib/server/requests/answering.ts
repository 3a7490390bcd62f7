// Answering requests, as staff of the service asked do: their organisation's queue, taking a
// request on, writing to the person, arranging an appointment, matching a request made without a
// record, and closing it.
import { and, asc, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import type { CloseReason, QueueFilter } from '$lib/contact-requests';
import { translatorFor } from '$lib/i18n';
import { isoWeekday, londonDate, londonTime } from '$lib/time';
import { mayStaff, type ActingContext, type Actor } from '../access/policy';
import { recordActivity } from '../audit';
import { bookingWindowDays, freeSlots } from '../appointments/availability';
import { isLiveSlotConflict, placeBooking, type BookingFailure } from '../appointments/booking';
import { bookingNeedsFrom } from '../communication-needs';
import { changedRows, database, tables, transaction } from '../db';
import {
	addEvent,
	changeOpenRequest,
	openStatuses,
	requestDetail,
	setStatus,
	type ChangeOutcome,
	type RequestDetail
} from './timeline';

const { contactRequests, patients, services } = tables;

/**
 * How many requests the queue shows at once: a busy practice's years of requests ("All") would
 * otherwise all be read and listed. The longest waiting come first; filters reach the rest.
 */
export const queueLength = 100;

/**
 * Requests made to the services of the staff member's organisation, oldest first (the longest
 * waiting at the top), with when each is due and the needs that travel with it: at most `limit`
 * of them, and whether there are `more`.
 */
export async function requestQueue(
	actor: Actor | null,
	filter: { status: QueueFilter; serviceId?: number; limit?: number },
	now = new Date()
) {
	const organisationId = actor?.organisationId ?? null;
	if (!mayStaff(actor, 'requests.manage', organisationId)) return { requests: [], more: false };
	const limit = filter.limit ?? queueLength;
	const conditions: (SQL | undefined)[] = [
		eq(services.organisationId, organisationId!),
		filter.serviceId === undefined ? undefined : eq(contactRequests.serviceId, filter.serviceId),
		filter.status === 'all'
			? undefined
			: filter.status === 'open'
				? inArray(contactRequests.status, openStatuses)
				: eq(contactRequests.status, filter.status)
	];
	const rows = await database()
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
		// One more than shown, to know whether there are more.
		.limit(limit + 1);
	return {
		requests: rows.slice(0, limit).map(({ statedIdentity, givenName, familyName, ...row }) => ({
			...row,
			// Named as the record names them; until matched, as they named themself.
			matched: row.patientId !== null,
			givenName: givenName ?? statedIdentity?.givenName ?? '',
			familyName: familyName ?? statedIdentity?.familyName ?? '',
			overdue: openStatuses.includes(row.status) && row.dueBy.getTime() < now.getTime()
		})),
		more: rows.length > limit
	};
}

/** The services of the staff member's organisation, to filter the queue by. */
export async function queueServices(actor: Actor | null) {
	const organisationId = actor?.organisationId ?? null;
	if (!mayStaff(actor, 'requests.manage', organisationId)) return [];
	return await database()
		.select({ id: services.id, name: services.name })
		.from(services)
		.where(eq(services.organisationId, organisationId!))
		.orderBy(asc(services.name));
}

/** A request made to the staff member's organisation; undefined for any other. */
export async function staffRequestOf(
	actor: Actor | null,
	id: number
): Promise<RequestDetail | undefined> {
	const detail = await requestDetail(id);
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
export async function assignRequest(
	actor: Actor | null,
	id: number,
	now = new Date()
): Promise<ChangeOutcome> {
	const detail = await staffRequestOf(actor, id);
	return await changeOpenRequest(detail, async (tx, request) => {
		// Pressed twice, or already theirs: nothing changes, and nobody is told again.
		if (request.status === 'in_review' && request.assignedToUserId === actor!.userId) return;
		await setStatus(tx, request.id, { status: 'in_review', assignedToUserId: actor!.userId });
		await addEvent(tx, staffContext(actor!, detail!), request, 'in_review', 'request.in_review', {
			now
		});
	});
}

/** Staff write to the patient on an open request; a request nobody had picked up is now in review. */
export async function messagePatient(
	actor: Actor | null,
	id: number,
	body: string,
	now = new Date()
): Promise<ChangeOutcome> {
	const detail = await staffRequestOf(actor, id);
	return await changeOpenRequest(detail, async (tx, request) => {
		if (request.status === 'received') {
			await setStatus(tx, request.id, { status: 'in_review', assignedToUserId: actor!.userId });
		}
		await addEvent(
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
export async function closeRequest(
	actor: Actor | null,
	id: number,
	closing: { reason: Exclude<CloseReason, 'cancelled_by_patient'>; note?: string },
	now = new Date()
): Promise<ChangeOutcome> {
	const detail = await staffRequestOf(actor, id);
	return await changeOpenRequest(detail, async (tx, request) => {
		await setStatus(tx, request.id, { status: 'closed', closeReason: closing.reason });
		await addEvent(tx, staffContext(actor!, detail!), request, 'closed', 'request.closed', {
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
export async function timesToArrange(detail: RequestDetail, now = new Date()) {
	const { request } = detail;
	const to = new Date(now.getTime() + bookingWindowDays * 24 * 60 * 60 * 1000);
	const free = await freeSlots({
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
		(
			await database()
				.select({ id: tables.locations.id, name: tables.locations.name })
				.from(tables.locations)
		).map((place) => [place.id, place.name])
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
 * request's change. A booking refused (the person is booked at that time, say) changes nothing,
 * and says why.
 */
export async function arrangeRequest(
	actor: Actor | null,
	id: number,
	slotId: number,
	now = new Date()
): Promise<ArrangeOutcome> {
	const detail = await staffRequestOf(actor, id);
	if (!detail) return 'not-found';
	const { request } = detail;
	if (!openStatuses.includes(request.status)) return 'not-open';
	// An appointment is booked for a patient record: the request must be matched to one first.
	if (detail.patientId === null) return 'not-matched';
	const slot = (await timesToArrange(detail, now)).find((free) => free.id === slotId);
	if (!slot) return 'slot-unavailable';
	const context = staffContext(actor!, detail);
	// The appointment carries the request's needs, as a booking's needs step would start.
	const appointmentNeeds = bookingNeedsFrom(
		{ ...request.needs, reachBy: null },
		translatorFor('en')('booking.bslName')
	);
	try {
		return await changeOpenRequest<BookingFailure>(detail, async (tx, current) => {
			// One message tells them: the request's, which names the appointment.
			const booked = await placeBooking(
				tx,
				{ ...context, subject: context.subject! },
				{ slotId, needs: appointmentNeeds, confirm: false },
				now
			);
			if (!booked.ok) return booked.reason;
			await setStatus(tx, request.id, {
				status: 'arranged',
				appointmentId: booked.appointment.id,
				assignedToUserId: current.assignedToUserId ?? actor!.userId
			});
			await addEvent(tx, context, request, 'arranged', 'request.arranged', { now });
		});
	} catch (error) {
		if (isLiveSlotConflict(error)) return 'slot-taken';
		throw error;
	}
}

export type MatchOutcome = ChangeOutcome | 'already-matched';

/**
 * Staff match a request made without a record to the patient they found by exact details (see
 * assist/assist.ts `findResident`, which counts against the resident-search limit): from now on
 * it is that patient's request, and a line in their activity log says so. What the person said
 * about who they are stays on the request, as said.
 */
export async function matchRequest(
	actor: Actor | null,
	id: number,
	patient: { id: number; givenName: string; familyName: string }
): Promise<MatchOutcome> {
	const detail = await staffRequestOf(actor, id);
	if (!detail) return 'not-found';
	if (detail.patientId !== null) return 'already-matched';
	return await transaction(
		async (tx) => {
			// Only a request still unmatched is matched: `patient_id IS NULL` in the update.
			const matched = await tx
				.update(contactRequests)
				.set({ patientId: patient.id })
				.where(and(eq(contactRequests.id, id), isNull(contactRequests.patientId)));
			if (changedRows(matched) === 0) return 'already-matched' as const;
			await recordActivity(
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
