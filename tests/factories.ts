// What a test needs, made for that test alone: residents and staff accounts, signed-in sessions,
// appointments, people acting for a resident and care plans, through the app's own domain
// functions, in the run's database (playwright.config.ts points DATABASE_PATH at it; the server
// has it open too, and SQLite's WAL lets both write). Nothing here is shared between tests, so a
// test never depends on another's order or on what another changed, whatever the number of
// workers. The domain is loaded through Vite (its modules use Vite's JSON and glob imports), once
// a worker, from domain.ts.
import { randomBytes, randomUUID } from 'node:crypto';
import type { BrowserContext } from '@playwright/test';
import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import type * as Domain from './domain';
import type { ActingContext, CarePlanContent, ProxyPermission, SensitivityLabel } from './domain';
import { demoPassword, test } from './fixtures';
import { throughVite } from './through-vite';

let loaded: Promise<typeof Domain> | undefined;

/** The app's server code, loaded once a worker. */
export function domain(): Promise<typeof Domain> {
	loaded ??= throughVite<typeof Domain>('domain.ts');
	return loaded;
}

export type { ProxyPermission, SensitivityLabel };

/** Letters only (names are checked as names), different in every call of every worker. */
export function uniqueWord(): string {
	const letters = 'abcdefghjkmnpqrstuvwxyz';
	return [...randomBytes(8)].map((byte) => letters[byte % letters.length]).join('');
}

/** Argon2 is slow on purpose: the demo password is hashed once a worker, for every account. */
let demoPasswordHash: Promise<string> | undefined;
async function passwordHashOf(password: string): Promise<string> {
	const { hashPassword } = await domain();
	if (password !== demoPassword) return hashPassword(password);
	demoPasswordHash ??= hashPassword(demoPassword);
	return demoPasswordHash;
}

/** A UK mobile number as accounts hold it (E.164), from the way people write it (07700 9…). */
export function e164(mobile: string): string {
	return `+44${mobile.replace(/\s/g, '').slice(1)}`;
}

export type Resident = {
	userId: number;
	patientId: number;
	givenName: string;
	familyName: string;
	/** Given and family name, as pages show them. */
	name: string;
	email: string;
	/** A UK mobile number as typed (07700 9…), when the account has one. */
	mobile: string | null;
	dateOfBirth: string;
	postcode: string;
	/** Signed in and managing their own care, as the domain functions take it. */
	context: ActingContext & { subject: NonNullable<ActingContext['subject']> };
};

/**
 * A new resident with a record and an account of their own, signing in with a unique email
 * address (and a mobile number, if asked for) and the demo password unless another is given.
 */
export async function aResident(
	options: {
		givenName?: string;
		familyName?: string;
		dateOfBirth?: string;
		postcode?: string;
		email?: string;
		withMobile?: boolean;
		password?: string;
		/** The language their account reads and hears in. */
		language?: string;
		/** How they prefer to be reached, as their record holds it. */
		reachBy?: 'sms' | 'email' | 'letter' | 'carer';
	} = {}
): Promise<Resident> {
	const word = uniqueWord();
	const givenName = options.givenName ?? 'Resident';
	const familyName = options.familyName ?? `Tester${word.slice(0, 6)}`;
	const dateOfBirth = options.dateOfBirth ?? '1980-05-17';
	const postcode = options.postcode ?? 'E20 1AA';
	const email = (options.email ?? `${givenName}-${word}@example.org`).toLowerCase();
	const digits = [...randomBytes(5)].map((byte) => byte % 10).join('');
	const mobile = options.withMobile ? `07700 9${digits}` : null;
	const passwordHash = await passwordHashOf(options.password ?? demoPassword);
	const { tables, transaction } = await domain();
	const { patientId, userId } = await transaction(async (tx) => {
		const patient = (
			await tx
				.insert(tables.patients)
				.values({ givenName, familyName, dateOfBirth, postcode, reachBy: options.reachBy ?? null })
				.returning({ id: tables.patients.id })
		)[0]!;
		const user = (
			await tx
				.insert(tables.users)
				.values({
					email,
					mobile: mobile && e164(mobile),
					passwordHash,
					role: 'patient',
					patientId: patient.id,
					language: options.language ?? null
				})
				.returning({ id: tables.users.id })
		)[0]!;
		return { patientId: patient.id, userId: user.id };
	});
	return {
		userId,
		patientId,
		givenName,
		familyName,
		name: `${givenName} ${familyName}`,
		email,
		mobile,
		dateOfBirth,
		postcode,
		context: {
			actor: { userId, role: 'patient', patientId, organisationId: null },
			subject: { patientId, givenName, familyName },
			via: 'self'
		}
	};
}

