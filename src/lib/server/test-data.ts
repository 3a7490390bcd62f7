// Made-up organisations, places and people for unit tests, each in the test file's own
// in-memory database. Only spec files import this.
import { eq } from 'drizzle-orm';
import {
	actorFor,
	fhirActor,
	type ActingContext,
	type Actor,
	type FhirCaller
} from './access/policy';
import { registerClient } from './fhir/clients';
import { FhirError } from './fhir/outcome';
import { database, tables } from './db';
import type {
	AppointmentMode,
	ReachMethod,
	ProxyPermission,
	SensitivityLabel,
	ServiceKind
} from './db/schema';
import { acceptInvitation, invite, proxyContext } from './people/people';

export async function aService(
	modes: AppointmentMode[] = ['in_person', 'phone'],
	label: SensitivityLabel = 'general',
	kind: ServiceKind = 'gp'
) {
	const db = database();
	const organisation = (
		await db
			.insert(tables.organisations)
			.values({
				name: 'Practice',
				kind: 'gp_practice',
				borough: 'Eastmere',
				phone: '020 7946 0101'
			})
			.returning()
	)[0]!;
	const location = (
		await db
			.insert(tables.locations)
			.values({
				organisationId: organisation.id,
				name: 'Practice',
				address: '1 Street',
				postcode: 'E20 1AA',
				stepFreeAccess: true,
				hearingLoop: false
			})
			.returning()
	)[0]!;
	const service = (
		await db
			.insert(tables.services)
			.values({
				organisationId: organisation.id,
				name: 'GP appointment',
				kind,
				modes,
				phone: '020 7946 0101',
				cancellationCutoffMinutes: 120,
				label
			})
			.returning()
	)[0]!;
	return { organisation, location, service };
}

/** A free time in person at the service's place (from `aService`), `minutes` long. */
export async function aFreeSlot(
	at: { service: { id: number }; location: { id: number } },
	startsAt: Date,
	minutes = 15
) {
	return (
		await database()
			.insert(tables.slots)
			.values({
				serviceId: at.service.id,
				locationId: at.location.id,
				mode: 'in_person',
				startsAt,
				endsAt: new Date(startsAt.getTime() + minutes * 60_000)
			})
			.returning()
	)[0]!;
}

/** A record in the register, for a patient called `givenName` Test. */
async function aRecord(givenName: string) {
	return (
		await database()
			.insert(tables.patients)
			.values({ givenName, familyName: 'Test', dateOfBirth: '1970-01-01', postcode: 'E20 1AA' })
			.returning()
	)[0]!;
}

/** A patient with an account, signed in and managing their own care. */
export async function aPatient(
	givenName: string,
	account: { email?: string; mobile?: string; language?: string } = {
		email: `${givenName.toLowerCase()}@example.org`
	}
): Promise<ActingContext> {
	const db = database();
	const patient = await aRecord(givenName);
	const user = (
		await db
			.insert(tables.users)
			.values({ ...account, passwordHash: 'x', patientId: patient.id })
			.returning()
	)[0]!;
	return {
		actor: { userId: user.id, role: 'patient', patientId: patient.id, organisationId: null },
		subject: { patientId: patient.id, givenName, familyName: 'Test' },
		via: 'self'
	};
}

/** A patient who signs in with a mobile number and prefers texts, read in their language. */
export async function aTexter(
	givenName: string,
	mobile: string,
	language = 'en'
): Promise<ActingContext> {
	const context = await aPatient(givenName, { mobile, language });
	await reachBy(context, 'sms');
	return context;
}

/** Records how the patient prefers to be reached. */
export async function reachBy(patient: ActingContext, way: ReachMethod): Promise<void> {
	await database()
		.update(tables.patients)
		.set({ reachBy: way })
		.where(eq(tables.patients.id, patient.subject!.patientId));
}

/** A record in the register with no account yet, and an account with no record yet. */
export async function anUnlinkedAccountAndRecord(givenName: string): Promise<{
	userId: number;
	patientId: number;
}> {
	const db = database();
	const patient = await aRecord(givenName);
	const user = (
		await db
			.insert(tables.users)
			.values({ email: `${givenName.toLowerCase()}-unlinked@example.org`, passwordHash: 'x' })
			.returning()
	)[0]!;
	return { userId: user.id, patientId: patient.id };
}

