// An organisation's diary system publishing, changing and withdrawing free times for its own
// services (FHIR Slot). The same rules as staff's diary (diary.ts): only its own services and
// places, only the ways a service is offered, no two times overlapping at one place, and a slot
// someone has booked is never moved, changed or withdrawn under them. Publishing the same
// identifier again changes that slot: a system that sends its diary twice makes no second slot.
import { and, eq, ne } from 'drizzle-orm';
import type { FhirCaller } from '../../access/policy';
import { database, tables, type Executor, type Transaction } from '../../db';
import type { AppointmentMode } from '../../db/schema';
import {
	longestSlotMinutes,
	organisationOf,
	setSlotBlocked,
	shortestSlotMinutes
} from '../../diary/diary';
import { FhirError } from '../outcome';
import { deliveryChannel, modeOf } from '../resources/codes';
import { parseScheduleId, slotResource } from '../resources/directory';
import {
	identifierToKeep,
	inOneTransaction,
	isObject,
	addressedId,
	postedForConditionalUpdate,
	postedForUpdate,
	postedResource,
	rowIdentifiedBy,
	systemIdentifierOf,
	type Posted,
	type SystemIdentifier,
	type Written
} from './resource';
import { overlappingSlot } from '../../diary/diary';
import { scheduleIsActive } from './schedules';

const { appointments, services, slots } = tables;

type SlotRow = typeof slots.$inferSelect;

/** A slot as a write asks for it, checked against the caller's diary. */
type SlotWrite = {
	serviceId: number;
	locationId: number;
	mode: AppointmentMode;
	startsAt: Date;
	endsAt: Date;
	blocked: boolean;
};

const instantOf = (value: unknown, element: string): Date => {
	const at = typeof value === 'string' ? new Date(value) : null;
	if (!at || Number.isNaN(at.getTime()))
		throw new FhirError(400, 'value', `Slot.${element} is not an instant.`);
	return at;
};

const deliveryChannelUrl = deliveryChannel('in_person').url;

/** A slot that names no delivery channel at all is in person, as most are; one it names unknown is not. */
function saysNoChannel(slot: Posted): AppointmentMode | undefined {
	const extensions = Array.isArray(slot.extension) ? slot.extension : [];
	const named = extensions.some(
		(extension) => isObject(extension) && extension.url === deliveryChannelUrl
	);
	return named ? undefined : 'in_person';
}

/**
 * What the Slot asks for, or a refusal: a Schedule of the caller's own organisation (one of its
 * services at one of its places, as staff's diary allows), a way the service is offered, free or
 * withdrawn, and a sensible time.
 */
async function slotWriteOf(caller: FhirCaller, slot: Posted, now: Date): Promise<SlotWrite> {
	const reference = isObject(slot.schedule) ? slot.schedule.reference : undefined;
	const named =
		typeof reference === 'string' && reference.startsWith('Schedule/')
			? parseScheduleId(reference.slice('Schedule/'.length))
			: null;
	if (!named)
		throw new FhirError(400, 'invalid', 'Slot.schedule must be Schedule/{serviceId}-{locationId}.');
	const catalogue = await organisationOf(caller.actor);
	const service = catalogue?.services.find((candidate) => candidate.id === named.serviceId);
	const ownPlace = catalogue?.locations.some((location) => location.id === named.locationId);
	if (!service || !ownPlace)
		throw new FhirError(
			403,
			'forbidden',
			`${reference} is not a diary of your organisation: a system publishes only its own services' times at its own places.`
		);
	const mode = modeOf(slot as Parameters<typeof modeOf>[0]) ?? saysNoChannel(slot);
	if (!mode)
		throw new FhirError(
			422,
			'business-rule',
			'The DeliveryChannel is one Joined Up offers: In-person (a home visit with its appointmentType), Telephone or Video.'
		);
	if (!service.modes.includes(mode))
		throw new FhirError(422, 'business-rule', `${service.name} is not offered ${mode}.`);
	const blocked = { free: false, 'busy-unavailable': true }[String(slot.status)];
	if (blocked === undefined)
		throw new FhirError(
			422,
			'business-rule',
			'A system publishes a slot as free, or withdraws it as busy-unavailable: a slot becomes busy when someone books it.'
		);
	const startsAt = instantOf(slot.start, 'start');
	const endsAt = instantOf(slot.end, 'end');
	const minutes = (endsAt.getTime() - startsAt.getTime()) / 60_000;
	if (minutes < shortestSlotMinutes || minutes > longestSlotMinutes)
		throw new FhirError(
			422,
			'business-rule',
			`A slot ends after it starts, and lasts ${shortestSlotMinutes} to ${longestSlotMinutes} minutes.`
		);
	if (!blocked && startsAt <= now)
		throw new FhirError(422, 'business-rule', 'A free time must start in the future.');
	return {
		serviceId: service.id,
		locationId: named.locationId,
		mode,
		startsAt,
		endsAt,
		blocked
	};
}