/**
 * A demo resident (by the email address they sign in with), as the factories take a resident:
 * for tests that add to a demo person's care something only they use, never change what is there.
 */
export async function demoResident(email: string): Promise<Resident> {
	const { database, tables } = await domain();
	const found = (
		await database()
			.select({ user: tables.users, patient: tables.patients })
			.from(tables.users)
			.innerJoin(tables.patients, eq(tables.users.patientId, tables.patients.id))
			.where(eq(tables.users.email, email))
	)[0];
	if (!found) throw new Error(`no demo resident ${email}`);
	const { user, patient } = found;
	return {
		userId: user.id,
		patientId: patient.id,
		givenName: patient.givenName,
		familyName: patient.familyName,
		name: `${patient.givenName} ${patient.familyName}`,
		email,
		mobile: user.mobile,
		dateOfBirth: patient.dateOfBirth,
		postcode: patient.postcode,
		context: {
			actor: { userId: user.id, role: 'patient', patientId: patient.id, organisationId: null },
			subject: {
				patientId: patient.id,
				givenName: patient.givenName,
				familyName: patient.familyName
			},
			via: 'self'
		}
	};
}

/** A new account like a demo one (same role, organisation and password), for one test alone. */
export async function anAccountLike(demoEmail: string, email: string): Promise<number> {
	const { database, tables } = await domain();
	const db = database();
	const demo = (await db.select().from(tables.users).where(eq(tables.users.email, demoEmail)))[0];
	if (!demo) throw new Error(`no demo account ${demoEmail}`);
	const user = (
		await db
			.insert(tables.users)
			.values({
				email: email.toLowerCase(),
				passwordHash: demo.passwordHash,
				role: demo.role,
				organisationId: demo.organisationId
			})
			.returning({ id: tables.users.id })
	)[0]!;
	return user.id;
}

/**
 * Signs the browser in as the account, by a session made for it as signing in would make one:
 * for tests about something else than signing in (argon2 makes the form slow on purpose).
 */
export async function signInAs(context: BrowserContext, userId: number): Promise<void> {
	const { createSession, sessionCookieName } = await domain();
	const { token } = await createSession(userId);
	await context.addCookies([
		{
			name: sessionCookieName,
			value: token,
			url: test.info().project.use.baseURL!,
			httpOnly: true,
			sameSite: 'Lax'
		}
	]);
}

/** A service made by a test (aServiceLike), or a demo one by its name. */
type ServiceOrName = { id: number; name: string } | string;

/**
 * The service itself, or a demo service by its name (the first, where two organisations offer
 * one of that name).
 */
async function serviceOf(serviceOrName: ServiceOrName): Promise<{ id: number; name: string }> {
	if (typeof serviceOrName !== 'string') return serviceOrName;
	const { database, tables } = await domain();
	const service = (
		await database()
			.select({ id: tables.services.id, name: tables.services.name })
			.from(tables.services)
			.where(eq(tables.services.name, serviceOrName))
			.orderBy(asc(tables.services.id))
	)[0];
	if (!service) throw new Error(`no service ${serviceOrName}`);
	return service;
}

/**
 * Books, for the resident, a free time at least `fromDays` days ahead in a service (a demo one by
 * name, or one the test made), chosen at random among the next free ones so that tests running
 * together never want the same.
 */
