// The one access policy. Every route and action asks here whether the signed-in person (the
// actor) may do something, and to whose care (the subject), and via what. Anything not allowed
// below is denied. Plain decisions only: guards.ts applies them to routes.
import { demoMode } from '../config';
import {
	proxyPermissions,
	type ActivityChannel,
	type IdentityLevel,
	type ProxyPermission,
	type ProxyStatus,
	type Role,
	type SensitivityLabel,
	type Via
} from '../db/schema';

export type Actor = {
	userId: number;
	role: Role;
	/** The actor's own patient record, when they receive care themselves. */
	patientId: number | null;
	organisationId: number | null;
};

/** The actor a signed-in user is. */
export function actorFor(user: {
	id: number;
	role: Role;
	patientId: number | null;
	organisationId: number | null;
}): Actor {
	return {
		userId: user.id,
		role: user.role,
		patientId: user.patientId,
		organisationId: user.organisationId
	};
}

export type Subject = { patientId: number; givenName: string; familyName: string };

/** What a proxy may do for the subject, from an active relationship; null for anyone else. */
export type Grant = { permissions: ProxyPermission[]; carePlanLabels: SensitivityLabel[] };

export type ActingContext = {
	actor: Actor | null;
	subject: Subject | null;
	via: Via;
	grant?: Grant | null;
	/** By a reply to a text message rather than on the web; the same rules apply. */
	channel?: ActivityChannel;
};

/** A relationship's state now: `expired` when its invitation or its access has run out. */
export type RelationshipState = ProxyStatus | 'expired';

export function relationshipState(
	relationship: {
		status: ProxyStatus;
		invitationExpiresAt: Date | null;
		endsAt: Date | null;
	},
	now = new Date()
): RelationshipState {
	const { status, invitationExpiresAt, endsAt } = relationship;
	if (status === 'invited' && invitationExpiresAt && invitationExpiresAt <= now) return 'expired';
	if (status === 'active' && endsAt && endsAt <= now) return 'expired';
	return status;
}

/**
 * The grant a relationship gives its proxy now: only an active, unexpired relationship of this
 * very person gives anything.
 */
export function proxyGrant(
	actor: Actor | null,
	relationship: {
		proxyUserId: number | null;
		status: ProxyStatus;
		invitationExpiresAt: Date | null;
		endsAt: Date | null;
		permissions: ProxyPermission[];
		carePlanLabels: SensitivityLabel[];
	},
	now = new Date()
): Grant | null {
	if (!actor || relationship.proxyUserId !== actor.userId) return null;
	if (relationshipState(relationship, now) !== 'active') return null;
	return { permissions: relationship.permissions, carePlanLabels: relationship.carePlanLabels };
}

/** Who may enter a group of routes. Route groups are named after their area: `(account)`. */
export const areas = ['public', 'account', 'staff', 'admin', 'fhir', 'insight'] as const;
export type Area = (typeof areas)[number];

/** Things done to a subject's care. Later areas add theirs here. */
export const subjectActions = [
	'activity.view',
	'people.manage',
	'appointments.view',
	'appointments.manage',
	'care_plans.view',
	'care_plans.contribute',
	'communication_needs.manage',
	'requests.make',
	// A copy of what is held about them (the summary and the FHIR Bundle): what the copy holds is
	// decided thing by thing, by the same rules as the pages that show each (fhir/my-data.ts).
	'data.download'
] as const;
export type SubjectAction = (typeof subjectActions)[number];

export type EntryDecision = 'allow' | 'sign-in' | 'forbidden' | 'not-found';

