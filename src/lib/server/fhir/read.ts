// Reading and searching, per resource type: what the FHIR routes dispatch GET to. What a client
// may see is decided here through access/policy.ts, the same way for a read and a search: a
// patient's things only when the patient receives care from the client's organisation, and of
// those only what its staff could see (appointments, requests and messages of its own services;
// care plans it is in). Anything else does not exist for it: 404 on read, absent from searches,
// and a search for a patient it does not care for is an empty Bundle, as for one that does not
// exist.
import type { Filter } from '@medplum/core';
import { and, asc, count, eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import { mayFhirRead, type Actor } from '../access/policy';
import { communicationNeedsOf } from '../communication-needs';
import { database, tables } from '../db';
import { organisationsCaringFor } from './caring';
import { FhirError } from './outcome';
import type { ResourceType } from './profiles';
import { appointmentResource } from './resources/appointment';
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
	type Bundle,
	type SearchRequest
} from './search';
import { nhsNumberSystem } from './profiles';

const {
	appointments,
	carePlanHandovers,
	carePlans,
	careTeams,
	contactRequests,
	diarySessions,
	locations,
	organisations,
	outbox,
	patients,
	proxyRelationships,
	services,
	slots,
	users
} = tables;

/** Who is calling: a registered system, acting as a member of its organisation's staff. */
export type Caller = { actor: Actor };

export type Readable = {
	/** The search parameters it takes besides `_id`, `_count` and `_offset`. */
	searchParameters: readonly string[];
	read(caller: Caller, id: string): object;
	search(caller: Caller, params: URLSearchParams, page: { base: string }): Bundle;
};

const notFound = (type: ResourceType, id: string) =>
	new FhirError(404, 'not-found', `${type}/${id} is not known.`);

/** No row can have this id: a condition that matches nothing. */
const nothing = sql`0`;

/** The values of every filter with this code, each one a list of alternatives (ORed). */
const filtersFor = (filters: Filter[], code: string) => filters.filter((f) => f.code === code);

/** `_id` and reference parameters over a numeric id column: any of the ids, for every filter. */
function idsCondition(
	filters: Filter[],
	code: string,
	column: Parameters<typeof inArray>[0],
	type?: string
): SQL[] {
	return filtersFor(filters, code).map((filter) => {
		const ids = equalsOnly(filter)
			.map((value) => numericId(type ? referencedId(value, type) : value))
			.filter((id): id is number => id !== null);
		return ids.length ? inArray(column, ids) : nothing;
	});
}

/**
 * A search over a table: conditions from the parameters and from who may see, a count for
 * `total`, and one page ordered by id (pages hold still while nothing is added; offset paging,
 * `_offset`).
 */
function tableSearch(
	type: ResourceType,
	searchParameters: readonly string[],
	conditions: (caller: Caller, filters: Filter[]) => (SQL | undefined)[],
	total: (where: SQL | undefined) => number,
	page: (where: SQL | undefined, request: SearchRequest) => { id?: string }[]
): Readable['search'] {
	return (caller, params, { base }) => {
		const request = readSearch(type, params, searchParameters);
		const where = and(...conditions(caller, request.filters));
		const resources = request.count > 0 ? page(where, request) : [];
		return searchset(type, params, base, request, total(where), resources);
	};
}

/**
 * A search for one patient's things (a patient, who acts for them): it must name the patient
 * (or the resource's id), since there is no list of people to browse, and each patient found is
 * shown only when it receives care from the caller's organisation. Few rows: paged in memory.
 */
function patientSearch<Row extends { patientId: number }>(
	type: ResourceType,
	searchParameters: readonly string[],
	rows: (filters: Filter[]) => Row[] | null,
	resource: (row: Row) => { id?: string }
): Readable['search'] {
	return (caller, params, { base }) => {
		const request = readSearch(type, params, searchParameters);
		const found = rows(request.filters);
		if (!found)
			throw new FhirError(
				400,
				'not-supported',
				`${type} is searched for one person: give ${searchParameters.join(' or ')}, or _id.`
			);
		const caring = new Map<number, boolean>();
		const visible = found.filter((row) => {
			if (!caring.has(row.patientId))
				caring.set(
					row.patientId,
					mayFhirRead(caller, organisationsCaringFor(database(), row.patientId))
				);
			return caring.get(row.patientId);
		});
		const page = visible.slice(request.offset, request.offset + request.count);
		return searchset(type, params, base, request, visible.length, page.map(resource));
	};
}