/**
 * Someone new who acts for the patient as their carer, invited by them with these permissions
 * and care plan labels and accepting: their context acting for the patient, and the relationship's id.
 */
export async function aProxyFor(
	patient: ActingContext,
	name: string,
	permissions: ProxyPermission[],
	carePlanLabels: SensitivityLabel[]
): Promise<{ context: ActingContext; own: ActingContext; relationshipId: number }> {
	const own = await aPatient(name);
	const invitation = await invite(
		patient,
		{ kind: 'email', value: `${name.toLowerCase()}@example.org` },
		{ permissions, carePlanLabels },
		'en'
	);
	if (!invitation.ok) throw new Error('not invited');
	const accepted = await acceptInvitation(own.actor!, invitation.code);
	if (!accepted.ok) throw new Error('not accepted');
	const acting = await proxyContext(own.actor!, 'no-session', patient.subject!.patientId);
	if (!acting) throw new Error('not acting');
	return {
		context: { actor: own.actor, subject: acting.subject, via: 'proxy', grant: acting.grant },
		own,
		relationshipId: invitation.relationshipId
	};
}

/** A member of staff of the organisation, as the actor they are. */
export async function aStaffMember(organisationId: number): Promise<Actor> {
	const user = (
		await database()
			.insert(tables.users)
			.values({
				email: `staff-${crypto.randomUUID()}@example.org`,
				passwordHash: 'x',
				role: 'staff',
				organisationId
			})
			.returning()
	)[0]!;
	return { userId: user.id, role: 'staff', patientId: null, organisationId };
}

/** A team of the organisation, to sit in care plans' care teams and own their actions. */
export async function aCareTeam(organisationId: number, name: string) {
	return (
		await database()
			.insert(tables.careTeams)
			.values({ organisationId, name, phone: '020 7946 0000' })
			.returning()
	)[0]!;
}

/**
 * A registered system of an organisation, as an ICS admin registers one, with a key pair to
 * sign its assertions, and the caller it is once it holds a token with these scopes.
 */
export async function aFhirClient(
	organisationId: number,
	scopes: string[] = ['system/*.read', 'system/*.write']
) {
	const { generateKeyPair, exportJWK } = await import('jose');
	const keys = await generateKeyPair('ES384', { extractable: true });
	const jwk = { ...(await exportJWK(keys.publicKey)), alg: 'ES384', kid: 'test' };
	const admin = (
		await database()
			.insert(tables.users)
			.values({ email: `admin-${Math.random()}@example.test`, passwordHash: 'x', role: 'admin' })
			.returning()
	)[0]!;
	const { clientId } = await registerClient(actorFor(admin), {
		name: 'Test PAS',
		organisationId,
		jwks: { keys: [jwk] },
		scopes
	});
	const client = (
		await database()
			.select()
			.from(tables.fhirClients)
			.where(eq(tables.fhirClients.clientId, clientId))
	)[0]!;
	const caller: FhirCaller = {
		client: {
			id: client.id,
			clientId,
			name: client.name,
			organisationId,
			userId: client.userId
		},
		scopes,
		actor: fhirActor(client)
	};
	return { clientId, privateKey: keys.privateKey, caller };
}

/**
 * The FhirError a FHIR write refuses with: of this status, or of any 4xx when none is given.
 * Anything else (the write accepted, or another exception) fails the test that asked.
 */
export async function fhirRefusal(write: () => unknown, status?: number): Promise<FhirError> {
	try {
		await write();
	} catch (error) {
		const refused =
			error instanceof FhirError &&
			(status === undefined ? error.status >= 400 && error.status < 500 : error.status === status);
		if (refused) return error;
		throw new Error(`expected a ${status ?? '4xx'} FhirError`, { cause: error });
	}
	throw new Error(`expected a ${status ?? '4xx'} refusal, and the write was accepted`);
}