export async function anAppointment(
	resident: Resident,
	serviceOrName: ServiceOrName,
	{ fromDays = 3, mode }: { fromDays?: number; mode?: 'in_person' | 'phone' | 'video' } = {}
) {
	const { bookSlot, database, tables } = await domain();
	const db = database();
	const service = await serviceOf(serviceOrName);
	const from = new Date(Date.now() + fromDays * 24 * 60 * 60 * 1000);
	for (let attempt = 0; attempt < 20; attempt++) {
		const free = await db
			.select({ id: tables.slots.id })
			.from(tables.slots)
			.where(
				and(
					eq(tables.slots.serviceId, service.id),
					eq(tables.slots.blocked, false),
					gt(tables.slots.startsAt, from),
					mode ? eq(tables.slots.mode, mode) : undefined,
					sql`NOT EXISTS (SELECT 1 FROM appointments a WHERE a.slot_id = ${tables.slots.id} AND a.status = 'booked')`
				)
			)
			.orderBy(asc(tables.slots.startsAt))
			.limit(40);
		const slot = free[randomBytes(1)[0]! % Math.max(free.length, 1)];
		if (!slot) throw new Error(`no free time in ${service.name}`);
		const booked = await bookSlot(resident.context, { slotId: slot.id, needs: {} });
		if (booked.ok) return booked.appointment;
		if (booked.reason !== 'slot-taken' && booked.reason !== 'overlaps') {
			throw new Error(`not booked: ${booked.reason}`);
		}
	}
	throw new Error(`no time booked in ${service.name}`);
}

/** A new account with no record yet (a resident's, signing in with the demo password unless given). */
export async function anAccount(
	options: { email?: string; password?: string } = {}
): Promise<{ userId: number; email: string }> {
	const email = (options.email ?? `account-${uniqueWord()}@example.org`).toLowerCase();
	const passwordHash = await passwordHashOf(options.password ?? demoPassword);
	const { database, tables } = await domain();
	const user = (
		await database()
			.insert(tables.users)
			.values({ email, passwordHash, role: 'patient' })
			.returning({ id: tables.users.id })
	)[0]!;
	return { userId: user.id, email };
}

/**
 * Someone new who acts for the resident, invited by the resident with these permissions and care
 * plan labels and accepting the invitation, as the people pages would do it: an account of their
 * own with no record, as most carers' are, or a resident with a record of their own as well.
 */
export async function aProxyFor(
	resident: Resident,
	permissions: ProxyPermission[],
	carePlanLabels: SensitivityLabel[] = ['general'],
	{
		withRecord = false,
		as,
		...options
	}: Parameters<typeof aResident>[0] & {
		withRecord?: boolean;
		/** Someone who already has an account (a resident, or a carer for someone else too). */
		as?: Resident;
	} = {}
): Promise<{ userId: number; email: string; name: string; relationshipId: number }> {
	const ownRecord = as ?? (withRecord ? await aResident({ givenName: 'Carer', ...options }) : null);
	const proxy = ownRecord ?? (await anAccount(options));
	const { acceptInvitation, invite } = await domain();
	const invitation = await invite(
		resident.context,
		{ kind: 'email', value: proxy.email },
		{ permissions, carePlanLabels },
		'en'
	);
	if (!invitation.ok) throw new Error('not invited');
	const accepted = await acceptInvitation(
		ownRecord?.context.actor ?? {
			userId: proxy.userId,
			role: 'patient',
			patientId: null,
			organisationId: null
		},
		invitation.code
	);
	if (!accepted.ok) throw new Error(`not accepted: ${accepted.reason}`);
	return {
		userId: proxy.userId,
		email: proxy.email,
		name: ownRecord?.name ?? proxy.email,
		relationshipId: invitation.relationshipId
	};
}

/**
 * The demo's care plans for Grace, copied for the resident: the same team, label and content,
 * what matters to her and the plan's handovers (links to her appointments left out).
 */