/** May the caller read this patient's things at all? */
const caresFor = (caller: Caller, patientId: number) =>
	mayFhirRead(caller, organisationsCaringFor(database(), patientId));

/** The caller's organisation, or one no row has. */
const organisationOf = (caller: Caller) => caller.actor.organisationId ?? -1;

/** Services of the caller's own organisation: appointments, requests and messages its staff see. */
const ownService = (caller: Caller) => eq(services.organisationId, organisationOf(caller));

/**
 * Plans the caller's organisation is in: it started the plan, or one of its teams is in the care
 * team or owns an action. The same rule as access/policy.ts's mayStaffCarePlan with
 * care-plans/keeping.ts's organisationsOf, written as SQL so a search can page over it.
 */
const inPlan = (caller: Caller) => sql`(
	${carePlans.organisationId} = ${organisationOf(caller)}
	or exists (
		select 1 from ${careTeams}
		where ${careTeams.organisationId} = ${organisationOf(caller)}
		and ${careTeams.id} in (
			select json_extract(value, '$.teamId') from json_each(${carePlans.content}, '$.careTeam')
			union
			select json_extract(value, '$.teamId') from json_each(${carePlans.content}, '$.actions')
		)
	)
)`;

/** The patient a `patient` parameter names, gated: nothing when the caller does not care for them. */
function patientConditions(
	caller: Caller,
	filters: Filter[],
	column: Parameters<typeof inArray>[0]
): SQL[] {
	return filtersFor(filters, 'patient').map((filter) => {
		const ids = equalsOnly(filter)
			.map((value) => numericId(referencedId(value, 'Patient')))
			.filter((id): id is number => id !== null && caresFor(caller, id));
		return ids.length ? inArray(column, ids) : nothing;
	});
}

// Patients ------------------------------------------------------------------------------------

function patientRows(where: SQL) {
	return database()
		.select({ patient: patients, language: users.language })
		.from(patients)
		.leftJoin(users, eq(users.patientId, patients.id))
		.where(where)
		.orderBy(asc(patients.id))
		.all()
		.map((row) => ({ ...row, patientId: row.patient.id }));
}

const patientOf = (row: ReturnType<typeof patientRows>[number]) =>
	patientResource(row.patient, communicationNeedsOf(row.patient.id), row.language);

/** NHS numbers an `identifier` parameter names: the NHS number system's, or bare values. */
function nhsNumbers(filter: Filter): string[] {
	return equalsOnly(filter)
		.map(token)
		.filter(({ system }) => system === null || system === nhsNumberSystem)
		.map(({ code }) => code.replace(/\s/g, ''));
}

const patient: Readable = {
	searchParameters: ['identifier'],
	read(caller, id) {
		const patientId = numericId(id);
		const row = patientId === null ? undefined : patientRows(eq(patients.id, patientId))[0];
		if (!row || !caresFor(caller, row.patient.id)) throw notFound('Patient', id);
		return patientOf(row);
	},
	search: patientSearch(
		'Patient',
		['identifier'],
		(filters) => {
			const conditions = [
				...idsCondition(filters, '_id', patients.id),
				...filtersFor(filters, 'identifier').map((filter) => {
					const numbers = nhsNumbers(filter);
					return numbers.length ? inArray(patients.nhsNumber, numbers) : nothing;
				})
			];
			return conditions.length ? patientRows(and(...conditions)!) : null;
		},
		patientOf
	)
};

// Who acts for whom -----------------------------------------------------------------------------

function relationshipRows(where: SQL) {
	const proxies = tables.patients;
	return database()
		.select({ relationship: proxyRelationships, person: proxies })
		.from(proxyRelationships)
		.leftJoin(users, eq(proxyRelationships.proxyUserId, users.id))
		.leftJoin(proxies, eq(users.patientId, proxies.id))
		.where(where)
		.orderBy(asc(proxyRelationships.id))
		.all()
		.map((row) => ({ ...row, patientId: row.relationship.patientId }));
}

type RelationshipRow = ReturnType<typeof relationshipRows>[number];