export function mayEnter(actor: Actor | null, area: Area): EntryDecision {
	switch (area) {
		case 'public':
			return 'allow';
		case 'account':
			return actor ? 'allow' : 'sign-in';
		case 'staff':
			if (!actor) return 'sign-in';
			return actor.role === 'staff' || actor.role === 'admin' ? 'allow' : 'forbidden';
		case 'admin':
			if (!actor) return 'sign-in';
			return actor.role === 'admin' ? 'allow' : 'forbidden';
		case 'insight':
			// Not "forbidden": for anyone it is not for, insight does not exist (see insightScope).
			if (!actor) return 'sign-in';
			return insightScope(actor) ? 'allow' : 'not-found';
		case 'fhir':
			// The other organisations' systems sign in with no session: every call carries a
			// bearer token, checked by web/fhir.ts, and mayFhir decides what it may do.
			return 'allow';
		default:
			return 'forbidden';
	}
}

/** The longest an assisted session may run, and how long one runs unless the link worker says. */
export const longestAssistedMinutes = 4 * 60;
export const defaultAssistedMinutes = 60;

/** May this person help residents in person (search for them and record their consent)? */
export function mayAssist(actor: Actor | null): boolean {
	return actor?.role === 'link_worker';
}

/**
 * Things done in person, face to face with a resident, by the people who meet them. Link workers
 * find and register residents, record who acts for them and link a resident's account to their
 * record once they have checked who they are; staff do the same, and alone may renew a parent's
 * access past the child's 11th birthday (a professional judgement).
 */
export const inPersonActions = [
	'residents.find',
	'residents.register',
	'relationships.record',
	'relationships.renew',
	'records.link'
] as const;
export type InPersonAction = (typeof inPersonActions)[number];

export function mayInPerson(actor: Actor | null, action: InPersonAction): boolean {
	if (!actor) return false;
	switch (action) {
		case 'residents.find':
		case 'residents.register':
		case 'relationships.record':
		case 'records.link':
			return actor.role === 'link_worker' || actor.role === 'staff';
		case 'relationships.renew':
			return actor.role === 'staff';
		default:
			return false;
	}
}

/**
 * What a link worker may do during an assisted session: everything a proxy could be allowed,
 * but only general care plans (never who acts for the person, nor their activity log); only while the session runs, and only for its own link worker.
 */
export function assistedGrant(
	actor: Actor | null,
	session: { linkWorkerUserId: number; endsAt: Date; endedAt: Date | null },
	now = new Date()
): Grant | null {
	if (!mayAssist(actor) || session.linkWorkerUserId !== actor!.userId) return null;
	if (session.endedAt || session.endsAt <= now) return null;
	return {
		permissions: [
			'appointments.view',
			'appointments.manage',
			'care_plans.view',
			'requests.make',
			'communication_needs.manage'
		],
		carePlanLabels: ['general']
	};
}

/**
 * The proxy permissions that allow each action, any one of them enough. An action not listed is
 * for the patient alone: who may act for them, and their activity log, are never a proxy's.
 */
const proxyMayDo: Partial<Record<SubjectAction, ProxyPermission[]>> = {
	'appointments.view': ['appointments.view', 'appointments.manage'],
	'appointments.manage': ['appointments.manage'],
	'care_plans.view': ['care_plans.view'],
	// Editing "What matters to me" and asking the care team: making requests of them.
	'care_plans.contribute': ['requests.make'],
	'communication_needs.manage': ['communication_needs.manage'],
	// Asking for face-to-face contact, and following, replying to or cancelling what was asked.
	'requests.make': ['requests.make'],
	// Anything they were allowed to see, they may keep a copy of; a grant of nothing gives none.
	'data.download': [...proxyPermissions]
};

/** May the actor do this to the subject's care, via the route the context names? */
export function may(context: ActingContext, action: SubjectAction): boolean {
	const { actor, subject, via, grant } = context;
	if (!actor || !subject || !subjectActions.includes(action)) return false;
	switch (via) {
		case 'self':
			return actor.patientId === subject.patientId;
		case 'proxy':
		case 'assisted':
			// The grant comes from an active relationship or a running assisted session, checked
			// on this request; it never covers the person's own record.
			if (!grant || actor.patientId === subject.patientId) return false;
			if (via === 'assisted' && !mayAssist(actor)) return false;
			return (proxyMayDo[action] ?? []).some((needed) => grant.permissions.includes(needed));
		default:
			return false;
	}
}

