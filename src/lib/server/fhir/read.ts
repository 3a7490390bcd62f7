// Reading and searching, per resource type: what the FHIR routes dispatch GET to. What a client
// may see is decided here through access/policy.ts, the same way for a read and a search: a
// patient's things only when the patient receives care from the client's organisation, and of
// those only what its staff could see (appointments, requests and messages of its own services;
// care plans it is in). Anything else does not exist for it: 404 on read, absent from searches,
// and a search for a patient it does not care for is an empty Bundle, as for one that does not
// exist.
import type { Filter } from '@medplum/core';
import {
	and,
	asc,
	count,
	eq,
	inArray,
	isNotNull,
	ne,
	not,
	notExists,
	or,
	sql,
	type SQL,
	type Subquery
} from 'drizzle-orm';
import { alias, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { mayFhirRead, type FhirCaller } from '../access/policy';
import { communicationNeedsOf } from '../communication-needs';
import { database, jsonArrayIntegers, tables } from '../db';
import { serviceKinds, type AppointmentStatus, type ServiceKind } from '../db/schema';
import { organisationsCaringFor } from './caring';
import type { Page, Reader } from './interactions';
import { FhirError } from './outcome';
import { nhsNumberSystem, type ResourceType } from './profiles';
import { appointmentResource, appointmentStatusCodes } from './resources/appointment';
import { carePlanResource, handoverTask } from './resources/care-plan';
import { joinedUpCodeSystems } from './resources/codes';
import { communicationResource } from './resources/communication';
import {
	careTeamResource,
	healthcareServiceResource,
	locationResource,
	organizationResource,
	parseScheduleId,
	scheduleResource,
	slotResource
} from './resources/directory';
import { consentResource, patientResource, relatedPersonResource } from './resources/people';
import { serviceRequestResource } from './resources/request';
import {
	equalsOnly,
	numericId,
	readSearch,
	referencedId,
	searchset,
	startCondition,
	token,
	type Bundle
} from './search';

const {
	appointments,
	carePlanHandovers,
	carePlans,
	careTeams,
	contactRequests,
	diarySessions,
	inactiveSchedules,
	locations,
	organisations,
	outbox,
	patients,
	proxyRelationships,
	services,
	slots,
	users
} = tables;

export type Readable = Omit<Reader, 'search'> & {
	/** The search parameters it takes besides `_id`, `_count` and `_offset`. */
	searchParameters: readonly string[];
	search(caller: FhirCaller, params: URLSearchParams, page: Page): Promise<Bundle>;
};

const notFound = (type: ResourceType, id: string) =>
	new FhirError(404, 'not-found', `${type}/${id} is not known.`);

/** A condition that matches nothing: an id no row can have, a code with no counterpart. */
const nothing = sql`1 = 0`;

/** The values of every filter with this code, each one a list of alternatives (ORed). */
const filtersFor = (filters: Filter[], code: string) => filters.filter((f) => f.code === code);

/** `_id` and reference parameters over a numeric id column: any of the ids, for every filter. */
function idsCondition(filters: Filter[], code: string, column: SQLiteColumn, type?: string): SQL[] {
	return filtersFor(filters, code).map((filter) => {
		const ids = equalsOnly(filter)
			.map((value) => numericId(type ? referencedId(value, type) : value))
			.filter((id): id is number => id !== null);
		return ids.length ? inArray(column, ids) : nothing;
	});
}

/** May the caller read this patient's things at all? */
const caresFor = async (caller: FhirCaller, patientId: number) =>
	mayFhirRead(caller, await organisationsCaringFor(database(), patientId));

/** The organisation whose system is calling. */
const organisationOf = (caller: FhirCaller) => caller.client.organisationId;

/** Services of the caller's own organisation: appointments, requests and messages its staff see. */
const ownService = (caller: FhirCaller) => eq(services.organisationId, organisationOf(caller));

/**
 * Plans the caller's organisation is in: it started the plan, or one of its teams is in the care
 * team or owns an action. The same rule as access/policy.ts's mayStaffCarePlan with
 * care-plans/keeping.ts's organisationsOf, written as SQL so a search can page over it.
 */
const inPlan = (caller: FhirCaller) => sql`(
	${carePlans.organisationId} = ${organisationOf(caller)}
	or exists (
		select 1 from ${careTeams}
		where ${careTeams.organisationId} = ${organisationOf(caller)}
		and ${careTeams.id} in (
			${jsonArrayIntegers(carePlans.content, 'careTeam', 'teamId')}
			union
			${jsonArrayIntegers(carePlans.content, 'actions', 'teamId')}
		)
	)
)`;

/** A drizzle select with its joins and conditions, still to be ordered and paged, or counted. */
type Query<Row> = PromiseLike<Row[]> & {
	orderBy(...columns: SQL[]): PromiseLike<Row[]> & {
		limit(limit: number): { offset(offset: number): PromiseLike<Row[]> };
	};
	as(alias: string): Subquery;
};

type Records<Row> = {
	type: ResourceType;
	/** The search parameters it takes besides `_id`, `_count` and `_offset`. */
	searchParameters: readonly string[];
	id: SQLiteColumn;
	/** The order of a search's results, the id last: by id unless said. */
	order?: SQLiteColumn[];
	query: (where: SQL | undefined) => Query<Row>;
	resource: (row: Row) => { id?: string } | Promise<{ id?: string }>;
	/** Which rows the caller may see: what its organisation's staff could. */
	visible?: (caller: FhirCaller) => SQL;
	/** Whose care a row is about, when a patient's: read only when the caller cares for them. */
	patient?: { column: SQLiteColumn; of: (row: Row) => number };
	/** The conditions of its own search parameters. */
	conditions?: (filters: Filter[]) => (SQL | undefined)[];
	/**
	 * Searched for one person (a patient, who acts for them): the search must name them, as there
	 * is no list of people to browse, and shows each only when the caller cares for them.
	 */
	forOnePerson?: true;
};

/** Reading and searching one kind of record, by the same rules either way. */
function records<Row>(spec: Records<Row>): Readable {
	const { type, searchParameters, id, query, resource, visible, patient } = spec;
	const order = [...(spec.order ?? []), id].map((column) => asc(column));
	const whose = async (caller: FhirCaller, row: Row) =>
		!patient || (await caresFor(caller, patient.of(row)));
	const ownConditions = async (caller: FhirCaller, filters: Filter[]) => [
		...idsCondition(filters, '_id', id),
		...(patient ? await patientConditions(caller, filters, patient.column) : []),
		...(spec.conditions?.(filters) ?? [])
	];
	return {
		searchParameters,
		async read(caller, wanted) {
			const rowId = numericId(wanted);
			const [row] = rowId === null ? [] : await query(and(eq(id, rowId), visible?.(caller)));
			if (!row || !(await whose(caller, row))) throw notFound(type, wanted);
			return await resource(row);
		},
		async search(caller, params, { base }) {
			const request = readSearch(type, params, searchParameters);
			const conditions = await ownConditions(caller, request.filters);
			if (spec.forOnePerson) {
				if (!conditions.length)
					throw new FhirError(
						400,
						'not-supported',
						`${type} is searched for one person: give ${searchParameters.join(' or ')}, or _id.`
					);
				// Few rows, each shown only when the caller cares for its patient: paged in memory.
				const rows = await query(and(...conditions)).orderBy(...order);
				const shown = await Promise.all(rows.map((row) => whose(caller, row)));
				const found = rows.filter((_, index) => shown[index]);
				const page = found.slice(request.offset, request.offset + request.count);
				return searchset(
					type,
					params,
					base,
					request,
					found.length,
					await Promise.all(page.map(async (row) => await resource(row)))
				);
			}
			const where = and(visible?.(caller), ...conditions);
			const total =
				(await database().select({ n: count() }).from(query(where).as('matches')))[0]?.n ?? 0;
			const page =
				request.count > 0
					? await query(where)
							.orderBy(...order)
							.limit(request.count)
							.offset(request.offset)
					: [];
			return searchset(
				type,
				params,
				base,
				request,
				total,
				await Promise.all(page.map(async (row) => await resource(row)))
			);
		}
	};
}

/**
 * The patient a `patient` parameter names, gated: nothing when the caller does not care for
 * them, so a search cannot tell a patient it has no care for from one that does not exist.
 */
async function patientConditions(
	caller: FhirCaller,
	filters: Filter[],
	column: SQLiteColumn
): Promise<SQL[]> {
	return await Promise.all(
		filtersFor(filters, 'patient').map(async (filter) => {
			const named = equalsOnly(filter)
				.map((value) => numericId(referencedId(value, 'Patient')))
				.filter((id): id is number => id !== null);
			const cared = await Promise.all(named.map((id) => caresFor(caller, id)));
			const ids = named.filter((_, index) => cared[index]);
			return ids.length ? inArray(column, ids) : nothing;
		})
	);
}

// Patients and who acts for them -----------------------------------------------------------------

/** NHS numbers an `identifier` parameter names: the NHS number system's, or bare values. */
function nhsNumbers(filter: Filter): string[] {
	return equalsOnly(filter)
		.map(token)
		.filter(({ system }) => system === null || system === nhsNumberSystem)
		.map(({ code }) => code.replace(/\s/g, ''));
}

const patient = records({
	type: 'Patient',
	searchParameters: ['identifier'],
	id: patients.id,
	query: (where) =>
		database()
			.select({ patient: patients, language: users.language })
			.from(patients)
			.leftJoin(users, eq(users.patientId, patients.id))
			.where(where),
	resource: async (row) =>
		patientResource(row.patient, await communicationNeedsOf(row.patient.id), row.language),
	patient: { column: patients.id, of: (row) => row.patient.id },
	conditions: (filters) =>
		filtersFor(filters, 'identifier').map((filter) => {
			const numbers = nhsNumbers(filter);
			return numbers.length ? inArray(patients.nhsNumber, numbers) : nothing;
		}),
	forOnePerson: true
});

const proxies = alias(patients, 'proxies');
/**
 * Who acts, or is invited to act, for the patient, as staff see it in person
 * (people/in-person.ts's relationshipsOf): not those revoked or who stepped down.
 */
const relationshipQuery = (where: SQL | undefined) =>
	database()
		.select({ relationship: proxyRelationships, person: proxies })
		.from(proxyRelationships)
		.leftJoin(users, eq(proxyRelationships.proxyUserId, users.id))
		.leftJoin(proxies, eq(users.patientId, proxies.id))
		.where(and(inArray(proxyRelationships.status, ['invited', 'active']), where));

const relationships = {
	searchParameters: ['patient'],
	id: proxyRelationships.id,
	query: relationshipQuery,
	patient: {
		column: proxyRelationships.patientId,
		of: (row: Awaited<ReturnType<typeof relationshipQuery>>[number]) => row.relationship.patientId
	},
	forOnePerson: true
} as const;

const relatedPerson = records({
	...relationships,
	type: 'RelatedPerson',
	resource: ({ relationship, person }) => relatedPersonResource(relationship, person)
});

const consent = records({
	...relationships,
	type: 'Consent',
	resource: ({ relationship }) => consentResource(relationship)
});

// Appointments and diaries ---------------------------------------------------------------------

/** FHIR's appointment statuses back to Joined Up's. */
const appointmentStatusesFor = new Map(
	Object.entries(appointmentStatusCodes).map(([ours, fhir]) => [
		fhir as string,
		ours as AppointmentStatus
	])
);

const appointment = records({
	type: 'Appointment',
	searchParameters: ['patient', 'date', 'status'],
	id: appointments.id,
	order: [slots.startsAt],
	query: (where) =>
		database()
			.select({ appointment: appointments, slot: slots, service: services, location: locations })
			.from(appointments)
			.innerJoin(slots, eq(appointments.slotId, slots.id))
			.innerJoin(services, eq(slots.serviceId, services.id))
			.innerJoin(locations, eq(slots.locationId, locations.id))
			.where(where),
	resource: appointmentResource,
	visible: ownService,
	patient: { column: appointments.patientId, of: (row) => row.appointment.patientId },
	conditions: (filters) => [
		...filtersFor(filters, 'date').map((filter) => startCondition(slots.startsAt, filter)),
		...filtersFor(filters, 'status').map((filter) => {
			const statuses = equalsOnly(filter).flatMap((code) => appointmentStatusesFor.get(code) ?? []);
			return statuses.length ? inArray(appointments.status, statuses) : nothing;
		})
	]
});

/**
 * Free for the diary's system: not blocked, and no appointment holds it or held it. Booking's
 * own test (availability.ts) looks only for a booked appointment, which is all it needs for times
 * to come; a time someone came to, or missed, was used all the same, and reads as busy.
 */
const slotFree = () =>
	and(
		eq(slots.blocked, false),
		notExists(
			database()
				.select({ one: sql`1` })
				.from(appointments)
				.where(and(eq(appointments.slotId, slots.id), ne(appointments.status, 'cancelled')))
		)
	);

/** A Slot's status as a condition: blocked is busy-unavailable, free as above, else busy. */
const slotStatusConditions: Record<string, () => SQL | undefined> = {
	'busy-unavailable': () => eq(slots.blocked, true),
	busy: () => and(eq(slots.blocked, false), not(slotFree()!)),
	free: () => slotFree()
};

/** A service-type token: Joined Up's service kinds (with their system, or bare). */
function serviceTypeCondition(filter: Filter): SQL {
	const kinds = equalsOnly(filter)
		.map(token)
		.filter(({ system }) => system === null || system === joinedUpCodeSystems.serviceKind)
		.map(({ code }) => code)
		.filter((code): code is ServiceKind => (serviceKinds as readonly string[]).includes(code));
	return kinds.length ? inArray(services.kind, kinds) : nothing;
}

/** The diaries Schedule ids name: each a service at a place. */
function diariesCondition(
	values: string[],
	columns: { service: SQLiteColumn; location: SQLiteColumn }
): SQL {
	const diaries = values.map(parseScheduleId).filter((diary) => diary !== null);
	return diaries.length
		? or(
				...diaries.map((diary) =>
					and(eq(columns.service, diary.serviceId), eq(columns.location, diary.locationId))
				)
			)!
		: nothing;
}

const slot = records({
	type: 'Slot',
	searchParameters: ['schedule', 'start', 'status', 'service-type'],
	id: slots.id,
	// In time order, as a diary reads (and as its indexes run: a page is found without a sort).
	order: [slots.startsAt],
	query: (where) =>
		database()
			.select({ slot: slots, service: services, free: sql<number>`${slotFree()}` })
			.from(slots)
			.innerJoin(services, eq(slots.serviceId, services.id))
			.where(where),
	// Not free and not blocked: an appointment holds it, or held it.
	resource: (row) => slotResource(row.slot, row.service, !row.free),
	conditions: (filters) => [
		...filtersFor(filters, 'schedule').map((filter) =>
			diariesCondition(
				equalsOnly(filter).map((value) => referencedId(value, 'Schedule')),
				{ service: slots.serviceId, location: slots.locationId }
			)
		),
		...filtersFor(filters, 'start').map((filter) => startCondition(slots.startsAt, filter)),
		...filtersFor(filters, 'status').map((filter) =>
			or(...equalsOnly(filter).map((code) => slotStatusConditions[code]?.() ?? nothing))
		),
		...filtersFor(filters, 'service-type').map(serviceTypeCondition)
	]
});

/**
 * The diaries there are: each service at each place where it has slots or a diary session, with
 * the span of its slots. A Schedule is derived, so its id is `{serviceId}-{locationId}`.
 */
async function scheduleRows(where: SQL | undefined) {
	const db = database();
	const diaries = db
		.select({ serviceId: slots.serviceId, locationId: slots.locationId })
		.from(slots)
		.union(
			db
				.select({ serviceId: diarySessions.serviceId, locationId: diarySessions.locationId })
				.from(diarySessions)
		)
		.as('diaries');
	const span = (edge: 'min' | 'max', column: SQLiteColumn) =>
		sql<number | null>`(select ${sql.raw(edge)}(${column}) from ${slots}
			where ${slots.serviceId} = ${diaries.serviceId} and ${slots.locationId} = ${diaries.locationId})`;
	return (
		await db
			.select({
				service: { id: services.id, name: services.name, kind: services.kind },
				location: { id: locations.id, name: locations.name },
				from: span('min', slots.startsAt),
				to: span('max', slots.endsAt),
				// The organisation's system may have withdrawn the diary (writes/schedules.ts).
				active: sql<number>`${inactiveSchedules.since} is null`
			})
			.from(diaries)
			.innerJoin(services, eq(services.id, diaries.serviceId))
			.innerJoin(locations, eq(locations.id, diaries.locationId))
			.leftJoin(
				inactiveSchedules,
				and(
					eq(inactiveSchedules.serviceId, diaries.serviceId),
					eq(inactiveSchedules.locationId, diaries.locationId)
				)
			)
			.where(where)
			.orderBy(asc(diaries.serviceId), asc(diaries.locationId))
	).map((row) => ({
		...row,
		from: row.from === null ? null : new Date(row.from),
		to: row.to === null ? null : new Date(row.to),
		active: Boolean(row.active)
	}));
}

/** Schedules an `_id` or `actor` parameter names. */
function scheduleConditions(filters: Filter[]): SQL[] {
	const diary = { service: services.id, location: locations.id };
	return [
		...filtersFor(filters, '_id').map((filter) => diariesCondition(equalsOnly(filter), diary)),
		...filtersFor(filters, 'actor').map((filter) =>
			or(
				...equalsOnly(filter).map((value) => {
					const [type, id] = value.split('/');
					const number = numericId(id ?? '');
					if (number === null) return nothing;
					if (type === 'HealthcareService') return eq(services.id, number);
					if (type === 'Location') return eq(locations.id, number);
					return nothing;
				})
			)!
		)
	];
}

const schedule: Readable = {
	searchParameters: ['actor'],
	async read(_caller, id) {
		const [row] = await scheduleRows(
			diariesCondition([id], { service: services.id, location: locations.id })
		);
		if (!row) throw notFound('Schedule', id);
		return scheduleResource(row);
	},
	async search(_caller, params, { base }) {
		const request = readSearch('Schedule', params, ['actor']);
		// Diaries are few (a service at a handful of places): paged in memory.
		const rows = await scheduleRows(and(...scheduleConditions(request.filters)));
		const page = rows.slice(request.offset, request.offset + request.count);
		return searchset('Schedule', params, base, request, rows.length, page.map(scheduleResource));
	}
};

// The directory --------------------------------------------------------------------------------

// Read and searched by `_id`, open to every client that may read.

const organization = records({
	type: 'Organization',
	searchParameters: [],
	id: organisations.id,
	query: (where) => database().select().from(organisations).where(where),
	resource: organizationResource
});

const location = records({
	type: 'Location',
	searchParameters: [],
	id: locations.id,
	query: (where) => database().select().from(locations).where(where),
	resource: locationResource
});

const healthcareService = records({
	type: 'HealthcareService',
	searchParameters: [],
	id: services.id,
	query: (where) => database().select().from(services).where(where),
	resource: healthcareServiceResource
});

const careTeam = records({
	type: 'CareTeam',
	searchParameters: [],
	id: careTeams.id,
	query: (where) => database().select().from(careTeams).where(where),
	resource: careTeamResource
});

// Care plans and handovers -----------------------------------------------------------------------

const carePlan = records({
	type: 'CarePlan',
	searchParameters: ['patient', 'status'],
	id: carePlans.id,
	query: (where) => database().select().from(carePlans).where(where),
	resource: (plan) => carePlanResource(plan),
	visible: inPlan,
	patient: { column: carePlans.patientId, of: (plan) => plan.patientId },
	conditions: (filters) =>
		// Every plan Joined Up keeps is active: one no longer followed is taken away.
		filtersFor(filters, 'status').map((filter) =>
			equalsOnly(filter).includes('active') ? undefined : nothing
		)
});

const task = records({
	type: 'Task',
	searchParameters: ['patient'],
	id: carePlanHandovers.id,
	query: (where) =>
		database()
			.select({
				handover: carePlanHandovers,
				plan: { patientId: carePlans.patientId, content: carePlans.content },
				from: { organisationId: careTeams.organisationId, name: careTeams.name }
			})
			.from(carePlanHandovers)
			.innerJoin(carePlans, eq(carePlanHandovers.planId, carePlans.id))
			.innerJoin(careTeams, eq(carePlanHandovers.fromTeamId, careTeams.id))
			.where(where),
	resource: ({ handover, plan, from }) =>
		handoverTask(
			handover,
			plan,
			plan.content.actions.find((action) => action.key === handover.actionKey),
			from
		),
	visible: inPlan,
	patient: { column: carePlans.patientId, of: (row) => row.plan.patientId }
});

// Requests and messages --------------------------------------------------------------------------

const serviceRequest = records({
	type: 'ServiceRequest',
	searchParameters: ['patient'],
	id: contactRequests.id,
	query: (where) =>
		database()
			.select({ request: contactRequests })
			.from(contactRequests)
			.innerJoin(services, eq(contactRequests.serviceId, services.id))
			// One still waiting to be matched to a record is nobody's yet.
			.where(and(isNotNull(contactRequests.patientId), where)),
	resource: ({ request }) => serviceRequestResource({ ...request, patientId: request.patientId! }),
	visible: ownService,
	patient: { column: contactRequests.patientId, of: (row) => row.request.patientId! }
});

const communication = records({
	type: 'Communication',
	searchParameters: ['patient'],
	id: outbox.id,
	// Messages sent (or tried) about an appointment with one of the caller's services; those still
	// waiting are not Communications yet, and the rest (a password reset code, an invitation to
	// act for someone) are no organisation's business.
	query: (where) =>
		database()
			.select({ message: outbox })
			.from(outbox)
			.innerJoin(appointments, eq(outbox.appointmentId, appointments.id))
			.innerJoin(slots, eq(appointments.slotId, slots.id))
			.innerJoin(services, eq(slots.serviceId, services.id))
			.where(and(isNotNull(outbox.patientId), ne(outbox.status, 'queued'), where)),
	resource: ({ message }) => communicationResource({ ...message, patientId: message.patientId! }),
	visible: ownService,
	patient: { column: outbox.patientId, of: (row) => row.message.patientId! }
});

/** What the FHIR routes serve on GET, by resource type. */
export const readable: Partial<Record<ResourceType, Readable>> = {
	Patient: patient,
	RelatedPerson: relatedPerson,
	Consent: consent,
	Appointment: appointment,
	Slot: slot,
	Schedule: schedule,
	HealthcareService: healthcareService,
	Location: location,
	Organization: organization,
	CareTeam: careTeam,
	CarePlan: carePlan,
	Task: task,
	ServiceRequest: serviceRequest,
	Communication: communication
};