export async function carePlansLike(resident: Resident, titles: string[]): Promise<number[]> {
	const { database, tables } = await domain();
	const grace = await demoResident('patient@example.org');
	// Her few plans, each found by its title here: the content is JSON, which each database reads
	// its own way.
	const plans = await database()
		.select()
		.from(tables.carePlans)
		.where(eq(tables.carePlans.patientId, grace.patientId));
	return Promise.all(
		titles.map(async (title) => {
			const plan = plans.find((candidate) => candidate.content.title === title);
			if (!plan) throw new Error(`no demo care plan ${title}`);
			const actions = plan.content.actions.map((action) => ({ ...action, appointmentId: null }));
			const id = await savedPlan(
				resident,
				{ ...plan.content, actions },
				{ id: plan.updatedByUserId, organisationId: plan.organisationId }
			);
			const db = database();
			await db
				.update(tables.carePlans)
				.set({
					whatMatters: plan.whatMatters,
					whatMattersLanguage: plan.whatMattersLanguage,
					whatMattersUpdatedAt: plan.whatMattersUpdatedAt
				})
				.where(eq(tables.carePlans.id, id));
			const handovers = await db
				.select()
				.from(tables.carePlanHandovers)
				.where(eq(tables.carePlanHandovers.planId, plan.id));
			if (handovers.length > 0) {
				await db.insert(tables.carePlanHandovers).values(
					handovers.map(({ actionKey, fromTeamId, toTeamId, at, byUserId }) => ({
						planId: id,
						actionKey,
						fromTeamId,
						toTeamId,
						at,
						byUserId
					}))
				);
			}
			return id;
		})
	);
}

/** A care team of the demo's organisations, by name. */
export async function careTeamId(name: string): Promise<number> {
	const { database, tables } = await domain();
	const team = (
		await database()
			.select({ id: tables.careTeams.id })
			.from(tables.careTeams)
			.where(eq(tables.careTeams.name, name))
	)[0];
	if (!team) throw new Error(`no care team ${name}`);
	return team.id;
}

/** A question the resident asked the care team about their plan, for staff to answer. */
export async function aQuestion(
	resident: Resident,
	planId: number,
	question: string
): Promise<number> {
	const { askQuestion, database, tables } = await domain();
	if (!(await askQuestion(resident.context, planId, question, 'en'))) throw new Error('not asked');
	const { carePlanQuestions } = tables;
	return (
		await database()
			.select({ id: carePlanQuestions.id })
			.from(carePlanQuestions)
			.where(
				and(
					eq(carePlanQuestions.planId, planId),
					eq(carePlanQuestions.askedByUserId, resident.userId)
				)
			)
			.orderBy(desc(carePlanQuestions.id))
	)[0]!.id;
}

/** A care plan for the resident, as a demo staff account (the practice's, unless named) saved it. */
export async function aCarePlan(
	resident: Resident,
	content: CarePlanContent,
	authorEmail = 'staff@example.org'
): Promise<number> {
	const { database, tables } = await domain();
	const author = (
		await database().select().from(tables.users).where(eq(tables.users.email, authorEmail))
	)[0];
	if (!author?.organisationId) throw new Error(`no staff account ${authorEmail}`);
	return savedPlan(resident, content, { id: author.id, organisationId: author.organisationId });
}

/** A plan's first version, as its author saved it now, kept as version 1. */
async function savedPlan(
	resident: Resident,
	content: CarePlanContent,
	author: { id: number; organisationId: number }
): Promise<number> {
	const { tables, transaction } = await domain();
	const savedAt = new Date();
	return await transaction(async (tx) => {
		const { id } = (
			await tx
				.insert(tables.carePlans)
				.values({
					patientId: resident.patientId,
					organisationId: author.organisationId,
					label: content.label,
					content,
					version: 1,
					updatedAt: savedAt,
					updatedByUserId: author.id
				})
				.returning({ id: tables.carePlans.id })
		)[0]!;
		await tx
			.insert(tables.carePlanVersions)
			.values({ planId: id, version: 1, content, savedAt, savedByUserId: author.id });
		return id;
	});
}

/**
 * A request the resident made to a service (a demo one by name, or one the test made) to be seen
 * about test results, at the service, on a Tuesday morning, reached by email. The service must be
 * one offered for test results to the resident: one of the organisations caring for them, if any
 * can help.
 */
export async function aRequest(resident: Resident, serviceOrName: ServiceOrName): Promise<number> {
	const { makeRequest } = await domain();
	const service = await serviceOf(serviceOrName);
	const made = await makeRequest(
		resident.context,
		{
			topic: 'test_results',
			details: 'I would like to go through my blood results.',
			detailsLanguage: 'en',
			service: service.id,
			place: 'service',
			days: [2],
			dayParts: ['morning'],
			reachBy: 'email'
		},
		undefined
	);
	if (!made.ok) throw new Error(`no request made: ${made.reason}`);
	return made.id;
}