/**
 * May the actor read, or add to, one of the subject's care plans with this sensitivity label?
 * The patient sees all of their own; anyone acting for them only the labels they were allowed
 * (a link worker, general plans only). A plan they may not read does not exist for them.
 */
export function mayCarePlan(
	context: ActingContext,
	action: 'care_plans.view' | 'care_plans.contribute',
	label: SensitivityLabel
): boolean {
	if (!may(context, 'care_plans.view')) return false;
	if (action === 'care_plans.contribute' && !may(context, 'care_plans.contribute')) return false;
	return context.via === 'self' || (context.grant?.carePlanLabels.includes(label) ?? false);
}

/**
 * May the actor learn of something about a service with this sensitivity label (an appointment
 * with it, a request to it, a message about either)? The patient learns of all of theirs; anyone
 * acting for them of general services, and of labelled ones only when allowed that label, as for
 * care plans (a link worker, never). Without it the thing does not exist for them.
 */
export function mayKnowOfService(
	context: Pick<ActingContext, 'via' | 'grant'>,
	label: SensitivityLabel
): boolean {
	if (context.via === 'self' || label === 'general') return true;
	return context.grant?.carePlanLabels.includes(label) ?? false;
}

/** May the actor see, or change, one of the subject's appointments with a service so labelled? */
export function mayAppointment(
	context: ActingContext,
	action: 'appointments.view' | 'appointments.manage',
	service: { label: SensitivityLabel }
): boolean {
	return may(context, action) && mayKnowOfService(context, service.label);
}

/**
 * May the actor follow one of the subject's requests for face-to-face contact (read it, reply,
 * cancel)? The patient follows all of theirs. Someone acting for them, allowed to make requests,
 * follows those made for the patient by anyone acting for them, never the ones the patient made
 * alone, which may say what they told no one else, nor those to a service whose label they were
 * not allowed. Making a request to a service asks the same of the service.
 */
export function mayFollowRequest(
	context: ActingContext,
	request: { madeVia: Via; label: SensitivityLabel }
): boolean {
	if (!may(context, 'requests.make') || !mayKnowOfService(context, request.label)) return false;
	return context.via === 'self' || request.madeVia !== 'self';
}

// Asking to be seen before an account reaches a record (issue 19). Someone whose account is not
// linked to a patient record yet may still ask for face-to-face contact, saying who they are;
// staff match the request to a record when they answer it.

/**
 * Signed in to their own resident account, not yet linked to a patient record, and acting for
 * nobody: the person asks for themself, and there is no record whose care it is yet.
 */
export function isUnlinkedSelf(context: Pick<ActingContext, 'actor' | 'subject' | 'via'>): boolean {
	const { actor, subject, via } = context;
	return (
		actor?.role === 'patient' && actor.patientId === null && subject === null && via === 'self'
	);
}

/**
 * May the actor follow (read, reply to, cancel) a request not matched to a record? Only the
 * account that made it, while the request is still unmatched and the account is still unlinked.
 * Once staff match it to a record, it is that record's: it is followed as any request of the
 * record is, by the record's own account (once this account is linked to that record, it is), and
 * messages about it go to the record's contacts. Until then staff's match rests on details the
 * person typed, not on proof of who they are, so the record's care (an appointment arranged,
 * what staff wrote once they knew the record) is never shown to an account only claiming it.
 */
export function mayFollowUnmatchedRequest(
	context: Pick<ActingContext, 'actor' | 'subject' | 'via'>,
	request: { patientId: number | null; madeByUserId: number }
): boolean {
	return (
		isUnlinkedSelf(context) &&
		request.patientId === null &&
		request.madeByUserId === context.actor!.userId
	);
}

/**
 * May staff keep this care plan? Staff of any organisation in it (the one that started it, and
 * those of every team in its care team or owning an action) and nobody else.
 */
