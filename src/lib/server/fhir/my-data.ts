// "Download my data": everything Joined Up holds about a person, gathered for them (or for
// someone acting for them, within what they were allowed) once, and given two ways: a readable
// summary page, and one FHIR Bundle in the same UK Core profiles as the interface. Each part is
// read through the same guarded reader, or the same policy decision, as the page that shows it,
// so a copy never holds what its reader could not see on the web.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, ne } from 'drizzle-orm';
import { may, relationshipState, type ActingContext } from '../access/policy';
import { appointmentsOf } from '../appointments/queries';
import { recordActivity, wholeActivityOf } from '../audit';
import { readablePlans } from '../care-plans/reading';
import { communicationNeedsOf, type CommunicationNeeds } from '../communication-needs';
import { database, tables, transaction } from '../db';
import { keptOnceSent } from '../messages/templates';
import { toTellAgain } from '../messages/rewrite';
import { shownIdentifier } from '../people/people';
import { requestOf, requestsOf } from '../requests/asking';
import { ukCoreProfiles } from './profiles';
import { appointmentResource } from './resources/appointment';
import { auditEventOf } from './resources/audit-event';
import { carePlanResource, handoverTask } from './resources/care-plan';
import { instant } from './resources/codes';
import { communicationResource } from './resources/communication';
import {
	careTeamResource,
	healthcareServiceResource,
	locationResource,
	organizationResource
} from './resources/directory';
import { communicationNeedFlags, contactPreference } from './resources/communication-needs';
import { consentResource, patientResource, relatedPersonResource } from './resources/people';
import { serviceRequestResource } from './resources/request';
import { requestMessageResources } from './resources/request-message';

const { carePlanVersions, outbox, patients, proxyRelationships, users } = tables;

/** What the copy holds. A part the reader may not see at all is null; within a part, only what they may. */
export type MyData = NonNullable<Awaited<ReturnType<typeof myDataOf>>>;

/**
 * Everything held about the subject that the actor may see, as of `now`; null when they may
 * not take a copy at all. The patient gets all of it. Someone acting for them gets their details
 * (whose copy it is), and then only what their grant shows them on the web: appointments and
 * requests of services whose label they may know, care plans of labels allowed, the messages
 * about those, communication needs when they may manage them; never who acts for the person nor
 * their activity log, which are the patient's alone.
 */
export async function myDataOf(context: ActingContext, now = new Date()) {
	const { subject } = context;
	if (!subject || !may(context, 'data.download')) return null;
	const own = context.via === 'self';
	const { upcoming, past } = await appointmentsOf(context, now);
	const appointments = [...upcoming, ...past];
	const carePlans = await carePlansWithVersions(context);
	const requests = (
		await Promise.all((await requestsOf(context)).map((request) => requestOf(context, request.id)))
	).filter((request) => request !== undefined);
	return {
		patient: await detailsOf(subject.patientId, own),
		communicationNeeds:
			own || may(context, 'communication_needs.manage')
				? await communicationNeedsOf(subject.patientId)
				: null,
		appointments: may(context, 'appointments.view') ? appointments : null,
		carePlans: may(context, 'care_plans.view') ? carePlans : null,
		requests: may(context, 'requests.make') ? requests : null,
		messages: await messagesAbout(subject.patientId, {
			all: own,
			appointmentIds: new Set(appointments.map((appointment) => appointment.id)),
			requestIds: new Set(requests.map((detail) => detail.request.id))
		}),
		// `may` gives these to the patient alone: who acts for them, and what was done.
		proxies: may(context, 'people.manage') ? await relationshipsOf(subject.patientId, now) : null,
		activity: may(context, 'activity.view') ? await wholeActivityOf(context) : null,
		own,
		at: now
	};
}

/**
 * The copy as a FHIR Bundle (see `myDataBundle`), its taking recorded first in the person's
 * activity log, by whom and how (the log row's `via`), so that the copy holds that line too;
 * null, and nothing recorded, when the actor may not take one.
 */
export async function downloadMyData(context: ActingContext, base: string, now = new Date()) {
	if (!context.subject || !may(context, 'data.download')) return null;
	await transaction(async (tx) => await recordActivity(tx, context, 'data.downloaded'));
	return await myDataBundle((await myDataOf(context, now))!, base);
}

/**
 * The person's record, and the language their account reads Joined Up in. Someone acting for
 * them sees who it is (name, date of birth, NHS number) but not where the person lives or how to
 * reach them, which no page shows them either.
 */
async function detailsOf(patientId: number, own: boolean) {
	const { patient, language } = (
		await database()
			.select({ patient: patients, language: users.language })
			.from(patients)
			.leftJoin(users, eq(users.patientId, patients.id))
			.where(eq(patients.id, patientId))
	)[0]!;
	return own
		? { ...patient, language }
		: { ...patient, address: null, mobile: null, email: null, reachBy: null, language: null };
}

