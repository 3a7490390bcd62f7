// An organisation's diary system making one of its diaries (a service at one place, the derived
// Schedule `{serviceId}-{locationId}`) inactive or active again. Inactive withdraws the diary's
// future free times and takes no new ones; booked times stay booked, and the answer says how many,
// because only the people who booked them can be asked to move.
import { and, eq, gt, max, min, notInArray } from 'drizzle-orm';
import type { FhirCaller } from '../../access/policy';
import { changedRows, tables, type Executor, type Transaction } from '../../db';
import { organisationOf } from '../../diary/diary';
import { FhirError } from '../outcome';
import { parseScheduleId, scheduleId, scheduleResource } from '../resources/directory';
import {
	inOneTransaction,
	isObject,
	postedForUpdate,
	postedResource,
	referencedId,
	type Posted,
	type Written
} from './resource';

const { appointments, inactiveSchedules, slots } = tables;

/**
 * Is the diary (a service at a place) active: taking free times? Only its organisation's system
 * makes one inactive (`Schedule.active: false`). The Schedule served says the same.
 */
export async function scheduleIsActive(
	db: Executor,
	serviceId: number,
	locationId: number
): Promise<boolean> {
	return !(
		await db
			.select({ since: inactiveSchedules.since })
			.from(inactiveSchedules)
			.where(
				and(
					eq(inactiveSchedules.serviceId, serviceId),
					eq(inactiveSchedules.locationId, locationId)
				)
			)
	)[0];
}

/** The caller's own service and place a Schedule names, or a refusal. */
async function ownDiary(caller: FhirCaller, serviceId: number, locationId: number) {
	const catalogue = await organisationOf(caller.actor);
	const service = catalogue?.services.find((candidate) => candidate.id === serviceId);
	const location = catalogue?.locations.find((candidate) => candidate.id === locationId);
	if (!service || !location)
		throw new FhirError(
			403,
			'forbidden',
			`Schedule/${scheduleId(serviceId, locationId)} is not a diary of your organisation.`
		);
	return { service, location };
}

/** The Schedule's actors must be exactly its service and its place. */
function refuseOtherActors(schedule: Posted, serviceId: number, locationId: number): void {
	const actors = Array.isArray(schedule.actor) ? schedule.actor : [];
	const named = actors.map((actor) =>
		referencedId(actor, 'HealthcareService') === serviceId
			? 'service'
			: referencedId(actor, 'Location') === locationId
				? 'location'
				: 'other'
	);
	if (named.includes('other') || !named.includes('service') || !named.includes('location'))
		throw new FhirError(
			400,
			'invalid',
			`Schedule/${scheduleId(serviceId, locationId)}'s actors are HealthcareService/${serviceId} and Location/${locationId}, and no others.`,
			[{ code: 'invalid', diagnostics: 'actor', expression: ['Schedule.actor'] }]
		);
}

const activeOf = (schedule: Posted): boolean => {
	if (schedule.active === undefined) return true;
	if (typeof schedule.active !== 'boolean')
		throw new FhirError(400, 'value', 'Schedule.active is true or false.');
	return schedule.active;
};

/** Withdraws the diary's future free times, keeping every booked one; says how many of each. */
async function makeInactive(
	tx: Transaction,
	caller: FhirCaller,
	serviceId: number,
	locationId: number,
	now: Date
) {
	await tx
		.insert(inactiveSchedules)
		.values({ serviceId, locationId, since: now, byUserId: caller.actor.userId })
		.onConflictDoNothing();
	const inDiary = and(
		eq(slots.serviceId, serviceId),
		eq(slots.locationId, locationId),
		gt(slots.startsAt, now)
	);
	const held = (
		await tx
			.select({ slotId: appointments.slotId })
			.from(appointments)
			.innerJoin(slots, eq(slots.id, appointments.slotId))
			.where(and(eq(appointments.status, 'booked'), inDiary))
	).map((row) => row.slotId);
	const withdrawn = changedRows(
		await tx
			.update(slots)
			.set({ blocked: true })
			.where(
				and(inDiary, eq(slots.blocked, false), held.length ? notInArray(slots.id, held) : undefined)
			)
	);
	return { withdrawn, stillBooked: held.length };
}

async function setActive(
	caller: FhirCaller,
	serviceId: number,
	locationId: number,
	schedule: Posted,
	now: Date
): Promise<Written> {
	const { service, location } = await ownDiary(caller, serviceId, locationId);
	refuseOtherActors(schedule, serviceId, locationId);
	const active = activeOf(schedule);
	return await inOneTransaction(async (tx) => {
		let comment: string | undefined;
		if (active) {
			await tx
				.delete(inactiveSchedules)
				.where(
					and(
						eq(inactiveSchedules.serviceId, serviceId),
						eq(inactiveSchedules.locationId, locationId)
					)
				);
		} else {
			const { withdrawn, stillBooked } = await makeInactive(tx, caller, serviceId, locationId, now);
			comment =
				`Inactive: ${withdrawn} free times withdrawn. ${stillBooked} booked times stay booked: ` +
				'they are never withdrawn under the patient; cancel them with the patients if they cannot go ahead.';
		}
		const times = (
			await tx
				.select({ from: min(slots.startsAt), to: max(slots.endsAt) })
				.from(slots)
				.where(and(eq(slots.serviceId, serviceId), eq(slots.locationId, locationId)))
		)[0];
		return {
			status: 200,
			resource: {
				...scheduleResource({
					service,
					location,
					from: times?.from ?? null,
					to: times?.to ?? null,
					active
				}),
				...(comment ? { comment } : {})
			}
		};
	});
}

/**
 * `PUT Schedule/{serviceId}-{locationId}`: `active: false` withdraws its future free times and
 * takes no more; `active: true` (or none) takes them again.
 */
export async function updateSchedule(
	caller: FhirCaller,
	id: string,
	body: unknown,
	now = new Date()
): Promise<Written> {
	const named = parseScheduleId(id);
	if (!named) throw new FhirError(404, 'not-found', `Schedule/${id} is not known.`);
	const schedule = postedForUpdate(body, 'Schedule', id);
	return await setActive(caller, named.serviceId, named.locationId, schedule, now);
}

/**
 * `POST Schedule`: a Schedule is derived (a service's diary at a place), so creating one finds
 * it by its actors and answers with its id, applying `active` as an update would.
 */
export async function createSchedule(
	caller: FhirCaller,
	body: unknown,
	now = new Date()
): Promise<Written> {
	const schedule = postedResource(body, 'Schedule');
	const actors = Array.isArray(schedule.actor) ? schedule.actor.filter(isObject) : [];
	const serviceIds = actors.map((actor) => referencedId(actor, 'HealthcareService'));
	const locationIds = actors.map((actor) => referencedId(actor, 'Location'));
	const serviceId = serviceIds.find((id) => id !== null);
	const locationId = locationIds.find((id) => id !== null);
	if (!serviceId || !locationId)
		throw new FhirError(
			400,
			'invalid',
			'A Schedule names its HealthcareService and its Location among its actors.'
		);
	return await setActive(caller, serviceId, locationId, schedule, now);
}