/**
 * The resident's communication needs, recorded as they would record them in settings: what is
 * not given is left unanswered (no interpreter, no other need, no way to reach them preferred).
 */
export async function communicationNeeds(
	resident: Resident,
	needs: Partial<Parameters<typeof Domain.saveCommunicationNeeds>[1]>
): Promise<void> {
	const { saveCommunicationNeeds } = await domain();
	const outcome = await saveCommunicationNeeds(
		resident.context,
		{
			interpreterLanguage: null,
			needs: [],
			other: null,
			otherLanguage: null,
			reachBy: null,
			...needs
		},
		'en'
	);
	if (outcome !== 'saved') throw new Error(`needs not recorded: ${outcome}`);
}

/** A demo staff account's actor, by the email address they sign in with. */
async function staffActor(email: string) {
	const { database, tables } = await domain();
	const user = (
		await database().select().from(tables.users).where(eq(tables.users.email, email))
	)[0];
	if (!user?.organisationId) throw new Error(`no staff account ${email}`);
	return {
		userId: user.id,
		role: user.role,
		patientId: user.patientId,
		organisationId: user.organisationId
	};
}

/**
 * A request as aRequest makes it, then taken on by a demo staff account of the service's
 * organisation (the practice's, unless named): in review, as staff would leave it.
 */
export async function aRequestInReview(
	resident: Resident,
	serviceOrName: ServiceOrName,
	staffEmail = 'staff@example.org'
): Promise<number> {
	const id = await aRequest(resident, serviceOrName);
	const { assignRequest } = await domain();
	const outcome = await assignRequest(await staffActor(staffEmail), id);
	if (outcome !== 'done') throw new Error(`request not taken on: ${outcome}`);
	return id;
}

/**
 * A new service of this test alone, as a demo one (by name) is: the same organisation, kind, ways
 * of meeting, phone and label, under its own name, with no diary yet.
 */
export async function aServiceLike(
	demoName: string,
	name: string
): Promise<{ id: number; name: string }> {
	const { database, tables } = await domain();
	const db = database();
	const { services } = tables;
	const demo = (
		await db
			.select({
				organisationId: services.organisationId,
				kind: services.kind,
				modes: services.modes,
				phone: services.phone,
				cancellationCutoffMinutes: services.cancellationCutoffMinutes,
				responseTargetWorkingDays: services.responseTargetWorkingDays,
				label: services.label
			})
			.from(services)
			.where(eq(services.id, (await serviceOf(demoName)).id))
	)[0]!;
	const service = (
		await db
			.insert(tables.services)
			.values({ ...demo, name })
			.returning({ id: tables.services.id })
	)[0]!;
	return { id: service.id, name };
}

/**
 * The service's organisation's own place: its first that is not a community hub, or its hub
 * where that is all it has (as the community provider's).
 */
export async function placeOf(service: { id: number }): Promise<number> {
	const { database, tables } = await domain();
	const place = (
		await database()
			.select({ id: tables.locations.id })
			.from(tables.locations)
			.innerJoin(
				tables.services,
				eq(tables.services.organisationId, tables.locations.organisationId)
			)
			.where(eq(tables.services.id, service.id))
			.orderBy(asc(tables.locations.communityHub), asc(tables.locations.id))
	)[0];
	if (!place) throw new Error(`no place for service ${service.id}`);
	return place.id;
}

/**
 * A free time in the service, at its organisation's own place, on a London date and time, in
 * person unless another way of meeting is given.
 */
export async function aSlot(
	service: { id: number },
	date: string,
	time: string,
	{ minutes = 15, mode = 'in_person' }: { minutes?: number; mode?: Domain.AppointmentMode } = {}
): Promise<number> {
	const { database, londonTime, tables } = await domain();
	const startsAt = londonTime(date, time);
	return (
		await database()
			.insert(tables.slots)
			.values({
				serviceId: service.id,
				locationId: await placeOf(service),
				mode,
				startsAt,
				endsAt: new Date(startsAt.getTime() + minutes * 60_000)
			})
			.returning({ id: tables.slots.id })
	)[0]!.id;
}