/**
 * True while an appointment holds the slot, or once held it: one booked, or one the patient came
 * to or missed. What happened at a time is never rewritten; only a cancelled one lets it go.
 */
export async function isBooked(db: Executor, slotId: number): Promise<boolean> {
	return !!(
		await db
			.select({ id: appointments.id })
			.from(appointments)
			.where(and(eq(appointments.slotId, slotId), ne(appointments.status, 'cancelled')))
	)[0];
}

/** As staff's sessions do: one time at a place, for one service and way, is one slot. */
async function refuseOverlap(
	tx: Transaction,
	write: SlotWrite,
	exceptSlotId?: number
): Promise<void> {
	const clash = await overlappingSlot(tx, write, exceptSlotId);
	if (clash)
		throw new FhirError(422, 'business-rule', `The time overlaps Slot/${clash.id} in this diary.`);
}

/** A Schedule made inactive takes no free times until it is made active again. */
async function refuseInactiveSchedule(tx: Transaction, write: SlotWrite): Promise<void> {
	if (!write.blocked && !(await scheduleIsActive(tx, write.serviceId, write.locationId)))
		throw new FhirError(
			422,
			'business-rule',
			`Schedule/${write.serviceId}-${write.locationId} is inactive: make it active to publish free times.`
		);
}

/** The slot and the organisation whose service it is, or a refusal (404 none, 403 another's). */
async function ownSlot(tx: Transaction, caller: FhirCaller, slotId: number): Promise<SlotRow> {
	const row = (
		await tx
			.select({ slot: slots, organisationId: services.organisationId })
			.from(slots)
			.innerJoin(services, eq(slots.serviceId, services.id))
			.where(eq(slots.id, slotId))
	)[0];
	if (!row) throw new FhirError(404, 'not-found', `Slot/${slotId} is not known.`);
	// Slots are in the directory, which every client may read: saying whose it is reveals nothing.
	if (row.organisationId !== caller.actor.organisationId)
		throw new FhirError(403, 'forbidden', `Slot/${slotId} is another organisation's.`);
	return row.slot;
}

/** The slot as the interface shows it. */
async function resourceOf(tx: Executor, slotId: number) {
	const row = (
		await tx
			.select({ slot: slots, service: services })
			.from(slots)
			.innerJoin(services, eq(slots.serviceId, services.id))
			.where(eq(slots.id, slotId))
	)[0]!;
	return slotResource(row.slot, row.service, await isBooked(tx, slotId));
}

async function publish(
	tx: Transaction,
	write: SlotWrite,
	identifier: SystemIdentifier | null
): Promise<Written> {
	await refuseInactiveSchedule(tx, write);
	await refuseOverlap(tx, write);
	const slot = (
		await tx
			.insert(slots)
			.values({
				...write,
				identifierSystem: identifier?.system ?? null,
				identifierValue: identifier?.value ?? null
			})
			.returning({ id: slots.id })
	)[0]!;
	return { status: 201, resource: await resourceOf(tx, slot.id) };
}

const unchanged = (slot: SlotRow, write: SlotWrite) =>
	slot.serviceId === write.serviceId &&
	slot.locationId === write.locationId &&
	slot.mode === write.mode &&
	slot.startsAt.getTime() === write.startsAt.getTime() &&
	slot.endsAt.getTime() === write.endsAt.getTime() &&
	slot.blocked === write.blocked;

