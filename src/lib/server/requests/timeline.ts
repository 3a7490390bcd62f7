// One request as both sides see it (the person asking, and staff of the service asked), and each
// step in its life: on its timeline, in the patient's activity log and told to them, in one
// transaction.
import { asc, eq } from 'drizzle-orm';
import type { RequestStatus } from '$lib/contact-requests';
import type { ActingContext } from '../access/policy';
import { recordActivity, type ActivityAction } from '../audit';
import { displayIdentifier } from '../identifier';
import { database, tables, type Transaction, transaction } from '../db';
import type { RequestEventKind } from '../db/schema';
import { queueRequestMessage, requestMessageKinds } from '../messages/outbox';
import { communityHubs } from './choices';

const { contactRequests, organisations, patients, requestEvents, services, users } = tables;

/** Open requests can still be answered, replied to or cancelled. */
export const openStatuses: RequestStatus[] = ['received', 'in_review'];

/**
 * One step in a request's life: on its timeline, in the patient's activity log, and told to
 * the patient, unless they did it themself (they see it on screen as they do it). Their own
 * request's receipt is always sent: it holds the reference and when to expect an answer.
 */
export async function addEvent(
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
): Promise<void> {
	await tx.insert(requestEvents).values({
		requestId: request.id,
		kind,
		at: now,
		actorUserId: context.actor?.userId ?? null,
		via: context.via,
		body: body ?? null,
		// The language the writer's pages were in (staff pages are in English).
		bodyLanguage: body ? language : null
	});
	await recordActivity(tx, context, action, { reference: request.reference });
	const message = requestMessageKinds[kind];
	const detail =
		message && (alwaysTell || context.via !== 'self') && (await requestDetail(request.id));
	if (message && detail) {
		const appointment = await arrangedAppointment(detail);
		await queueRequestMessage(tx, message, { ...detail, appointment }, { body, now });
	}
}

/**
 * A request with what the patient and staff both see: service, place and its timeline. Whoever
 * may see it is decided by its readers, `requestOf` (asking.ts) and `staffRequestOf` (answering.ts).
 */
export async function requestDetail(id: number) {
	const db = database();
	const row = (
		await db
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
	)[0];
	if (!row) return undefined;
	const hub =
		row.request.hubLocationId === null
			? null
			: ((await communityHubs()).find((place) => place.id === row.request.hubLocationId) ?? null);
	const events = (
		await db
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
	).map(({ actorGivenName, actorFamilyName, actorEmail, actorMobile, ...event }) => ({
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

export type RequestDetail = NonNullable<Awaited<ReturnType<typeof requestDetail>>>;

export type ChangeOutcome = 'done' | 'not-found' | 'not-open';

/**
 * Runs a change to one request the actor may make, while it is still open. A change that cannot
 * be made returns why (`Refusal`), and that is the outcome.
 */
export async function changeOpenRequest<Refusal extends string = never>(
	detail: RequestDetail | undefined,
	change: (
		tx: Transaction,
		request: typeof contactRequests.$inferSelect
	) => Promise<NoInfer<Refusal> | void>
): Promise<ChangeOutcome | Refusal> {
	if (!detail) return 'not-found';
	return await transaction(
		async (tx) => {
			// Read again inside the transaction: someone may have changed it a moment ago.
			const request = (
				await tx.select().from(contactRequests).where(eq(contactRequests.id, detail.request.id))
			)[0];
			if (!request || !openStatuses.includes(request.status)) return 'not-open' as const;
			return (await change(tx, request)) ?? ('done' as const);
		},
		{ behavior: 'immediate' }
	);
}

export async function setStatus(
	tx: Transaction,
	id: number,
	values: Partial<
		Pick<
			typeof contactRequests.$inferInsert,
			'status' | 'closeReason' | 'assignedToUserId' | 'appointmentId'
		>
	>
): Promise<void> {
	await tx.update(contactRequests).set(values).where(eq(contactRequests.id, id));
}

/** The appointment a request was arranged with: for the staff who may see the request, and its messages. */
export async function arrangedAppointment(detail: RequestDetail) {
	const { appointments, locations, slots } = tables;
	if (detail.request.appointmentId === null) return null;
	return (
		(
			await database()
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
		)[0] ?? null
	);
}
