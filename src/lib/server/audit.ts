// The activity log: one row for every change to a person's care or account, written in the same
// transaction as the change. Rows can never be updated or deleted (see the migration's triggers).
import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { Executor } from './db';
import { database, tables } from './db';
import { may, type ActingContext } from './access/policy';
import { displayIdentifier } from './identifier';

export const activityActions = [
	'account.registered',
	'account.language_changed',
	'account.password_changed',
	'account.password_reset',
	'account.linked_nhs_login',
	'account.linked_code',
	'account.linked_in_person',
	'account.nhs_login_added',
	'appointment.booked',
	'appointment.cancelled',
	'appointment.rescheduled',
	'appointment.confirmed',
	'appointment.attended',
	'appointment.did_not_attend',
	'proxy.invited',
	'proxy.accepted',
	'proxy.permissions_changed',
	'proxy.revoked',
	'proxy.stepped_down',
	'proxy.recorded',
	'proxy.renewed',
	'patient.registered',
	'care_plan.created',
	'care_plan.updated',
	'care_plan.handed_over',
	'care_plan.what_matters_changed',
	'care_plan.question_asked',
	'care_plan.question_answered',
	'communication_needs.changed',
	'request.made',
	'request.in_review',
	'request.message_sent',
	'request.replied',
	'request.arranged',
	'request.closed',
	'request.cancelled',
	'request.matched',
	'assist.started',
	'assist.ended',
	// A copy of what is held about them taken away (the FHIR Bundle from /settings/download).
	'data.downloaded'
] as const;
export type ActivityAction = (typeof activityActions)[number];

type Detail = Record<string, string | number | boolean | null>;

export async function recordActivity(
	db: Executor,
	context: ActingContext,
	action: ActivityAction,
	detail?: Detail
): Promise<void> {
	await db.insert(tables.activityLog).values({
		actorUserId: context.actor?.userId ?? null,
		subjectPatientId: context.subject?.patientId ?? null,
		via: context.via,
		channel: context.channel ?? 'web',
		action,
		detail: detail ?? null
	});
}

export const activityPageSize = 20;

/**
 * The subject's activity log, newest first, a page at a time, optionally only what one person
 * did; with who did it and how. Only the patient themself may read it.
 */
export async function activityOf(
	context: ActingContext,
	{ page = 1, by }: { page?: number; by?: number } = {}
) {
	const { subject } = context;
	if (!subject || !may(context, 'activity.view')) return { entries: [], more: false, people: [] };
	const { activityLog, fhirClients, organisations, patients, users } = tables;
	const mine = eq(activityLog.subjectPatientId, subject.patientId);
	const rows = await activityRows(
		and(mine, by === undefined ? undefined : eq(activityLog.actorUserId, by))
	)
		.limit(activityPageSize + 1)
		.offset((page - 1) * activityPageSize);
	// Everyone who has done something to this person's care, for the filter: first who and how
	// (from an index alone), then each one's name once, not once for every entry they made.
	const actors = database()
		.selectDistinct({ userId: activityLog.actorUserId, via: activityLog.via })
		.from(activityLog)
		.where(mine)
		.as('actors');
	const people = await database()
		.select({
			userId: actors.userId,
			via: actors.via,
			givenName: patients.givenName,
			familyName: patients.familyName,
			email: users.email,
			mobile: users.mobile,
			organisation: organisations.name,
			system: fhirClients.name
		})
		.from(actors)
		.innerJoin(users, eq(actors.userId, users.id))
		.leftJoin(patients, eq(users.patientId, patients.id))
		.leftJoin(organisations, eq(users.organisationId, organisations.id))
		.leftJoin(fhirClients, eq(fhirClients.userId, users.id));
	return {
		entries: rows.slice(0, activityPageSize).map(named),
		more: rows.length > activityPageSize,
		people: people.map(named)
	};
}

/** The subject's whole activity log, newest first, for a copy of their data; the patient's alone. */
export async function wholeActivityOf(context: ActingContext) {
	const { subject } = context;
	if (!subject || !may(context, 'activity.view')) return [];
	return (await activityRows(eq(tables.activityLog.subjectPatientId, subject.patientId))).map(
		named
	);
}

export type ActivityEntry = Awaited<ReturnType<typeof wholeActivityOf>>[number];

/**
 * Log entries with who did each (their name, address and organisation, or the name of the
 * system it was), newest first.
 */
function activityRows(where: SQL | undefined) {
	const { activityLog, fhirClients, organisations, patients, users } = tables;
	return (
		database()
			.select({
				id: activityLog.id,
				at: activityLog.at,
				action: activityLog.action,
				via: activityLog.via,
				channel: activityLog.channel,
				detail: activityLog.detail,
				actorUserId: activityLog.actorUserId,
				actorOrganisationId: users.organisationId,
				givenName: patients.givenName,
				familyName: patients.familyName,
				email: users.email,
				mobile: users.mobile,
				organisation: organisations.name,
				system: fhirClients.name
			})
			.from(activityLog)
			.leftJoin(users, eq(activityLog.actorUserId, users.id))
			.leftJoin(patients, eq(users.patientId, patients.id))
			.leftJoin(organisations, eq(users.organisationId, organisations.id))
			// Another organisation's system acts through an account of its own: its name, as registered.
			.leftJoin(fhirClients, eq(fhirClients.userId, users.id))
			.where(where)
			.orderBy(desc(activityLog.at), desc(activityLog.id))
	);
}

/**
 * Who someone is, as the patient knows them: their name when they are a patient here too,
 * otherwise the address they signed up with (the patient invited them by it).
 */
function named<
	T extends {
		givenName: string | null;
		familyName: string | null;
		email: string | null;
		mobile: string | null;
	}
>({ givenName, familyName, email, mobile, ...rest }: T) {
	const name = givenName
		? `${givenName} ${familyName}`
		: email || mobile
			? displayIdentifier({ email, mobile })
			: null;
	return { ...rest, name };
}