export function mayStaffCarePlan(actor: Actor | null, planOrganisationIds: number[]): boolean {
	return mayStartCarePlan(actor) && planOrganisationIds.includes(actor!.organisationId!);
}

/**
 * Any staff member of an organisation may start a plan, for a patient they have found by their
 * exact details (there is no list of patients to browse); their organisation is then in it.
 */
export function mayStartCarePlan(actor: Actor | null): boolean {
	return actor?.role === 'staff' && actor.organisationId !== null;
}

/** Things staff and admins do in the running of services, rather than to one person's care. */
export const staffActions = [
	'diary.manage',
	'requests.manage',
	'outbox.view',
	'security_log.view',
	'fhir_clients.manage',
	'fhir_calls.view'
] as const;
export type StaffAction = (typeof staffActions)[number];

/**
 * May the actor do this in the running of services? Diaries, and the requests made to a
 * service, are managed by the staff of the organisation it belongs to, and no one else. The
 * outbox, holding every message's words, is open to admins only in the demo (in service,
 * Notify's own records are where it is looked up). The security log, the registered systems
 * and their calls are for admins.
 */
export function mayStaff(
	actor: Actor | null,
	action: StaffAction,
	organisationId?: number | null
): boolean {
	if (!actor) return false;
	switch (action) {
		case 'diary.manage':
		case 'requests.manage':
			return (
				actor.role === 'staff' &&
				actor.organisationId !== null &&
				organisationId === actor.organisationId
			);
		case 'outbox.view':
			return actor.role === 'admin' && demoMode;
		// Registering other organisations' systems, and reading what they did, is the ICS's.
		case 'security_log.view':
		case 'fhir_clients.manage':
		case 'fhir_calls.view':
			return actor.role === 'admin';
		default:
			return false;
	}
}

/**
 * The area a route belongs to, from its id (`/(account)/settings` → `account`); null if none.
 * Insight lives among the staff pages but is an area of its own, with its own rule of entry.
 */
export function areaOfRoute(routeId: string): Area | null {
	if (within(routeId, insightRoute)) return 'insight';
	const group = /^\/\(([^)]+)\)/.exec(routeId)?.[1];
	return (areas as readonly string[]).includes(group ?? '') ? (group as Area) : null;
}

/** True for the route a prefix names and every route under it. */
export const within = (routeId: string, prefix: string) =>
	routeId === prefix || routeId.startsWith(`${prefix}/`);

// ---- NHS login: identity proofing levels (issue 19) ----
// A session signed in through NHS login carries the level it proved (P0, P5, P9). At P9 the
// person has everything their record allows; at P5 (or P0) they may book, change, cancel and ask
// to be seen, but care plans ask them to prove who they are to P9 first (a step-up). Password
// sessions (no level) are as they always were, and so is an account whose record was linked with
// a code sent to the record's own contact or by someone who met the person: that proof is the
// record's, whatever level NHS login reached (a P0 login that found its record so is not stuck).

/**
 * Routes that need the high level (P9) from a session signed in through NHS login: care plans,
 * and a copy of everything held, which holds them.
 */
const highLevelRoutes = ['/(account)/care-plans', '/(account)/settings/download'];

/**
 * True when this session came through NHS login below P9, the route needs P9, and the record was
 * not proved otherwise (asked only then, as it takes a look in the database).
 */
export function identityLevelTooLow(
	session: { identityLevel: IdentityLevel | null } | null,
	routeId: string,
	recordProvedOtherwise: () => boolean = () => false
): boolean {
	if (!session || session.identityLevel === null || session.identityLevel === 'P9') return false;
	return highLevelRoutes.some((prefix) => within(routeId, prefix)) && !recordProvedOtherwise();
}

// Accounts not yet linked to a record --------------------------------------------------------

/**
 * May the actor look for their own record (find my record, a code, or the routes in person)? A
 * resident's account not yet linked to a record: nobody else has a record to find.
 */
