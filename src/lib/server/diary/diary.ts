// Staff diaries: sessions that make slots, blocking single slots, the day list, and recording
// whether people came. Every function takes the staff member and works only within their own
// organisation: a slot or appointment of another organisation is not found.
import { and, asc, eq, gt, gte, inArray, lt, ne } from 'drizzle-orm';
import { addDays, isoWeekday, londonDate, londonTime } from '$lib/time';
import { mayStaff, type Actor } from '../access/policy';
import { recordActivity } from '../audit';
import { database, tables, transaction, type Executor } from '../db';
import type { ActivityChannel, AppointmentMode } from '../db/schema';

const {
	appointments,
	communicationNeeds,
	diarySessions,
	locations,
	organisations,
	patients,
	services,
	slots
} = tables;

/** The longest a session may run, and the most slots it may make, so a typo cannot flood. */
export const longestSessionDays = 92;
export const mostSlotsPerSession = 3000;
/** How long one slot may be, in minutes, however it is made. */
export const shortestSlotMinutes = 5;
export const longestSlotMinutes = 240;

/** The staff member's organisation with its services and places, or null if they have none. */
export async function organisationOf(actor: Actor | null) {
	if (!actor || !mayStaff(actor, 'diary.manage', actor.organisationId)) return null;
	const db = database();
	const organisation = (
		await db.select().from(organisations).where(eq(organisations.id, actor.organisationId!))
	)[0];
	if (!organisation) return null;
	return {
		organisation,
		services: await db
			.select({ id: services.id, name: services.name, kind: services.kind, modes: services.modes })
			.from(services)
			.where(eq(services.organisationId, organisation.id))
			.orderBy(asc(services.name)),
		locations: await db
			.select({ id: locations.id, name: locations.name })
			.from(locations)
			.where(eq(locations.organisationId, organisation.id))
			.orderBy(asc(locations.name))
	};
}

export type SessionPlan = {
	serviceId: number;
	locationId: number;
	mode: AppointmentMode;
	/** ISO weekdays, 1 Monday … 7 Sunday. */
	weekdays: number[];
	/** London wall-clock times, HH:MM. */
	startTime: string;
	endTime: string;
	slotMinutes: number;
	fromDate: string;
	toDate: string;
};

const toMinutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const toClock = (minutes: number) =>
	`${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The start times a plan makes, in order, leaving out any already past. */
export function plannedStarts(plan: SessionPlan, now = new Date()): Date[] {
	const starts: Date[] = [];
	const last = toMinutes(plan.endTime) - plan.slotMinutes;
	for (let date = plan.fromDate; date <= plan.toDate; date = addDays(date, 1)) {
		if (!plan.weekdays.includes(isoWeekday(date))) continue;
		for (let minute = toMinutes(plan.startTime); minute <= last; minute += plan.slotMinutes) {
			const startsAt = londonTime(date, toClock(minute));
			if (startsAt > now) starts.push(startsAt);
		}
	}
	return starts;
}

export type SessionOutcome =
	| { ok: true; created: number; skipped: number }
	| { ok: false; reason: 'not-permitted' | 'not-offered' | 'too-many' | 'no-times' };

/**
 * Makes a session and its slots. A time that overlaps a slot the service already has at that
 * place and in that way is skipped, so running the same session twice makes nothing new.
 */
export async function createSession(
	actor: Actor,
	plan: SessionPlan,
	now = new Date()
): Promise<SessionOutcome> {
	const catalogue = await organisationOf(actor);
	if (!catalogue) return { ok: false, reason: 'not-permitted' };
	const service = catalogue.services.find((s) => s.id === plan.serviceId);
	const offered =
		service?.modes.includes(plan.mode) &&
		catalogue.locations.some((location) => location.id === plan.locationId);
	if (!offered) return { ok: false, reason: 'not-offered' };
	const starts = plannedStarts(plan, now);
	if (starts.length === 0) return { ok: false, reason: 'no-times' };
	if (starts.length > mostSlotsPerSession) return { ok: false, reason: 'too-many' };

	return await transaction(
		async (tx) => {
			const session = (
				await tx
					.insert(diarySessions)
					.values({ ...plan, createdByUserId: actor.userId })
					.returning({ id: diarySessions.id })
			)[0]!;
			let created = 0;
			for (const startsAt of starts) {
				const endsAt = new Date(startsAt.getTime() + plan.slotMinutes * 60_000);
				if (await overlappingSlot(tx, { ...plan, startsAt, endsAt })) continue;
				await tx.insert(slots).values({
					serviceId: plan.serviceId,
					locationId: plan.locationId,
					mode: plan.mode,
					startsAt,
					endsAt,
					sessionId: session.id
				});
				created++;
			}
			return { ok: true, created, skipped: starts.length - created } as const;
		},
		{ behavior: 'immediate' }
	);
}

/** Every slot of the organisation on a London date, with whoever holds it. */
export async function dayList(actor: Actor, date: string) {
	const catalogue = await organisationOf(actor);
	if (!catalogue) return [];
	const serviceIds = catalogue.services.map((s) => s.id);
	if (serviceIds.length === 0) return [];
	return await database()
		.select({
			slotId: slots.id,
			startsAt: slots.startsAt,
			endsAt: slots.endsAt,
			mode: slots.mode,
			blocked: slots.blocked,
			serviceId: services.id,
			service: services.name,
			location: locations.name,
			appointmentId: appointments.id,
			status: appointments.status,
			confirmedAt: appointments.confirmedAt,
			reference: appointments.reference,
			needs: appointments.needs,
			givenName: patients.givenName,
			familyName: patients.familyName,
			// What the patient has recorded, beyond what they asked for at booking.
			recordedNeeds: communicationNeeds.needs,
			recordedInterpreter: communicationNeeds.interpreterLanguage,
			recordedOther: communicationNeeds.other,
			recordedOtherLanguage: communicationNeeds.otherLanguage
		})
		.from(slots)
		.innerJoin(services, eq(slots.serviceId, services.id))
		.innerJoin(locations, eq(slots.locationId, locations.id))
		// A cancelled appointment no longer holds its slot; any other one does.
		.leftJoin(
			appointments,
			and(eq(appointments.slotId, slots.id), ne(appointments.status, 'cancelled'))
		)
		.leftJoin(patients, eq(appointments.patientId, patients.id))
		.leftJoin(communicationNeeds, eq(communicationNeeds.patientId, patients.id))
		.where(
			and(
				inArray(slots.serviceId, serviceIds),
				gte(slots.startsAt, londonTime(date, '00:00')),
				lt(slots.startsAt, londonTime(addDays(date, 1), '00:00'))
			)
		)
		.orderBy(asc(slots.startsAt), asc(services.name), asc(slots.mode));
}

export type DiaryEntry = Awaited<ReturnType<typeof dayList>>[number];

/** One service's times on a day that nobody holds: free to book, or blocked by staff. */
export type OpenTimes = {
	serviceId: number;
	service: string;
	free: number;
	blocked: number;
	slots: DiaryEntry[];
};

/**
 * A day as staff read it: the appointments first, in time order, then each service's open
 * times together (a day holds dozens of them, which would bury the appointments), by service.
 */
export function dayPlan(entries: readonly DiaryEntry[]): {
	appointments: DiaryEntry[];
	openTimes: OpenTimes[];
} {
	const appointments = entries.filter((entry) => entry.appointmentId !== null);
	const byService = new Map<number, OpenTimes>();
	for (const entry of entries) {
		if (entry.appointmentId !== null) continue;
		const times = byService.get(entry.serviceId) ?? {
			serviceId: entry.serviceId,
			service: entry.service,
			free: 0,
			blocked: 0,
			slots: []
		};
		if (entry.blocked) times.blocked += 1;
		else times.free += 1;
		times.slots.push(entry);
		byService.set(entry.serviceId, times);
	}
	const openTimes = [...byService.values()].sort((a, b) => a.service.localeCompare(b.service));
	return { appointments, openTimes };
}

/** A slot of the staff member's organisation, or undefined. */
async function ownSlot(actor: Actor, slotId: number) {
	const row = (
		await database()
			.select({ slot: slots, organisationId: services.organisationId })
			.from(slots)
			.innerJoin(services, eq(slots.serviceId, services.id))
			.where(eq(slots.id, slotId))
	)[0];
	return row && mayStaff(actor, 'diary.manage', row.organisationId) ? row.slot : undefined;
}

/** Takes a free slot out of the diary, or puts it back. A booked slot cannot be blocked. */
export async function setSlotBlocked(
	actor: Actor,
	slotId: number,
	blocked: boolean
): Promise<{ ok: true } | { ok: false; reason: 'not-found' | 'booked' }> {
	return await transaction(
		async (tx) => {
			if (!(await ownSlot(actor, slotId))) return { ok: false, reason: 'not-found' } as const;
			const live = (
				await tx
					.select({ id: appointments.id })
					.from(appointments)
					.where(and(eq(appointments.slotId, slotId), eq(appointments.status, 'booked')))
			)[0];
			if (blocked && live) return { ok: false, reason: 'booked' } as const;
			await tx.update(slots).set({ blocked }).where(eq(slots.id, slotId));
			return { ok: true } as const;
		},
		{ behavior: 'immediate' }
	);
}

export type Attendance = 'attended' | 'did_not_attend';

/**
 * Records whether the patient came, once the appointment's day has come. A mistake can be put
 * right by recording the other outcome; each record is in the patient's activity log, saying
 * whether staff recorded it on the web or the service's own system did through the FHIR interface.
 */
export async function recordAttendance(
	actor: Actor,
	appointmentId: number,
	outcome: Attendance,
	now = new Date(),
	channel: ActivityChannel = 'web'
): Promise<{ ok: true } | { ok: false; reason: 'not-found' | 'not-yet' | 'cancelled' }> {
	return await transaction(
		async (tx) => {
			const row = (
				await tx
					.select({ appointment: appointments, slot: slots, patient: patients })
					.from(appointments)
					.innerJoin(slots, eq(appointments.slotId, slots.id))
					.innerJoin(patients, eq(appointments.patientId, patients.id))
					.where(eq(appointments.id, appointmentId))
			)[0];
			if (!row || !(await ownSlot(actor, row.slot.id)))
				return { ok: false, reason: 'not-found' } as const;
			if (row.appointment.status === 'cancelled')
				return { ok: false, reason: 'cancelled' } as const;
			if (londonDate(row.slot.startsAt) > londonDate(now))
				return { ok: false, reason: 'not-yet' } as const;
			if (row.appointment.status === outcome) return { ok: true } as const;
			await tx
				.update(appointments)
				.set({ status: outcome })
				.where(eq(appointments.id, appointmentId));
			const subject = {
				patientId: row.patient.id,
				givenName: row.patient.givenName,
				familyName: row.patient.familyName
			};
			await recordActivity(
				tx,
				{ actor, subject, via: 'staff', channel },
				outcome === 'attended' ? 'appointment.attended' : 'appointment.did_not_attend',
				{ reference: row.appointment.reference }
			);
			return { ok: true } as const;
		},
		{ behavior: 'immediate' }
	);
}

/**
 * A slot of the same service, way and place overlapping this time (other than `exceptSlotId`):
 * one time at a place, for one service and way, is one slot, whether staff make it in a session
 * or another system writes it through FHIR.
 */
export async function overlappingSlot(
	db: Executor,
	time: {
		serviceId: number;
		mode: AppointmentMode;
		locationId: number;
		startsAt: Date;
		endsAt: Date;
	},
	exceptSlotId?: number
): Promise<{ id: number } | undefined> {
	return (
		await db
			.select({ id: slots.id })
			.from(slots)
			.where(
				and(
					eq(slots.serviceId, time.serviceId),
					eq(slots.mode, time.mode),
					eq(slots.locationId, time.locationId),
					lt(slots.startsAt, time.endsAt),
					gt(slots.endsAt, time.startsAt),
					exceptSlotId === undefined ? undefined : ne(slots.id, exceptSlotId)
				)
			)
	)[0];
}