function relationshipReadable(
	type: 'RelatedPerson' | 'Consent',
	resource: (row: RelationshipRow) => { id?: string }
): Readable {
	return {
		searchParameters: ['patient'],
		read(caller, id) {
			const relationshipId = numericId(id);
			const row =
				relationshipId === null
					? undefined
					: relationshipRows(eq(proxyRelationships.id, relationshipId))[0];
			if (!row || !caresFor(caller, row.patientId)) throw notFound(type, id);
			return resource(row);
		},
		search: patientSearch(
			type,
			['patient'],
			(filters) => {
				const conditions = [
					...idsCondition(filters, '_id', proxyRelationships.id),
					...idsCondition(filters, 'patient', proxyRelationships.patientId, 'Patient')
				];
				return conditions.length ? relationshipRows(and(...conditions)!) : null;
			},
			resource
		)
	};
}

const relatedPerson = relationshipReadable('RelatedPerson', ({ relationship, person }) =>
	relatedPersonResource(relationship, person)
);
const consent = relationshipReadable('Consent', ({ relationship }) =>
	consentResource(relationship)
);

// Appointments ----------------------------------------------------------------------------------

function appointmentQuery(where: SQL | undefined) {
	return database()
		.select({ appointment: appointments, slot: slots, service: services, location: locations })
		.from(appointments)
		.innerJoin(slots, eq(appointments.slotId, slots.id))
		.innerJoin(services, eq(slots.serviceId, services.id))
		.innerJoin(locations, eq(slots.locationId, locations.id))
		.where(where);
}

/** FHIR's appointment statuses back to Joined Up's; one with no counterpart matches nothing. */
const appointmentStatusesFor: Record<string, (typeof tables.appointmentStatuses)[number]> = {
	booked: 'booked',
	cancelled: 'cancelled',
	fulfilled: 'attended',
	noshow: 'did_not_attend'
};

const appointment: Readable = {
	searchParameters: ['patient', 'date', 'status'],
	read(caller, id) {
		const appointmentId = numericId(id);
		const row =
			appointmentId === null
				? undefined
				: appointmentQuery(and(eq(appointments.id, appointmentId), ownService(caller))).get();
		if (!row || !caresFor(caller, row.appointment.patientId)) throw notFound('Appointment', id);
		return appointmentResource(row);
	},
	search: tableSearch(
		'Appointment',
		['patient', 'date', 'status'],
		(caller, filters) => [
			ownService(caller),
			...idsCondition(filters, '_id', appointments.id),
			...patientConditions(caller, filters, appointments.patientId),
			...filtersFor(filters, 'date').map((filter) => startCondition(slots.startsAt, filter)),
			...filtersFor(filters, 'status').map((filter) => {
				const statuses = equalsOnly(filter).flatMap((code) => appointmentStatusesFor[code] ?? []);
				return statuses.length ? inArray(appointments.status, statuses) : nothing;
			})
		],
		(where) => countOf(appointmentCount(where)),
		(where, { count: limit, offset }) =>
			appointmentQuery(where)
				.orderBy(asc(appointments.id))
				.limit(limit)
				.offset(offset)
				.all()
				.map(appointmentResource)
	)
};

function appointmentCount(where: SQL | undefined) {
	return database()
		.select({ n: count() })
		.from(appointments)
		.innerJoin(slots, eq(appointments.slotId, slots.id))
		.innerJoin(services, eq(slots.serviceId, services.id))
		.where(where)
		.get();
}

const countOf = (row: { n: number } | undefined) => row?.n ?? 0;

// Diaries: slots and schedules ------------------------------------------------------------------

/** A slot is busy while an appointment that was not cancelled holds it. */
const slotBooked = sql<number>`exists (
	select 1 from ${appointments}
	where ${appointments.slotId} = ${slots.id} and ${appointments.status} <> 'cancelled'
)`;

function slotQuery(where: SQL | undefined) {
	return database()
		.select({ slot: slots, service: services, booked: slotBooked })
		.from(slots)
		.innerJoin(services, eq(slots.serviceId, services.id))
		.where(where);
}

const slotOf = (row: {
	slot: typeof slots.$inferSelect;
	service: typeof services.$inferSelect;
	booked: number;
}) => slotResource(row.slot, row.service, Boolean(row.booked));

/** A Slot's status as a condition: blocked is busy-unavailable, held is busy, the rest free. */
const slotStatusConditions: Record<string, SQL | undefined> = {
	'busy-unavailable': eq(slots.blocked, true),
	busy: and(eq(slots.blocked, false), slotBooked),
	free: and(eq(slots.blocked, false), sql`not ${slotBooked}`)
};