export function mayFindOwnRecord(actor: Actor | null): boolean {
	return actor?.role === 'patient' && actor.patientId === null;
}

// Passwords typed again ----------------------------------------------------------------------

/**
 * Changing who may act for someone, how they sign in or how they are contacted needs the
 * password to have been typed this recently, so an unattended or long-kept session cannot.
 */
export const recentPasswordMs = 15 * 60 * 1000;

/** True when the password was typed in this session within the last 15 minutes. */
export function passwordRecentlyGiven(
	session: { passwordGivenAt: Date },
	now = new Date()
): boolean {
	return now.getTime() - session.passwordGivenAt.getTime() < recentPasswordMs;
}

// ---- The FHIR interface: other organisations' systems (issue 23) ----------------------------
// A registered system acts as its organisation's staff would: the domain sees an actor of role
// `staff` in that organisation, so every rule staff meet (their own services' diaries, plans
// their organisation is in) binds the system too. Its scopes narrow that further, never widen it.

/** A system calling the FHIR interface with a valid access token. */
export type FhirCaller = {
	client: { id: number; clientId: string; name: string; organisationId: number; userId: number };
	/** The scopes its token grants, such as `system/*.read` or `system/Slot.write`. */
	scopes: string[];
	actor: Actor;
};

/** The actor a registered system is in the domain: staff of its organisation. */
export function fhirActor(client: { userId: number; organisationId: number }): Actor {
	return {
		userId: client.userId,
		role: 'staff',
		patientId: null,
		organisationId: client.organisationId
	};
}

export type FhirAccess = 'read' | 'write';

/**
 * Does one of the scopes allow this access to this resource type? SMART's v1 system scopes:
 * `system/<type or *>.<read, write or *>`. Anything else allows nothing.
 */
export function scopeAllows(scopes: string[], access: FhirAccess, resourceType: string): boolean {
	return scopes.some((scope) => {
		const match = /^system\/([A-Za-z]+|\*)\.(read|write|\*)$/.exec(scope);
		if (!match) return false;
		const [, type, granted] = match;
		return (type === '*' || type === resourceType) && (granted === '*' || granted === access);
	});
}

/** May the caller read or write resources of this type at all (before whose they are)? */
export function mayFhir(
	caller: FhirCaller | null,
	access: FhirAccess,
	resourceType: string
): boolean {
	return caller !== null && scopeAllows(caller.scopes, access, resourceType);
}

/**
 * May the caller read a patient's things? Only when the patient receives care from the caller's
 * organisation (`caring`: the organisations with an appointment, a care plan or a request of
 * theirs, from fhir/caring.ts). A patient it may not read does not exist for it. Whether it may
 * read that type of resource at all is mayFhir's, asked first for every call.
 */
export function mayFhirRead(caller: FhirCaller | null, caring: number[]): boolean {
	return caller !== null && caring.includes(caller.client.organisationId);
}

// ---- Insight: demand against capacity, and who is left out (issue 25) -----------------------

/** The insight pages' routes: an area of their own (areaOfRoute). */
const insightRoute = '/(staff)/staff/insight';

/** Which organisations' figures an actor may see: every one, or a list; none is null. */
export type InsightScope = { organisations: 'all' } | { organisations: number[] };

/**
 * ICS admins see every organisation's figures. A service lead is a staff member of an
 * organisation (the role that runs its diaries and request queue): they see their own
 * organisation's services only. Everyone else sees none, and for them the pages do not exist.
 */
export function insightScope(actor: Actor | null): InsightScope | null {
	if (actor?.role === 'admin') return { organisations: 'all' };
	if (actor?.role === 'staff' && actor.organisationId !== null) {
		return { organisations: [actor.organisationId] };
	}
	return null;
}

/** May figures of this organisation be shown within the scope? */
export function mayInsightOrganisation(
	scope: InsightScope | null,
	organisationId: number
): boolean {
	if (!scope) return false;
	return scope.organisations === 'all' || scope.organisations.includes(organisationId);
}