/**
 * An appointment for the resident in the service on a London date and time, past or to come,
 * booked by staff when they called in (as the demo's Maureen's is), in its own new time; one in
 * the past is kept as attended unless another status is given.
 */
export async function aStaffBooking(
	resident: Resident,
	service: { id: number },
	date: string,
	time: string,
	{
		needs = {},
		status
	}: { needs?: Domain.AppointmentNeeds; status?: Domain.AppointmentStatus } = {}
): Promise<{ id: number; reference: string; slotId: number }> {
	const { database, londonTime, newReference, tables } = await domain();
	const slotId = await aSlot(service, date, time);
	const past = londonTime(date, time) < new Date();
	const appointment = (
		await database()
			.insert(tables.appointments)
			.values({
				patientId: resident.patientId,
				reference: newReference(),
				slotId,
				bookedVia: 'staff',
				status: status ?? (past ? 'attended' : 'booked'),
				needs
			})
			.returning({ id: tables.appointments.id, reference: tables.appointments.reference })
	)[0]!;
	return { ...appointment, slotId };
}

/**
 * An appointment for the resident today in the service, at a time of the day that may be past,
 * booked by staff when they called in, as the demo's Maureen's is: still booked, for staff to
 * mark.
 */
export async function anAppointmentToday(
	resident: Resident,
	service: { id: number },
	time: string,
	needs: Domain.AppointmentNeeds
): Promise<string> {
	const { londonDate } = await domain();
	const today = londonDate(new Date());
	return (await aStaffBooking(resident, service, today, time, { needs, status: 'booked' }))
		.reference;
}

/** A community hub people may ask to be met at, the first the contact journey offers. */
export async function aCommunityHub(): Promise<number> {
	const { communityHubs } = await domain();
	const [hub] = await communityHubs();
	if (!hub) throw new Error('no community hub');
	return hub.id;
}

/** The messages queued to an address (an E.164 number or an email address), oldest first. */
export async function messagesTo(address: string) {
	const { database, tables } = await domain();
	return await database()
		.select()
		.from(tables.outbox)
		.where(eq(tables.outbox.recipient, address))
		.orderBy(asc(tables.outbox.id));
}

/** An appointment as the database holds it now, with when its time starts. */
export async function appointmentNow(id: number) {
	const { database, tables } = await domain();
	const row = (
		await database()
			.select({ appointment: tables.appointments, startsAt: tables.slots.startsAt })
			.from(tables.appointments)
			.innerJoin(tables.slots, eq(tables.appointments.slotId, tables.slots.id))
			.where(eq(tables.appointments.id, id))
	)[0];
	return row && { ...row.appointment, startsAt: row.startsAt };
}

/** Whether the resident can book this very time now (it is free). */
export async function canBook(resident: Resident, slotId: number): Promise<boolean> {
	const { bookSlot } = await domain();
	return (await bookSlot(resident.context, { slotId, needs: {} })).ok;
}

/** The account keeps only its mobile number, as on a basic phone: all it is sent goes by text. */
export async function onlyByText(resident: Resident): Promise<void> {
	const { database, tables } = await domain();
	await database()
		.update(tables.users)
		.set({ email: null })
		.where(eq(tables.users.id, resident.userId));
}

/**
 * The resident is reached by text alone (`onlyByText`), their record says texts, and it holds a
 * postal address: the next way, when a text cannot be delivered.
 */
export async function reachedByTextOnly(resident: Resident, address: string): Promise<void> {
	await onlyByText(resident);
	const { database, tables } = await domain();
	await database()
		.update(tables.patients)
		.set({ reachBy: 'sms', address })
		.where(eq(tables.patients.id, resident.patientId));
}

/**
 * The first message about the appointment, once the app's worker has sent it, as if it had gone
 * through GOV.UK Notify (the e2e server's driver sends nothing, so it has no Notify id): Notify's
 * id for it, and the reference our driver gives Notify, as a delivery receipt names them.
 */