/**
 * Changes a slot to what the write asks. A booked slot stays exactly as the patient booked it:
 * the same slot sent again is fine, any change to it is a conflict (cancel with the patient first).
 */
async function change(
	tx: Transaction,
	slot: SlotRow,
	write: SlotWrite,
	identifier: SystemIdentifier | null
): Promise<Written> {
	const keep = await identifierToKeep(tx, slots, slot, identifier, `Slot/${slot.id}`);
	if (!unchanged(slot, write)) {
		if (await isBooked(tx, slot.id))
			throw new FhirError(
				409,
				'conflict',
				`Slot/${slot.id} is booked: it is never moved, changed or withdrawn under the patient. Cancel the appointment with them first.`
			);
		await refuseInactiveSchedule(tx, write);
		if (!write.blocked) await refuseOverlap(tx, write, slot.id);
	}
	await tx
		.update(slots)
		.set({ ...write, ...keep })
		.where(eq(slots.id, slot.id));
	return { status: 200, resource: await resourceOf(tx, slot.id) };
}

/** Publishes a free time; the same identifier again changes the slot it made (200), not a second. */
export async function createSlot(
	caller: FhirCaller,
	body: unknown,
	now = new Date()
): Promise<Written> {
	const posted = postedResource(body, 'Slot');
	const write = await slotWriteOf(caller, posted, now);
	const identifier = systemIdentifierOf(posted);
	return await inOneTransaction(async (tx) => {
		const known = identifier && (await rowIdentifiedBy(tx, slots, identifier));
		if (!known) return await publish(tx, write, identifier);
		return await change(tx, await ownSlot(tx, caller, known.id), write, identifier);
	});
}

/** Changes (or withdraws, as busy-unavailable) one of the organisation's slots. */
export async function updateSlot(
	caller: FhirCaller,
	id: string,
	body: unknown,
	now = new Date()
): Promise<Written> {
	const slotId = addressedId('Slot', id);
	const posted = postedForUpdate(body, 'Slot', id);
	const write = await slotWriteOf(caller, posted, now);
	const identifier = systemIdentifierOf(posted);
	return await inOneTransaction(
		async (tx) => await change(tx, await ownSlot(tx, caller, slotId), write, identifier)
	);
}

/** `PUT Slot?identifier=system|value`: changes the slot with that identifier, or publishes it. */
export async function updateSlotByIdentifier(
	caller: FhirCaller,
	params: URLSearchParams,
	body: unknown,
	now = new Date()
): Promise<Written> {
	const { identifier, posted } = postedForConditionalUpdate(params, body, 'Slot');
	const write = await slotWriteOf(caller, posted, now);
	return await inOneTransaction(async (tx) => {
		const known = await rowIdentifiedBy(tx, slots, identifier);
		if (!known) return await publish(tx, write, identifier);
		return await change(tx, await ownSlot(tx, caller, known.id), write, identifier);
	});
}

/**
 * Withdraws a slot (staff's "block"). It is kept, busy-unavailable, because appointments made
 * and cancelled in it still point at it; a booked slot is refused.
 */
export async function withdrawSlot(caller: FhirCaller, id: string): Promise<Written> {
	const slotId = addressedId('Slot', id);
	return await inOneTransaction(async (tx) => {
		await ownSlot(tx, caller, slotId);
		const withdrawn = (await isBooked(tx, slotId))
			? ({ ok: false, reason: 'booked' } as const)
			: await setSlotBlocked(caller.actor, slotId, true);
		if (!withdrawn.ok && withdrawn.reason === 'booked')
			throw new FhirError(
				409,
				'conflict',
				`Slot/${slotId} is booked: it is never withdrawn under the patient. Cancel the appointment with them first.`
			);
		if (!withdrawn.ok) throw new FhirError(404, 'not-found', `Slot/${slotId} is not known.`);
		return { status: 200, resource: await resourceOf(database(), slotId) };
	});
}