/** The plans the actor may read, each with every saved version, oldest first. */
async function carePlansWithVersions(context: ActingContext) {
	const plans = await readablePlans(context);
	if (plans.length === 0) return [];
	const versions = await database()
		.select()
		.from(carePlanVersions)
		.where(
			inArray(
				carePlanVersions.planId,
				plans.map((plan) => plan.id)
			)
		)
		.orderBy(carePlanVersions.planId, carePlanVersions.version);
	return plans.map((plan) => ({
		plan,
		versions: versions.filter((version) => version.planId === plan.id)
	}));
}

/**
 * Messages sent about the person, as kept (a code leaves its message once sent). Someone acting
 * for them gets only those about an appointment or a request they may see.
 */
async function messagesAbout(
	patientId: number,
	seen: { all: boolean; appointmentIds: Set<number>; requestIds: Set<number> }
) {
	return (
		(
			await database()
				.select()
				.from(outbox)
				// A message withdrawn before it was sent (a reminder for a cancelled time) told nobody.
				.where(and(eq(outbox.patientId, patientId), ne(outbox.status, 'withdrawn')))
				.orderBy(outbox.createdAt, outbox.id)
		)
			.filter((message) => seen.all || aboutSomethingSeen(message, seen))
			.map((message) => ({ ...message, patientId, body: keptOnceSent(message) }))
	);
}

function aboutSomethingSeen(
	message: { appointmentId: number | null; about: string | null },
	seen: { appointmentIds: Set<number>; requestIds: Set<number> }
): boolean {
	if (message.appointmentId !== null && !seen.appointmentIds.has(message.appointmentId)) {
		return false;
	}
	const requestId = requestIdOf(message.about);
	if (requestId !== null) return seen.requestIds.has(requestId);
	return message.appointmentId !== null;
}

/** The request a message tells of, from what it kept to tell again; null for any other. */
function requestIdOf(about: string | null): number | null {
	if (about === null) return null;
	const told = toTellAgain(about);
	return 'request' in told ? told.request.id : null;
}

/**
 * Everyone who acts, acted, or was invited to act for the person, with what they may do and
 * until when; never an invitation's code.
 */
async function relationshipsOf(patientId: number, at: Date) {
	const r = proxyRelationships;
	return (
		await database()
			.select({
				relationship: r,
				person: { givenName: patients.givenName, familyName: patients.familyName },
				email: users.email,
				mobile: users.mobile
			})
			.from(r)
			.leftJoin(users, eq(r.proxyUserId, users.id))
			.leftJoin(patients, eq(users.patientId, patients.id))
			.where(eq(r.patientId, patientId))
			.orderBy(r.createdAt, r.id)
	).map(({ relationship, person, email, mobile }) => ({
		relationship,
		person: person?.givenName
			? { givenName: person.givenName, familyName: person.familyName! }
			: null,
		state: relationshipState(relationship, at),
		// As the people page names them: by name, else their account's or the invitation's address.
		name: person?.givenName
			? `${person.givenName} ${person.familyName}`
			: shownIdentifier(relationship.invitedIdentifier, { email, mobile })
	}));
}

// The copy as one FHIR Bundle ----------------------------------------------------------------

type Entry = { fullUrl: string; resource: { resourceType: string; id?: string } };

/**
 * The copy as one UK Core Bundle of type collection, with the same mappers the interface serves
 * its resources with. Resources the interface serves are named by their address under `base`
 * (`https://…/fhir/R4`); those it does not (a plan's earlier versions, what was said about a
 * request, the activity log) by a `urn:uuid:`, as FHIR asks of resources with no address.
 */