export async function sentThroughNotify(
	appointmentId: number
): Promise<{ id: string; reference: string }> {
	const { database, tables } = await domain();
	const { outbox } = tables;
	const db = database();
	// The worker looks every 5 seconds.
	for (let wait = 0; wait < 60; wait++) {
		const message = (
			await db
				.select({ id: outbox.id, status: outbox.status })
				.from(outbox)
				.where(eq(outbox.appointmentId, appointmentId))
				.orderBy(asc(outbox.id))
		)[0];
		if (message?.status === 'sent') {
			const id = randomUUID();
			await db.update(outbox).set({ providerId: id }).where(eq(outbox.id, message.id));
			return { id, reference: `outbox-${message.id}` };
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`nothing sent about appointment ${appointmentId}`);
}

/**
 * A change another organisation's system made to the resident's
 * care, as its FHIR writes record one: in their activity log, by the system's own account, as its
 * organisation's staff, by FHIR. The resident reads who did it at /activity.
 */
export async function aChangeBySystem(
	resident: Resident,
	{ clientId }: Pick<RegisteredSystem, 'clientId'>,
	reference: string
): Promise<void> {
	const { database, fhirActor, recordActivity, tables } = await domain();
	const db = database();
	const client = (
		await db.select().from(tables.fhirClients).where(eq(tables.fhirClients.clientId, clientId))
	)[0];
	if (!client) throw new Error(`no system ${clientId}`);
	await recordActivity(
		db,
		{ actor: fhirActor(client), subject: resident.context.subject, via: 'staff', channel: 'fhir' },
		'appointment.attended',
		{ reference }
	);
}

export type RegisteredSystem = {
	clientId: string;
	organisationId: number;
	/** The private half of the key it registered: what signs its assertions. */
	privateKey: CryptoKey;
};

/**
 * Another organisation's system, registered by an ICS admin of this test's own, with a key pair
 * of its own (ES384) and the scopes given.
 */
export async function aRegisteredSystem(
	organisationId: number,
	scopes: string[] = ['system/*.read', 'system/*.write'],
	name = `System ${uniqueWord()}`
): Promise<RegisteredSystem> {
	const { registerClient } = await domain();
	const { exportJWK, generateKeyPair } = await import('jose');
	const keys = await generateKeyPair('ES384', { extractable: true });
	const publicKey = { ...(await exportJWK(keys.publicKey)), alg: 'ES384', kid: 'one' };
	const { clientId } = await registerClient(await anIcsAdmin(), {
		name,
		organisationId,
		jwks: { keys: [publicKey] },
		scopes
	});
	return { clientId, organisationId, privateKey: keys.privateKey };
}

/** The organisation a service belongs to. */
export async function organisationOf(service: { id: number }): Promise<number> {
	const { database, tables } = await domain();
	return (
		await database()
			.select({ id: tables.services.organisationId })
			.from(tables.services)
			.where(eq(tables.services.id, service.id))
	)[0]!.id;
}

/**
 * A client assertion as SMART Backend Services has a system make one: signed with its private
 * key, for the token endpoint, good for a few minutes and once. `key` and `expiresIn` let a test
 * make the wrong ones.
 */
export async function clientAssertion(
	system: RegisteredSystem,
	tokenUrl: string,
	{ key = system.privateKey, expiresIn = '4m' }: { key?: CryptoKey; expiresIn?: string } = {}
): Promise<string> {
	const { SignJWT } = await import('jose');
	return new SignJWT({})
		.setProtectedHeader({ alg: 'ES384', kid: 'one', typ: 'JWT' })
		.setIssuer(system.clientId)
		.setSubject(system.clientId)
		.setAudience(tokenUrl)
		.setExpirationTime(expiresIn)
		.setJti(randomUUID())
		.sign(key);
}

/** A made-up NHS number with a right modulus 11 check digit, new for each call. */
export function anNhsNumber(): string {
	for (;;) {
		const first = `9${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
		const sum = [...first].reduce((total, digit, i) => total + Number(digit) * (10 - i), 0);
		const check = (11 - (sum % 11)) % 11;
		if (check !== 10) return `${first}${check}`;
	}
}

/** Gives the resident's record an NHS number of its own, as a record found by PDS has. */
export async function withNhsNumber(resident: Resident): Promise<string> {
	const { database, tables } = await domain();
	const nhsNumber = anNhsNumber();
	await database()
		.update(tables.patients)
		.set({ nhsNumber })
		.where(eq(tables.patients.id, resident.patientId));
	return nhsNumber;
}

/** An ICS admin withdraws the system's registration: its tokens stop working at once. */
export async function withdraw(system: RegisteredSystem): Promise<void> {
	const { database, revokeClient, tables } = await domain();
	const client = (
		await database()
			.select({ id: tables.fhirClients.id })
			.from(tables.fhirClients)
			.where(eq(tables.fhirClients.clientId, system.clientId))
	)[0]!;
	await revokeClient(await anIcsAdmin(), client.id);
}

/** An ICS admin of the test's own, made like the demo's, as the domain sees them. */
async function anIcsAdmin() {
	const { actorFor, database, tables } = await domain();
	const id = await anAccountLike('admin@example.org', `${uniqueWord()}@example.org`);
	return actorFor(
		(await database().select().from(tables.users).where(eq(tables.users.id, id)))[0]!
	);
}

/**
 * The day of an appointment comes: its time moves to earlier today (London), as if the test had
 * waited for it, so that what may only be done on the day can be.
 */
export async function theDayComes(appointmentId: number): Promise<void> {
	const { database, londonDate, londonTime, tables } = await domain();
	const db = database();
	const { slotId } = (
		await db
			.select({ slotId: tables.appointments.slotId })
			.from(tables.appointments)
			.where(eq(tables.appointments.id, appointmentId))
	)[0]!;
	const startsAt = londonTime(londonDate(new Date()), '00:01');
	await db
		.update(tables.slots)
		.set({ startsAt, endsAt: new Date(startsAt.getTime() + 20 * 60_000) })
		.where(eq(tables.slots.id, slotId));
}

/**
 * A new organisation of this test alone (a GP practice of Eastmere), with one place and one
 * service (as the demo's GP appointments are, under its own name), with no diary yet.
 */
export async function anOrganisation(name: string): Promise<{
	organisationId: number;
	locationId: number;
	service: { id: number; name: string };
}> {
	const { database, tables } = await domain();
	const db = database();
	const organisation = (
		await db
			.insert(tables.organisations)
			.values({ name, kind: 'gp_practice', borough: 'Eastmere', phone: '020 7946 0999' })
			.returning({ id: tables.organisations.id })
	)[0]!;
	const location = (
		await db
			.insert(tables.locations)
			.values({
				organisationId: organisation.id,
				name: `${name} surgery`,
				address: '1 Test Street, Eastmere',
				postcode: 'E20 1AA',
				stepFreeAccess: true,
				hearingLoop: false
			})
			.returning({ id: tables.locations.id })
	)[0]!;
	const serviceName = `${name} GP appointments`;
	const service = (
		await db
			.insert(tables.services)
			.values({
				organisationId: organisation.id,
				name: serviceName,
				kind: 'gp',
				modes: ['in_person', 'phone'],
				phone: '020 7946 0999'
			})
			.returning({ id: tables.services.id })
	)[0]!;
	return {
		organisationId: organisation.id,
		locationId: location.id,
		service: { id: service.id, name: serviceName }
	};
}

/** A staff account of the organisation (who runs its services), with the demo password. */
export async function aStaffMemberOf(organisationId: number): Promise<number> {
	const { database, tables } = await domain();
	const db = database();
	const demo = (
		await db
			.select({ passwordHash: tables.users.passwordHash })
			.from(tables.users)
			.where(eq(tables.users.email, 'staff@example.org'))
	)[0]!;
	return (
		await db
			.insert(tables.users)
			.values({
				email: `lead-${uniqueWord()}@example.org`,
				passwordHash: demo.passwordHash,
				role: 'staff',
				organisationId
			})
			.returning({ id: tables.users.id })
	)[0]!.id;
}

/**
 * "Who is being left out" counted afresh now, as the server counts it every few hours
 * (insight/groups.ts): for a test whose bookings must be in the figures its page reads.
 */
export async function leftOutCounted(): Promise<void> {
	const { countAfresh } = await domain();
	await countAfresh();
}