/** A service-type token: Joined Up's service kinds (with their system, or bare). */
function serviceTypeCondition(filter: Filter): SQL {
	const kinds = equalsOnly(filter)
		.map(token)
		.filter(({ system }) => system === null || system === joinedUpCodeSystems.serviceKind)
		.map(({ code }) => code)
		.filter((code): code is NonNullable<typeof services.$inferSelect.kind> =>
			(tables.serviceKinds as readonly string[]).includes(code)
		);
	return kinds.length ? inArray(services.kind, kinds) : nothing;
}

/** A `schedule` parameter: the service and place of each Schedule named. */
function scheduleCondition(filter: Filter): SQL {
	const diaries = equalsOnly(filter)
		.map((value) => parseScheduleId(referencedId(value, 'Schedule')))
		.filter((diary) => diary !== null);
	return diaries.length
		? or(
				...diaries.map((diary) =>
					and(eq(slots.serviceId, diary.serviceId), eq(slots.locationId, diary.locationId))
				)
			)!
		: nothing;
}

const slot: Readable = {
	searchParameters: ['schedule', 'start', 'status', 'service-type'],
	read(_caller, id) {
		const slotId = numericId(id);
		const row = slotId === null ? undefined : slotQuery(eq(slots.id, slotId)).get();
		if (!row) throw notFound('Slot', id);
		return slotOf(row);
	},
	search: tableSearch(
		'Slot',
		['schedule', 'start', 'status', 'service-type'],
		(_caller, filters) => [
			...idsCondition(filters, '_id', slots.id),
			...filtersFor(filters, 'schedule').map(scheduleCondition),
			...filtersFor(filters, 'start').map((filter) => startCondition(slots.startsAt, filter)),
			...filtersFor(filters, 'status').map((filter) => {
				const conditions = equalsOnly(filter).map((code) => slotStatusConditions[code] ?? nothing);
				return or(...conditions);
			}),
			...filtersFor(filters, 'service-type').map(serviceTypeCondition)
		],
		(where) =>
			countOf(
				database()
					.select({ n: count() })
					.from(slots)
					.innerJoin(services, eq(slots.serviceId, services.id))
					.where(where)
					.get()
			),
		(where, { count: limit, offset }) =>
			slotQuery(where).orderBy(asc(slots.id)).limit(limit).offset(offset).all().map(slotOf)
	)
};

/**
 * The diaries there are: each service at each place where it has slots or a diary session, with
 * the span of its slots. A Schedule is derived, so its id is `{serviceId}-{locationId}`.
 */
function scheduleRows(where: SQL | undefined) {
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
	return db
		.select({
			service: { id: services.id, name: services.name, kind: services.kind },
			location: { id: locations.id, name: locations.name },
			from: sql<
				number | null
			>`(select min(${slots.startsAt}) from ${slots} where ${slots.serviceId} = ${diaries.serviceId} and ${slots.locationId} = ${diaries.locationId})`,
			to: sql<
				number | null
			>`(select max(${slots.endsAt}) from ${slots} where ${slots.serviceId} = ${diaries.serviceId} and ${slots.locationId} = ${diaries.locationId})`
		})
		.from(diaries)
		.innerJoin(services, eq(services.id, diaries.serviceId))
		.innerJoin(locations, eq(locations.id, diaries.locationId))
		.where(where)
		.orderBy(asc(diaries.serviceId), asc(diaries.locationId))
		.all()
		.map((row) => ({
			...row,
			from: row.from === null ? null : new Date(row.from),
			to: row.to === null ? null : new Date(row.to)
		}));
}

/** Schedules an `_id` or `actor` parameter names. */
function scheduleConditions(filters: Filter[]): SQL[] {
	return [
		...filtersFor(filters, '_id').map((filter) => {
			const diaries = equalsOnly(filter)
				.map(parseScheduleId)
				.filter((diary) => diary !== null);
			return diaries.length
				? or(
						...diaries.map((diary) =>
							and(eq(services.id, diary.serviceId), eq(locations.id, diary.locationId))
						)
					)!
				: nothing;
		}),
		...filtersFor(filters, 'actor').map((filter) => {
			const actors = equalsOnly(filter).map((value) => {
				const [type, id] = value.split('/');
				const number = numericId(id ?? '');
				if (number === null) return nothing;
				if (type === 'HealthcareService') return eq(services.id, number);
				if (type === 'Location') return eq(locations.id, number);
				return nothing;
			});
			return or(...actors)!;
		})
	];
}

