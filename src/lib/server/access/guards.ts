// The access policy (policy.ts) applied to routes: each guard stops a request the policy refuses,
// with SvelteKit's redirect or error. Route groups' layouts and the server hook call them.
import { error, redirect } from '@sveltejs/kit';
import {
	isUnlinkedSelf,
	may,
	mayEnter,
	mayFindOwnRecord,
	passwordRecentlyGiven,
	identityLevelTooLow,
	within,
	type ActingContext,
	type Area,
	type SubjectAction
} from './policy';

/**
 * Stops a request that may not enter its route's area: to sign-in when nobody is signed in,
 * otherwise a 403 (or a 404 for an area that must not be known to exist). Route groups call this from their `+layout.server.ts`; the server hook also
 * calls it for every other method, because form actions run before any layout load.
 */
export function enforceArea(locals: App.Locals, area: Area, url: URL): void {
	const decision = mayEnter(locals.actor, area);
	if (decision === 'sign-in') {
		redirect(303, `/sign-in?returnTo=${encodeURIComponent(url.pathname + url.search)}`);
	}
	if (decision === 'forbidden') error(403, 'forbidden');
	if (decision === 'not-found') error(404, 'not found');
}

/**
 * Journeys whose every step serves one subject action: booking, and asking to be seen (with the
 * list of requests made). Their layout guards the pages with this, and the server hook guards
 * their form actions (which run before any layout), so not even a step's answer is kept for
 * someone who may not finish.
 */
const journeys: [routePrefix: string, action: SubjectAction][] = [
	['/(account)/appointments/book', 'appointments.manage'],
	['/(account)/contact', 'requests.make'],
	['/(account)/requests', 'requests.make']
];

/** Not found, unless the actor may do what the route's journey is for (or it is in none). */
export function enforceJourney(locals: App.Locals, routeId: string): void {
	for (const [prefix, action] of journeys) {
		if (within(routeId, prefix) && !mayJourney(locals, action)) error(404, 'not found');
	}
}

/**
 * May the actor take a journey for this action? As `may` says; and asking to be seen is also
 * open to an account with no record yet, for themself (see `isUnlinkedSelf`).
 */
function mayJourney(context: ActingContext, action: SubjectAction): boolean {
	return may(context, action) || (action === 'requests.make' && isUnlinkedSelf(context));
}

/**
 * Pages that change who may act for someone or how they are reached, and where to go instead of
 * typing the password again. The password of whoever is signed in must have been typed in this
 * session in the last 15 minutes (a kept or unattended session is not enough): the person's own,
 * or a carer's changing the needs of someone they act for. Not in a link worker's assisted
 * session, which is always on a shared device and ends after 15 minutes idle anyway. Changing
 * the password asks for the current one on its own page.
 */
const recentPasswordRoutes: [routePrefix: string, leaveTo: string][] = [
	['/(account)/people/invite', '/people'],
	['/(account)/people/[id=id]', '/people'],
	['/(account)/settings/communication-needs', '/settings']
];

/** Sends the person to type their password again first, when a route needs it recently typed. */
export function enforceRecentPassword(
	locals: App.Locals,
	routeId: string,
	url: URL,
	method = 'GET'
): void {
	if (!locals.session || locals.via === 'assisted') return;
	const route = recentPasswordRoutes.find(([prefix]) => within(routeId, prefix));
	if (!route || passwordRecentlyGiven(locals.session)) return;
	// A form action's address (`?/revoke`) comes back as its page, to send the form again from.
	const returnTo = url.search.startsWith('?/') ? url.pathname : url.pathname + url.search;
	// An account with no password (NHS login only) signs in there again instead.
	if (locals.user && !locals.user.passwordHash) {
		redirectToNhsLogin(method, { reauth: '1', returnTo });
	}
	const params = new URLSearchParams({ returnTo, cancel: route[1] });
	redirect(303, `/settings/confirm-password?${params}`);
}

/** Sends a session below P9 to NHS login for a step-up, coming back to where they were. */
export async function enforceIdentityLevel(
	locals: App.Locals,
	routeId: string,
	url: URL,
	method = 'GET',
	recordProvedOtherwise: () => Promise<boolean> = async () => false
): Promise<void> {
	// The record's proof is read only when the level alone would send the person to NHS login.
	if (!identityLevelTooLow(locals.session, routeId)) return;
	if (await recordProvedOtherwise()) return;
	const returnTo = url.search.startsWith('?/') ? url.pathname : url.pathname + url.search;
	redirectToNhsLogin(method, { level: 'P9', returnTo });
}

/**
 * To NHS login, through the page that starts it. A form sent here goes first to the page it was
 * on: a page reached by a form may not go on to another site (the form-action policy).
 */
function redirectToNhsLogin(
	method: string,
	params: { returnTo: string } & Record<string, string>
): never {
	if (method !== 'GET' && method !== 'HEAD') redirect(303, params.returnTo);
	redirect(303, `/sign-in/nhs-login?${new URLSearchParams(params)}`);
}

/**
 * Journeys that need a record to be about: a resident's own account not linked to one yet, and
 * not acting for anyone, is shown how to reach their record there instead of "Page not found".
 * Asking to be seen is not here: it works without a record.
 */
const needRecordRoutes = [
	'/(account)/appointments',
	'/(account)/care-plans',
	'/(account)/activity',
	'/(account)/settings/download'
];

/** Sends an account without a record to the page saying how to reach it, from a journey needing one. */
export function enforceRecord(locals: App.Locals, routeId: string): void {
	if (!mayFindOwnRecord(locals.actor) || locals.subject !== null) return;
	if (needRecordRoutes.some((prefix) => within(routeId, prefix))) redirect(303, '/your-record');
}
