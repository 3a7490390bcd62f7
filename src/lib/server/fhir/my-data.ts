// "Download my data": everything Joined Up holds about a person, gathered for them (or for
// someone acting for them, within what they were allowed) once, and given two ways: a readable
// summary page, and one FHIR Bundle in the same UK Core profiles as the interface. Each part is
// read through the same guarded reader, or the same policy decision, as the page that shows it,
// so a copy never holds what its reader could not see on the web.
import { and, eq, inArray, ne } from 'drizzle-orm';
import { may, relationshipState, type ActingContext } from '../access/policy';
import { appointmentsOf } from '../appointments/queries';
import { recordActivity, wholeActivityOf } from '../audit';
import { readablePlans } from '../care-plans/reading';
import { communicationNeedsOf } from '../communication-needs';
import { database, tables } from '../db';
import { keptOnceSent } from '../messages/templates';
import { toTellAgain } from '../messages/rewrite';
import { shownIdentifier } from '../people/people';
import { requestOf, requestsOf } from '../requests/asking';

const { carePlanVersions, outbox, patients, proxyRelationships, users } = tables;

/** What the copy holds. A part the reader may not see at all is null; within a part, only what they may. */
export type MyData = NonNullable<ReturnType<typeof myDataOf>>;

/**
 * Everything held about the subject that the actor may see, as of `now`; null when they may
 * not take a copy at all. The patient gets all of it. Someone acting for them gets their details
 * (whose copy it is), and then only what their grant shows them on the web: appointments and
 * requests of services whose label they may know, care plans of labels allowed, the messages
 * about those, communication needs when they may manage them; never who acts for the person nor
 * their activity log, which are the patient's alone.
 */
export function myDataOf(context: ActingContext, now = new Date()) {
	const { subject } = context;
	if (!subject || !may(context, 'data.download')) return null;
	const own = context.via === 'self';
	const { upcoming, past } = appointmentsOf(context, now);
	const appointments = [...upcoming, ...past];
	const carePlans = carePlansWithVersions(context);
	const requests = requestsOf(context)
		.map((request) => requestOf(context, request.id))
		.filter((request) => request !== undefined);
	return {
		patient: detailsOf(subject.patientId, own),
		communicationNeeds:
			own || may(context, 'communication_needs.manage')
				? communicationNeedsOf(subject.patientId)
				: null,
		appointments: may(context, 'appointments.view') ? appointments : null,
		carePlans: may(context, 'care_plans.view') ? carePlans : null,
		requests: may(context, 'requests.make') ? requests : null,
		messages: messagesAbout(subject.patientId, {
			all: own,
			appointmentIds: new Set(appointments.map((appointment) => appointment.id)),
			requestIds: new Set(requests.map((detail) => detail.request.id))
		}),
		// `may` gives these to the patient alone: who acts for them, and what was done.
		proxies: may(context, 'people.manage') ? relationshipsOf(subject.patientId, now) : null,
		activity: may(context, 'activity.view') ? wholeActivityOf(context) : null,
		at: now
	};
}

/**
 * Records in the person's activity log that a copy was taken, by whom and how (the log row's
 * `via`); a copy taken afterwards holds this line too.
 */
export function recordDownload(context: ActingContext): boolean {
	if (!context.subject || !may(context, 'data.download')) return false;
	database().transaction((tx) => recordActivity(tx, context, 'data.downloaded'));
	return true;
}

/**
 * The person's record. Someone acting for them sees who it is (name, date of birth, NHS number)
 * but not where the person lives or how to reach them, which no page shows them either.
 */
function detailsOf(patientId: number, own: boolean) {
	const row = database()
		.select({
			id: patients.id,
			givenName: patients.givenName,
			familyName: patients.familyName,
			dateOfBirth: patients.dateOfBirth,
			nhsNumber: patients.nhsNumber,
			postcode: patients.postcode,
			address: patients.address,
			mobile: patients.mobile,
			email: patients.email,
			reachBy: patients.reachBy
		})
		.from(patients)
		.where(eq(patients.id, patientId))
		.get()!;
	return own
		? row
		: { ...row, postcode: null, address: null, mobile: null, email: null, reachBy: null };
}

/** The plans the actor may read, each with every saved version, oldest first. */
function carePlansWithVersions(context: ActingContext) {
	const plans = readablePlans(context);
	if (plans.length === 0) return [];
	const versions = database()
		.select()
		.from(carePlanVersions)
		.where(
			inArray(
				carePlanVersions.planId,
				plans.map((plan) => plan.id)
			)
		)
		.orderBy(carePlanVersions.planId, carePlanVersions.version)
		.all();
	return plans.map((plan) => ({
		plan,
		versions: versions.filter((version) => version.planId === plan.id)
	}));
}

/**
 * Messages sent about the person, as kept (a code leaves its message once sent). Someone acting
 * for them gets only those about an appointment or a request they may see.
 */
function messagesAbout(
	patientId: number,
	seen: { all: boolean; appointmentIds: Set<number>; requestIds: Set<number> }
) {
	return (
		database()
			.select({
				id: outbox.id,
				kind: outbox.kind,
				channel: outbox.channel,
				recipient: outbox.recipient,
				language: outbox.language,
				subject: outbox.subject,
				body: outbox.body,
				status: outbox.status,
				deliveryStatus: outbox.deliveryStatus,
				appointmentId: outbox.appointmentId,
				about: outbox.about,
				createdAt: outbox.createdAt,
				sentAt: outbox.sentAt
			})
			.from(outbox)
			// A message withdrawn before it was sent (a reminder for a cancelled time) told nobody.
			.where(and(eq(outbox.patientId, patientId), ne(outbox.status, 'withdrawn')))
			.orderBy(outbox.createdAt, outbox.id)
			.all()
			.filter((message) => seen.all || aboutSomethingSeen(message, seen))
			.map(({ about, ...message }) => ({
				...message,
				body: keptOnceSent(message),
				requestId: requestIdOf(about)
			}))
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
function relationshipsOf(patientId: number, at: Date) {
	const r = proxyRelationships;
	return database()
		.select({
			id: r.id,
			status: r.status,
			kind: r.kind,
			setUp: r.setUp,
			reason: r.reason,
			reviewOn: r.reviewOn,
			permissions: r.permissions,
			carePlanLabels: r.carePlanLabels,
			invitedIdentifier: r.invitedIdentifier,
			invitationExpiresAt: r.invitationExpiresAt,
			endsAt: r.endsAt,
			createdAt: r.createdAt,
			acceptedAt: r.acceptedAt,
			endedAt: r.endedAt,
			proxyEmail: users.email,
			proxyMobile: users.mobile,
			proxyGivenName: patients.givenName,
			proxyFamilyName: patients.familyName
		})
		.from(r)
		.leftJoin(users, eq(r.proxyUserId, users.id))
		.leftJoin(patients, eq(users.patientId, patients.id))
		.where(eq(r.patientId, patientId))
		.orderBy(r.createdAt, r.id)
		.all()
		.map((row) => ({
			...row,
			state: relationshipState(row, at),
			// As the people page names them: by name, else their account's or the invitation's address.
			name: row.proxyGivenName
				? `${row.proxyGivenName} ${row.proxyFamilyName}`
				: shownIdentifier(row.invitedIdentifier, { email: row.proxyEmail, mobile: row.proxyMobile })
		}));
}