const schedule: Readable = {
	searchParameters: ['actor'],
	read(_caller, id) {
		const row = scheduleRows(
			and(...scheduleConditions([{ code: '_id', operator: 'eq', value: id }]))
		)[0];
		if (!row) throw notFound('Schedule', id);
		return scheduleResource(row);
	},
	search(_caller, params, { base }) {
		const request = readSearch('Schedule', params, ['actor']);
		// Diaries are few (a service at a handful of places): paged in memory.
		const rows = scheduleRows(and(...scheduleConditions(request.filters)));
		const page = rows.slice(request.offset, request.offset + request.count);
		return searchset('Schedule', params, base, request, rows.length, page.map(scheduleResource));
	}
};

// The directory ---------------------------------------------------------------------------------

/** A directory table read and searched by `_id` alone, open to every client that may read. */
function directory<Row>(
	type: ResourceType,
	table: typeof organisations | typeof locations | typeof services | typeof careTeams,
	resource: (row: Row) => { id?: string }
): Readable {
	const rows = (where: SQL | undefined, limit = -1, offset = 0) =>
		database()
			.select()
			.from(table)
			.where(where)
			.orderBy(asc(table.id))
			.limit(limit)
			.offset(offset)
			.all() as Row[];
	return {
		searchParameters: [],
		read(_caller, id) {
			const rowId = numericId(id);
			const row = rowId === null ? undefined : rows(eq(table.id, rowId))[0];
			if (!row) throw notFound(type, id);
			return resource(row);
		},
		search: tableSearch(
			type,
			[],
			(_caller, filters) => idsCondition(filters, '_id', table.id),
			(where) => countOf(database().select({ n: count() }).from(table).where(where).get()),
			(where, { count: limit, offset }) => rows(where, limit, offset).map(resource)
		)
	};
}

// Care plans and handovers -----------------------------------------------------------------------

const carePlan: Readable = {
	searchParameters: ['patient', 'status'],
	read(caller, id) {
		const planId = numericId(id);
		const plan =
			planId === null
				? undefined
				: database()
						.select()
						.from(carePlans)
						.where(and(eq(carePlans.id, planId), inPlan(caller)))
						.get();
		if (!plan) throw notFound('CarePlan', id);
		return carePlanResource(plan);
	},
	search: tableSearch(
		'CarePlan',
		['patient', 'status'],
		(caller, filters) => [
			inPlan(caller),
			...idsCondition(filters, '_id', carePlans.id),
			...patientConditions(caller, filters, carePlans.patientId),
			// Every plan Joined Up keeps is active: a plan that is no longer followed is removed.
			...filtersFor(filters, 'status').map((filter) =>
				equalsOnly(filter).includes('active') ? undefined : nothing
			)
		],
		(where) => countOf(database().select({ n: count() }).from(carePlans).where(where).get()),
		(where, { count: limit, offset }) =>
			database()
				.select()
				.from(carePlans)
				.where(where)
				.orderBy(asc(carePlans.id))
				.limit(limit)
				.offset(offset)
				.all()
				.map((plan) => carePlanResource(plan))
	)
};

function handoverQuery(where: SQL | undefined) {
	return database()
		.select({
			handover: carePlanHandovers,
			plan: { patientId: carePlans.patientId, content: carePlans.content },
			from: { organisationId: careTeams.organisationId, name: careTeams.name }
		})
		.from(carePlanHandovers)
		.innerJoin(carePlans, eq(carePlanHandovers.planId, carePlans.id))
		.innerJoin(careTeams, eq(carePlanHandovers.fromTeamId, careTeams.id))
		.where(where);
}

const taskOf = ({
	handover,
	plan,
	from
}: ReturnType<typeof handoverQuery>['_']['result'][number]) =>
	handoverTask(
		handover,
		plan,
		plan.content.actions.find((action) => action.key === handover.actionKey),
		from
	);

const task: Readable = {
	searchParameters: ['patient'],
	read(caller, id) {
		const handoverId = numericId(id);
		const row =
			handoverId === null
				? undefined
				: handoverQuery(and(eq(carePlanHandovers.id, handoverId), inPlan(caller))).get();
		if (!row) throw notFound('Task', id);
		return taskOf(row);
	},
	search: tableSearch(
		'Task',
		['patient'],
		(caller, filters) => [
			inPlan(caller),
			...idsCondition(filters, '_id', carePlanHandovers.id),
			...patientConditions(caller, filters, carePlans.patientId)
		],
		(where) =>
			countOf(
				database()
					.select({ n: count() })
					.from(carePlanHandovers)
					.innerJoin(carePlans, eq(carePlanHandovers.planId, carePlans.id))
					.where(where)
					.get()
			),
		(where, { count: limit, offset }) =>
			handoverQuery(where)
				.orderBy(asc(carePlanHandovers.id))
				.limit(limit)
				.offset(offset)
				.all()
				.map(taskOf)
	)
};