export async function myDataBundle(data: MyData, base: string) {
	const patientId = data.patient.id;
	const served = (resource: Entry['resource']): Entry => ({
		fullUrl: `${base}/${resource.resourceType}/${resource.id}`,
		resource
	});
	const unserved = (resource: Entry['resource']): Entry => ({
		fullUrl: `urn:uuid:${randomUUID()}`,
		resource
	});
	const entries: Entry[] = [
		served(patientOf(data)),
		...(data.communicationNeeds
			? communicationNeedFlags(patientId, data.communicationNeeds).map(unserved)
			: [])
	];
	if (data.appointments?.length) {
		entries.push(
			...(await appointmentRows(data.appointments.map(({ id }) => id))).map((row) =>
				served(appointmentResource(row))
			)
		);
	}
	for (const { plan, versions } of data.carePlans ?? []) {
		entries.push(served(carePlanResource(plan)));
		// Each earlier version as the plan was then; "what matters to me" is the person's now, not the version's.
		for (const version of versions.filter((v) => v.version !== plan.version)) {
			entries.push(
				unserved(
					carePlanResource(
						{ ...plan, version: version.version, updatedAt: version.savedAt, whatMatters: null },
						version.content
					)
				)
			);
		}
	}
	entries.push(...(await handoversOf(data.carePlans ?? [])).map(served));
	for (const detail of data.requests ?? []) {
		entries.push(served(serviceRequestResource({ ...detail.request, patientId })));
		entries.push(...requestMessageResources({ ...detail, patientId }).map(unserved));
	}
	entries.push(...data.messages.map((message) => served(communicationResource(message))));
	for (const { relationship, person } of data.proxies ?? []) {
		entries.push(served(relatedPersonResource(relationship, person, data.at)));
		entries.push(served(consentResource(relationship, data.at)));
	}
	entries.push(...(data.activity ?? []).map((entry) => unserved(auditEventOf(entry, patientId))));
	// The organisations, services, places and teams named, so that the copy reads on its own.
	entries.push(...(await directoryNamedIn(entries.map((entry) => entry.resource))).map(served));
	return {
		resourceType: 'Bundle' as const,
		meta: { profile: [ukCoreProfiles.Bundle] },
		identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${randomUUID()}` },
		type: 'collection' as const,
		timestamp: instant(data.at),
		entry: entries
	};
}

const noNeeds: CommunicationNeeds = {
	interpreterLanguage: null,
	needs: [],
	other: null,
	otherLanguage: null,
	reachBy: null
};

/**
 * The person, with the languages they need when the reader may know their needs. Someone acting
 * for them gets no address or ways to reach them, as on the summary.
 */
function patientOf(data: MyData) {
	const { language, ...patient } = data.patient;
	const needs = data.communicationNeeds ?? noNeeds;
	const { address, telecom, ...resource } = patientResource(patient, needs, language);
	const extension = [...(resource.extension ?? []), ...contactPreference(needs)];
	const withNeeds = { ...resource, ...(extension.length ? { extension } : {}) };
	return data.own ? { ...withNeeds, ...(telecom ? { telecom } : {}), address } : withNeeds;
}

/** The appointments (already allowed) with the slot, service and place their resource names. */
async function appointmentRows(ids: number[]) {
	const { appointments, locations, services, slots } = tables;
	return await database()
		.select({ appointment: appointments, slot: slots, service: services, location: locations })
		.from(appointments)
		.innerJoin(slots, eq(appointments.slotId, slots.id))
		.innerJoin(services, eq(slots.serviceId, services.id))
		.innerJoin(locations, eq(slots.locationId, locations.id))
		.where(inArray(appointments.id, ids))
		.orderBy(slots.startsAt, appointments.id);
}

/** Actions handed from one team to another in the plans (already allowed), as Tasks. */
async function handoversOf(plans: MyData['carePlans'] & object) {
	if (plans.length === 0) return [];
	const { carePlanHandovers, careTeams } = tables;
	const byId = new Map(plans.map(({ plan }) => [plan.id, plan]));
	return (
		await database()
			.select({
				handover: carePlanHandovers,
				from: { organisationId: careTeams.organisationId, name: careTeams.name }
			})
			.from(carePlanHandovers)
			.innerJoin(careTeams, eq(carePlanHandovers.fromTeamId, careTeams.id))
			.where(inArray(carePlanHandovers.planId, [...byId.keys()]))
			.orderBy(carePlanHandovers.at, carePlanHandovers.id)
	).map(({ handover, from }) => {
		const plan = byId.get(handover.planId)!;
		const action = plan.content.actions.find((a) => a.key === handover.actionKey);
		return handoverTask(handover, plan, action, from);
	});
}

/** The directory resources (not the person's: anyone may read them) that resources refer to. */
const directory = {
	Organization: { table: tables.organisations, resource: organizationResource },
	HealthcareService: { table: tables.services, resource: healthcareServiceResource },
	Location: { table: tables.locations, resource: locationResource },
	CareTeam: { table: tables.careTeams, resource: careTeamResource }
} as const;
type DirectoryType = keyof typeof directory;

async function directoryNamedIn(
	resources: object[]
): Promise<{ resourceType: string; id?: string }[]> {
	const named = new Map<DirectoryType, Set<number>>();
	const visit = (value: unknown): void => {
		if (Array.isArray(value)) return value.forEach(visit);
		if (typeof value !== 'object' || value === null) return;
		const { reference } = value as { reference?: unknown };
		const match = typeof reference === 'string' ? /^(\w+)\/(\d+)$/.exec(reference) : null;
		if (match && match[1]! in directory) {
			const type = match[1] as DirectoryType;
			named.set(type, (named.get(type) ?? new Set()).add(Number(match[2])));
		}
		Object.values(value).forEach(visit);
	};
	visit(resources);
	const byType = [...named].map(async ([type, ids]) => {
		const { table, resource } = directory[type];
		return (
			await database()
				.select()
				.from(table)
				.where(inArray(table.id, [...ids]))
				.orderBy(table.id)
		).map((row) =>
			(resource as (row: typeof table.$inferSelect) => { resourceType: string; id?: string })(row)
		);
	});
	return (await Promise.all(byType)).flat();
}