// Requests and messages --------------------------------------------------------------------------

function requestQuery(where: SQL | undefined) {
	return database()
		.select({ request: contactRequests })
		.from(contactRequests)
		.innerJoin(services, eq(contactRequests.serviceId, services.id))
		.where(and(sql`${contactRequests.patientId} is not null`, where));
}

const requestOf = ({ request }: { request: typeof contactRequests.$inferSelect }) =>
	serviceRequestResource({ ...request, patientId: request.patientId! });

const serviceRequest: Readable = {
	searchParameters: ['patient'],
	read(caller, id) {
		const requestId = numericId(id);
		const row =
			requestId === null
				? undefined
				: requestQuery(and(eq(contactRequests.id, requestId), ownService(caller))).get();
		if (!row || !caresFor(caller, row.request.patientId!)) throw notFound('ServiceRequest', id);
		return requestOf(row);
	},
	search: tableSearch(
		'ServiceRequest',
		['patient'],
		(caller, filters) => [
			ownService(caller),
			...idsCondition(filters, '_id', contactRequests.id),
			...patientConditions(caller, filters, contactRequests.patientId)
		],
		(where) =>
			countOf(
				database()
					.select({ n: count() })
					.from(contactRequests)
					.innerJoin(services, eq(contactRequests.serviceId, services.id))
					.where(and(sql`${contactRequests.patientId} is not null`, where))
					.get()
			),
		(where, { count: limit, offset }) =>
			requestQuery(where)
				.orderBy(asc(contactRequests.id))
				.limit(limit)
				.offset(offset)
				.all()
				.map(requestOf)
	)
};

/**
 * Messages about an appointment with one of the caller's services (others, such as a password
 * reset code or an invitation to act for someone, are no organisation's business).
 */
function messageQuery(where: SQL | undefined) {
	return database()
		.select({ message: outbox })
		.from(outbox)
		.innerJoin(appointments, eq(outbox.appointmentId, appointments.id))
		.innerJoin(slots, eq(appointments.slotId, slots.id))
		.innerJoin(services, eq(slots.serviceId, services.id))
		.where(and(sql`${outbox.patientId} is not null`, where));
}

const messageOf = ({ message }: { message: typeof outbox.$inferSelect }) =>
	communicationResource({ ...message, patientId: message.patientId! });

const communication: Readable = {
	searchParameters: ['patient'],
	read(caller, id) {
		const messageId = numericId(id);
		const row =
			messageId === null
				? undefined
				: messageQuery(and(eq(outbox.id, messageId), ownService(caller))).get();
		if (!row || !caresFor(caller, row.message.patientId!)) throw notFound('Communication', id);
		return messageOf(row);
	},
	search: tableSearch(
		'Communication',
		['patient'],
		(caller, filters) => [
			ownService(caller),
			ne(outbox.status, 'queued'),
			...idsCondition(filters, '_id', outbox.id),
			...patientConditions(caller, filters, outbox.patientId)
		],
		(where) =>
			countOf(
				database()
					.select({ n: count() })
					.from(outbox)
					.innerJoin(appointments, eq(outbox.appointmentId, appointments.id))
					.innerJoin(slots, eq(appointments.slotId, slots.id))
					.innerJoin(services, eq(slots.serviceId, services.id))
					.where(and(sql`${outbox.patientId} is not null`, where))
					.get()
			),
		(where, { count: limit, offset }) =>
			messageQuery(where).orderBy(asc(outbox.id)).limit(limit).offset(offset).all().map(messageOf)
	)
};

/** What the FHIR routes serve on GET, by resource type. */
export const readable: Partial<Record<ResourceType, Readable>> = {
	Patient: patient,
	RelatedPerson: relatedPerson,
	Consent: consent,
	Appointment: appointment,
	Slot: slot,
	Schedule: schedule,
	HealthcareService: directory('HealthcareService', services, healthcareServiceResource),
	Location: directory('Location', locations, locationResource),
	Organization: directory('Organization', organisations, organizationResource),
	CareTeam: directory('CareTeam', careTeams, careTeamResource),
	CarePlan: carePlan,
	Task: task,
	ServiceRequest: serviceRequest,
	Communication: communication
};
