// The authorisation matrix, over HTTP: every personal page and form action under (account) and
// (staff), asked by every kind of person, answers as the access policy (src/lib/server/access/policy.ts)
// says. The test makes its own world through the factories (factories.ts), touching no demo person:
// Grace, a resident with an account, her communication needs, an appointment to come and one she
// went to at a GP clinic of Eastmere Health Centre, three care plans (a diabetes plan by the
// practice, a plan for going home by the hospital trust with the practice's GP team in it, and a
// wellbeing plan labelled mental health), a request she made herself, a question she asked about a
// plan, and her own carer (as the demo's Daniel is); Samir, another resident, with an appointment
// of his own, typing Grace's ids; Maureen, in the clinic's diary today, with a request of her own.
// The table names what was made in braces ({upcoming}, {diabetes}, {carer}, …: see World['ids']),
// never by a number. Asking: nobody signed in; Grace herself; Samir; six people acting for Grace,
// invited by her and accepting (one with every permission, and one lacking each: the one without
// communication needs has Daniel's demo permissions, general care plans only), and one she revoked;
// a link worker with and without an assisted session with Grace; staff of Eastmere, staff of the
// hospital trust, and an admin, all accounts of this test made like the demo's.
// Requests never follow redirects. A refused form is always tried with a form that would change
// something; a form that may be used is tried only with input it refuses, so nothing changes;
// afterwards the owners' pages show that nothing refused changed anything. Answers the app gives
// against the policy are kept as the policy says, each in a test expected to fail, with a comment.
// Grace also has an appointment with, and a request (made by the proxy with every permission) to,
// a talking therapy service labelled mental health: they exist only for those allowed that label
// ({mentalHealthAppointment} and {mentalHealthRequest} in the table).
import { randomBytes } from 'node:crypto';
import type { APIRequestContext, APIResponse, PlaywrightWorkerArgs } from '@playwright/test';
import en from '../src/lib/i18n/locales/en.json' with { type: 'json' };
import { addDays, londonDate } from '../src/lib/time';
import {
	aCarePlan,
	aCommunityHub,
	anAccountLike,
	anAppointment,
	aProxyFor,
	aQuestion,
	aRequest,
	aResident,
	aServiceLike,
	aSlot,
	aStaffBooking,
	careTeamId,
	communicationNeeds,
	messagesTo,
	organisationOf,
	placeOf,
	uniqueWord,
	type ProxyPermission,
	type Resident,
	type SensitivityLabel
} from './factories';
import { demoPassword, expect, test } from './fixtures';

/** The people asking, in the order of the table's columns. */
const roles = [
	'anonymous',
	'grace',
	'samir',
	'proxyAll',
	'proxyNoAppointments',
	'proxyViewOnly',
	'proxyNoCarePlans',
	'proxyNoRequests',
	'proxyLikeDaniel',
	'revokedProxy',
	'linkWorker',
	'linkWorkerAssisting',
	'eastmereStaff',
	'hospitalStaff',
	'admin'
] as const;
type Role = (typeof roles)[number];

/**
 * The answers, one letter a person:
 * S  redirect (303) to /sign-in with the address to return to
 * N  not found (404): another person's care, or something this person may not do to it
 * F  forbidden (403): an area or in-person action this kind of person never enters
 * B  refused (400) by the form, naming the problem: what was asked is not theirs to choose
 * O  allowed: 200 for a page; for an action, 303 to the row's `to`
 * R  allowed, and sent on (303) to the row's `to` (nothing to show yet: no answers, no one found)
 * Y  an account with no record of its own, acting for no one: sent (303) to /your-record, the
 *    ways to reach its record, never "not found" (the revoked proxy's own account is one)
 * H  allowed: the action is tried with the row's `probe`, input it refuses (400), so nothing
 *    changes
 * -  allowed, and it would change something for good: not tried
 * A `!` after a letter: the policy's answer, which the app does not give yet; the cell is
 * tried in its own test, expected to fail (see `gaps`).
 */
type Letter = 'S' | 'N' | 'F' | 'B' | 'O' | 'R' | 'Y' | 'H' | '-';
type Form = Record<string, string | string[]>;
/**
 * One page or action. A `{name}` in its path, `to`, form values or secret's text stands for the
 * id (or name) of that name in the world this test made (`World['ids']`).
 */
type Row = {
	method: 'GET' | 'POST';
	path: string;
	answers: string;
	/** Where an allowed request is sent on to (O for an action, R). */
	to?: RegExp;
	/** What a refused action is tried with: a change, were it allowed. */
	form?: Form;
	/** What an allowed action (H) is tried with: input it refuses. */
	probe?: Form;
	/** What one person's refused action is tried with instead of `form`. */
	formOf?: Partial<Record<Role, Form>>;
	/** Words on an allowed page that only these people may read. */
	secret?: { text: string; readBy: Role[] };
};

const marker = `authz-probe-${Date.now()}`;
/** What a link worker or staff type to find Grace: her family name is this test's alone. */
const graceDetails = {
	givenName: 'Grace',
	familyName: '{graceFamilyName}',
	'dateOfBirth-day': '14',
	'dateOfBirth-month': '3',
	'dateOfBirth-year': '1948',
	postcode: 'E20 1QP'
};
const allPermissions: ProxyPermission[] = [
	'appointments.view',
	'appointments.manage',
	'care_plans.view',
	'requests.make',
	'communication_needs.manage'
];
/** The demo's Daniel's: all but communication needs. */
const danielsPermissions = allPermissions.filter((p) => p !== 'communication_needs.manage');
const allLabels: SensitivityLabel[] = ['general', 'mental_health', 'sexual_health', 'social_care'];
const aYearOn = new Date(Date.now() + 365 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

type Plan = Parameters<typeof aCarePlan>[1];

/** A care plan as staff write one, each action's team also in its care team. */
function planOf(
	title: string,
	kind: Plan['kind'],
	label: SensitivityLabel,
	actions: [key: string, what: string, teamId: number][]
): Plan {
	return {
		title,
		kind,
		label,
		summary: 'What we agreed to do together, and who does it.',
		reviewOn: aYearOn,
		goals: [{ text: 'Feel in charge of my health', status: 'in_progress' }],
		actions: actions.map(([key, what, teamId]) => ({
			key,
			what,
			teamId,
			when: 'In the next month',
			status: 'planned',
			appointmentId: null
		})),
		careTeam: actions.map(([, what, teamId]) => ({
			teamId,
			role: what,
			whenToCall: 'Weekdays 9am to 5pm'
		})),
		ifWorse: 'If you feel worse, call the practice the same day.'
	};
}

// prettier-ignore
const matrix: Row[] = [
	//                                                                              anon grace samir all noAp view noCP noRq Dan revk LW LWs East Hosp admin
	{ method: 'GET', path: '/act-for',                                             answers: 'S O O O O O O O O O O O O O O' },
	{ method: 'GET', path: '/activity',                                            answers: 'S O O N N N N N N Y N N N N N' },
	{ method: 'GET', path: '/appointments',                                        answers: 'S O O O O O O O O Y O O O O O',
		secret: { text: 'href="/appointments/{upcoming}"', readBy: ['grace', 'proxyAll', 'proxyViewOnly', 'proxyNoCarePlans', 'proxyNoRequests', 'proxyLikeDaniel', 'linkWorkerAssisting'] } },
	{ method: 'GET', path: '/appointments/{upcoming}',                             answers: 'S O N O N O O O O Y N O N N N' },
	// The calendar file is an endpoint, outside the area's layout: it asks for sign-in itself.
	{ method: 'GET', path: '/appointments/{upcoming}/calendar.ics',                answers: 'S O N O N O O O O Y N O N N N' },
	{ method: 'GET', path: '/appointments/{upcoming}/cancel',                      answers: 'S O N O N N O O O Y N O N N N' },
	{ method: 'GET', path: '/appointments/{upcoming}/change',                      answers: 'S O N O N N O O O Y N O N N N' },
	{ method: 'GET', path: '/appointments/{upcoming}/change/time',                 answers: 'S R N R N N R R R Y N R N N N', to: /^\/appointments\/{upcoming}\/change$/ },
	{ method: 'GET', path: '/appointments/{upcoming}/confirmation',                answers: 'S O N O N O O O O Y N O N N N' },
	{ method: 'GET', path: '/appointments/{past}/cancel',                          answers: 'S R N R N N R R R Y N R N N N', to: /^\/appointments\/{past}$/ },
	{ method: 'GET', path: '/appointments/{samirs}',                               answers: 'S N O N N N N N N Y N N N N N' },
	// With a service labelled mental health: only for those allowed that label (Grace's own, the
	// proxies given every label; never Daniel's general care plans only, nor a link worker).
	{ method: 'GET', path: '/appointments',                                        answers: 'S O O O O O O O O Y O O O O O',
		secret: { text: 'href="/appointments/{mentalHealthAppointment}"', readBy: ['grace', 'proxyAll', 'proxyViewOnly', 'proxyNoRequests'] } },
	{ method: 'GET', path: '/appointments/{mentalHealthAppointment}',              answers: 'S O N O N O N O N Y N N N N N' },
	{ method: 'GET', path: '/appointments/{mentalHealthAppointment}/calendar.ics', answers: 'S O N O N O N O N Y N N N N N' },
	{ method: 'GET', path: '/appointments/{mentalHealthAppointment}/confirmation', answers: 'S O N O N O N O N Y N N N N N' },
	{ method: 'GET', path: '/appointments/{mentalHealthAppointment}/cancel',       answers: 'S O N O N N N O N Y N N N N N' },
	{ method: 'GET', path: '/appointments/{mentalHealthAppointment}/change',       answers: 'S O N O N N N O N Y N N N N N' },
	{ method: 'GET', path: '/appointments/book',                                   answers: 'S O O O N N O O O Y N O N N N' },
	...['how', 'where', 'day', 'time', 'needs', 'check'].map((step): Row => (
	{ method: 'GET', path: `/appointments/book/${step}`,                           answers: 'S R R R N N R R R Y N R N N N', to: /^\/appointments\/book$/ })),
	{ method: 'GET', path: '/assist',                                              answers: 'S F F F F F F F F F O O O O F' },
	{ method: 'GET', path: '/assist/consent',                                      answers: 'S F F F F F F F F F R R F F F', to: /^\/assist$/ },
	{ method: 'GET', path: '/assist/register',                                     answers: 'S F F F F F F F F F O O O O F' },
	{ method: 'GET', path: '/assist/relationship',                                 answers: 'S F F F F F F F F F R R R R F', to: /^\/assist$/ },
	// Shows only the resident this person found, and nobody else can have found one: back to
	// /assist, which refuses those who may not meet residents.
	{ method: 'GET', path: '/assist/relationship/recorded',                        answers: 'S R R R R R R R R R R R R R R', to: /^\/assist$/ },
	{ method: 'GET', path: '/assist/relationship/{carer}/renew',                   answers: 'S F F F F F F F F F F F R R F', to: /^\/assist$/ },
	{ method: 'GET', path: '/assist/summary/999999',                               answers: 'S N N N N N N N N N N N N N N' },
	{ method: 'GET', path: '/care-plans',                                          answers: 'S O O O O O N O O Y N O N N N',
		secret: { text: 'href="/care-plans/{wellbeing}"', readBy: ['grace', 'proxyAll', 'proxyNoAppointments', 'proxyViewOnly', 'proxyNoRequests'] } },
	{ method: 'GET', path: '/care-plans/{diabetes}',                               answers: 'S O N O O O N O O Y N O N N N' },
	{ method: 'GET', path: '/care-plans/{discharge}',                              answers: 'S O N O O O N O O Y N O N N N' },
	{ method: 'GET', path: '/care-plans/{wellbeing}',                              answers: 'S O N O O O N O N Y N N N N N' },
	{ method: 'GET', path: '/care-plans/{diabetes}/ask',                           answers: 'S O N O O O N F O Y N O N N N' },
	{ method: 'GET', path: '/care-plans/{diabetes}/what-matters',                  answers: 'S O N O O O N F O Y N O N N N' },
	{ method: 'GET', path: '/care-plans/{wellbeing}/ask',                          answers: 'S O N O O O N F N Y N N N N N' },
	{ method: 'GET', path: '/care-plans/{wellbeing}/what-matters',                 answers: 'S O N O O O N F N Y N N N N N' },
	// An account with no record of its own (the revoked proxy) asks for itself: who it is first.
	{ method: 'GET', path: '/contact',                                             answers: 'S O O O O O O N O R N O N N N', to: /^\/contact\/identity$/ },
	// The requests made: its own (none) for an account with no record.
	{ method: 'GET', path: '/requests',                                            answers: 'S O O O O O O N O O N O N N N',
		secret: { text: 'href="/contact/{gracesRequest}"', readBy: ['grace'] } },
	// A request Grace made alone is hers: nobody acting for her follows it.
	{ method: 'GET', path: '/contact/{gracesRequest}',                             answers: 'S O N N N N N N N N N N N N N' },
	{ method: 'GET', path: '/contact/{gracesRequest}/cancel',                      answers: 'S O N N N N N N N N N N N N N' },
	{ method: 'GET', path: '/contact/{gracesRequest}/sent',                        answers: 'S O N N N N N N N N N N N N N' },
	{ method: 'GET', path: '/contact/{maureensRequest}',                           answers: 'S N N N N N N N N N N N N N N' },
	// Made for Grace by the proxy with every permission: followed by those who may make requests
	// and were allowed the label.
	{ method: 'GET', path: '/requests',                                            answers: 'S O O O O O O N O O N O N N N',
		secret: { text: 'href="/contact/{mentalHealthRequest}"', readBy: ['grace', 'proxyAll', 'proxyNoAppointments', 'proxyViewOnly'] } },
	{ method: 'GET', path: '/contact/{mentalHealthRequest}',                       answers: 'S O N O O O N N N N N N N N N' },
	{ method: 'GET', path: '/contact/{mentalHealthRequest}/cancel',                answers: 'S O N O O O N N N N N N N N N' },
	...['details', 'who', 'where', 'home-visit', 'hub', 'when', 'reach', 'check'].map((step): Row => (
	{ method: 'GET', path: `/contact/${step}`,                                     answers: 'S R R R R R R N R R N R N N N', to: /^\/contact(\/identity)?$/ })),
	// "Who are you?" is asked only of an account with no record; anyone else starts at /contact.
	{ method: 'GET', path: '/contact/identity',                                    answers: 'S R R R R R R N R O N R N N N', to: /^\/contact$/ },
	{ method: 'GET', path: '/people',                                              answers: 'S O O O O O O O O O O O O O O',
		secret: { text: '{carerName}', readBy: ['grace'] } },
	{ method: 'GET', path: '/people/{carer}',                                      answers: 'S O N N N N N N N N N N N N N' },
	{ method: 'GET', path: '/people/{daniel}',                                     answers: 'S O N N N N N N O N N N N N N' },
	{ method: 'GET', path: '/people/accept',                                       answers: 'S O O O O O O O O O O O O O O' },
	{ method: 'GET', path: '/people/invite',                                       answers: 'S O O N N N N N N N N N N N N' },
	{ method: 'GET', path: '/people/invited',                                      answers: 'S R R R R R R R R R R R R R R', to: /^\/people$/ },
	{ method: 'GET', path: '/settings',                                            answers: 'S O O O O O O O O O O O O O O' },
	{ method: 'GET', path: '/settings/communication-needs',                        answers: 'S O O O O O O O N N N O N N N' },
	// Every account changes its own password, and types it again, whoever it acts for.
	{ method: 'GET', path: '/settings/password',                                   answers: 'S O O O O O O O O O O O O O O' },
	{ method: 'GET', path: '/settings/confirm-password',                           answers: 'S O O O O O O O O O O O O O O' },
	{ method: 'GET', path: '/settings/devices',                                    answers: 'S O O O O O O O O O O O O O O' },
	{ method: 'GET', path: '/settings/download',                                   answers: 'S O O O O O O O O Y N O N N N',
		secret: { text: 'href="/care-plans/{wellbeing}"', readBy: ['grace', 'proxyAll', 'proxyNoAppointments', 'proxyViewOnly', 'proxyNoRequests'] } },
	{ method: 'GET', path: '/settings/download/fhir',                              answers: 'S O O O O O O O O Y N O N N N',
		secret: { text: '/CarePlan/{wellbeing}"', readBy: ['grace', 'proxyAll', 'proxyNoAppointments', 'proxyViewOnly', 'proxyNoRequests'] } },
	{ method: 'GET', path: '/staff/care-plans',                                    answers: 'S F F F F F F F F F F F O O F' },
	{ method: 'GET', path: '/staff/care-plans/{diabetes}',                         answers: 'S F F F F F F F F F F F O N N' },
	{ method: 'GET', path: '/staff/care-plans/{diabetes}/edit',                    answers: 'S F F F F F F F F F F F O N N' },
	{ method: 'GET', path: '/staff/care-plans/{diabetes}/versions/1',              answers: 'S F F F F F F F F F F F O N N' },
	{ method: 'GET', path: '/staff/care-plans/{discharge}',                        answers: 'S F F F F F F F F F F F O O N' },
	{ method: 'GET', path: '/staff/care-plans/{wellbeing}',                        answers: 'S F F F F F F F F F F F O N N' },
	{ method: 'GET', path: '/staff/care-plans/new',                                answers: 'S F F F F F F F F F F F R R F', to: /^\/staff\/care-plans$/ },
	{ method: 'GET', path: '/staff/diary',                                         answers: 'S F F F F F F F F F F F O O F' },
	{ method: 'GET', path: '/staff/diary/sessions',                                answers: 'S F F F F F F F F F F F O O F' },
	{ method: 'GET', path: '/staff/outbox',                                        answers: 'S F F F F F F F F F F F N N O' },
	{ method: 'GET', path: '/staff/requests',                                      answers: 'S F F F F F F F F F F F O O F' },
	// Other organisations' systems are the ICS's: for admins alone.
	{ method: 'GET', path: '/staff/systems',                                       answers: 'S F F F F F F F F F F F N N O' },
	{ method: 'GET', path: '/staff/systems/calls',                                 answers: 'S F F F F F F F F F F F N N O' },
	{ method: 'GET', path: '/staff/systems/new',                                   answers: 'S F F F F F F F F F F F N N O' },
	// Insight: ICS admins see every organisation, staff (service leads) their own; for anyone
	// else it does not exist, and another organisation's figures are as unknown as made-up ones.
	{ method: 'GET', path: '/staff/insight',                                       answers: 'S N N N N N N N N N N N O O O' },
	{ method: 'GET', path: '/staff/insight?organisation={clinicOrganisation}',     answers: 'S N N N N N N N N N N N O N O' },
	{ method: 'GET', path: '/staff/insight?organisation={clinicOrganisation}&service={service}&place={location}', answers: 'S N N N N N N N N N N N O N O' },
	{ method: 'GET', path: '/staff/insight?organisation=999999999',                answers: 'S N N N N N N N N N N N N N N' },
	{ method: 'GET', path: '/staff/insight/download?table=capacity',               answers: 'S N N N N N N N N N N N O O O' },
	{ method: 'GET', path: '/staff/insight/download?table=nextFree&organisation={clinicOrganisation}', answers: 'S N N N N N N N N N N N O N O' },
	{ method: 'GET', path: '/staff/insight/groups',                                answers: 'S N N N N N N N N N N N O O O' },
	{ method: 'GET', path: '/staff/insight/groups?organisation={clinicOrganisation}', answers: 'S N N N N N N N N N N N O N O' },
	{ method: 'GET', path: '/staff/insight/groups?organisation=999999999',         answers: 'S N N N N N N N N N N N N N N' },
	{ method: 'GET', path: '/staff/insight/download?table=languageNotHeard&organisation={clinicOrganisation}', answers: 'S N N N N N N N N N N N O N O' },
	{ method: 'GET', path: '/staff/requests/{gracesRequest}',                      answers: 'S F F F F F F F F F F F O N N' },
	{ method: 'GET', path: '/staff/requests/{gracesRequest}/arrange',              answers: 'S F F F F F F F F F F F O N N' },

	//                                                                              anon grace samir all noAp view noCP noRq Dan revk LW LWs East Hosp admin
	// Samir asks to act for Maureen, whom nobody asked him to help.
	{ method: 'POST', path: '/act-for',                                            answers: 'S B B O O O O O O B B B B B B', to: /^\/$/,
		form: { person: '{grace}' }, formOf: { samir: { person: '{maureen}' } } },
	{ method: 'POST', path: '/appointments/{upcoming}/cancel',                     answers: 'S H N H N N H H H Y N H N N N',
		form: { reason: marker }, probe: { reason: 'x'.repeat(501) } },
	{ method: 'POST', path: '/appointments/{samirs}/cancel',                       answers: 'S N H N N N N N N Y N N N N N',
		form: { reason: marker }, probe: { reason: 'x'.repeat(501) } },
	{ method: 'POST', path: '/appointments/{mentalHealthAppointment}/cancel',      answers: 'S H N H N N N H N Y N N N N N',
		form: { reason: marker }, probe: { reason: 'x'.repeat(501) } },
	{ method: 'POST', path: '/appointments/{mentalHealthAppointment}/change',      answers: 'S H N H N N N H N Y N N N N N',
		form: { day: '2000-01-01' } },
	{ method: 'POST', path: '/appointments/{upcoming}/change',                     answers: 'S H N H N N H H H Y N H N N N',
		form: { day: '2000-01-01' } },
	{ method: 'POST', path: '/appointments/{upcoming}/change/time',                answers: 'S R N R N N R R R Y N R N N N', to: /^\/appointments\/{upcoming}\/change$/,
		form: { slot: '{slot}' } },
	// Booking's steps keep answers in a cookie; the server hook refuses them (access/guards.ts
	// enforceJourney) to anyone the layout refuses the pages to.
	...([['how', { mode: 'phone' }], ['where', { location: '{location}' }], ['day', { day: '2000-01-01' }], ['time', { slot: '{slot}' }],
		['needs', {}], ['check?/choose', { slot: '{slot}' }], ['check?/book', { bookingToken: 'a'.repeat(32) }]] as const).map(
		([step, form]): Row => (
	{ method: 'POST', path: `/appointments/book/${step}`,                          answers: 'S R R R N N R R R Y N R N N N', to: /^\/appointments\/book$/, form })),
	{ method: 'POST', path: '/appointments/book',                                  answers: 'S O O O N N O O O Y N O N N N', to: /^\/appointments\/book\/how$/,
		form: { service: '{service}' } },
	// A labelled service is not among those offered to anyone not allowed its label.
	{ method: 'POST', path: '/appointments/book',                                  answers: 'S O O O N N B O B Y N B N N N', to: /^\/appointments\/book\/how$/,
		form: { service: '{mentalHealthService}' } },
	{ method: 'POST', path: '/care-plans/{diabetes}/ask',                          answers: 'S H N H H H N F H Y N H N N N',
		form: { question: marker }, probe: { question: '' } },
	{ method: 'POST', path: '/care-plans/{diabetes}/what-matters',                 answers: 'S H N H H H N F H Y N H N N N',
		form: { words: marker }, probe: { words: 'x'.repeat(2001) } },
	{ method: 'POST', path: '/care-plans/{wellbeing}/ask',                         answers: 'S H N H H H N F N Y N N N N N',
		form: { question: marker }, probe: { question: '' } },
	{ method: 'POST', path: '/care-plans/{wellbeing}/what-matters',                answers: 'S H N H H H N F N Y N N N N N',
		form: { words: marker }, probe: { words: 'x'.repeat(2001) } },
	{ method: 'POST', path: '/contact',                                            answers: 'S H H H H H H N H R N H N N N', to: /^\/contact\/identity$/,
		form: { topic: 'medicines' }, probe: { topic: '' } },
	...['details', 'who', 'where', 'home-visit', 'hub', 'when', 'reach', 'check'].map((step): Row => (
	{ method: 'POST', path: `/contact/${step}`,                                    answers: 'S R R R R R R N R R N R N N N', to: /^\/contact(\/identity)?$/,
		form: { details: marker, service: '{service}', place: 'service', travelReason: marker, hub: '{hub}', days: '1', dayParts: 'morning', reachBy: 'email' } })),
	{ method: 'POST', path: '/contact/identity',                                   answers: 'S R R R R R R N R H N R N N N', to: /^\/contact$/,
		form: { givenName: marker, familyName: marker, 'dateOfBirth-day': '1', 'dateOfBirth-month': '1', 'dateOfBirth-year': '1980', postcode: 'E20 1QP' }, probe: {} },
	{ method: 'POST', path: '/contact/{gracesRequest}?/reply',                     answers: 'S H N N N N N N N N N N N N N',
		form: { reply: marker }, probe: { reply: '' } },
	{ method: 'POST', path: '/contact/{gracesRequest}/cancel',                     answers: 'S - N N N N N N N N N N N N N', form: {} },
	{ method: 'POST', path: '/contact/{mentalHealthRequest}?/reply',               answers: 'S H N H H H N N N N N N N N N',
		form: { reply: marker }, probe: { reply: '' } },
	{ method: 'POST', path: '/contact/{mentalHealthRequest}/cancel',               answers: 'S - N - - - N N N N N N N N N', form: {} },
	{ method: 'POST', path: '/people/{carer}?/save',                               answers: 'S H N N N N N N N N N N N N N',
		form: { permissions: allPermissions, labels: allLabels }, probe: {} },
	{ method: 'POST', path: '/people/{carer}?/revoke',                             answers: 'S - N N N N N N N N N N N N N', form: {} },
	{ method: 'POST', path: '/people/{carer}?/stepDown',                           answers: 'S N N N N N N N N N N N N N N', form: {} },
	// Someone acting for Grace cannot widen what they may do, nor end it for her.
	{ method: 'POST', path: '/people/{daniel}?/save',                              answers: 'S H N N N N N N N N N N N N N',
		form: { permissions: allPermissions, labels: allLabels }, probe: {} },
	{ method: 'POST', path: '/people/{daniel}?/revoke',                            answers: 'S - N N N N N N N N N N N N N', form: {} },
	{ method: 'POST', path: '/people/{daniel}?/stepDown',                          answers: 'S N N N N N N N - N N N N N N', form: {} },
	{ method: 'POST', path: '/people/invite',                                      answers: 'S H H N N N N N N N N N N N N',
		form: { identifier: `${marker}@example.org`, permissions: allPermissions, labels: allLabels }, probe: { identifier: '' } },
	{ method: 'POST', path: '/people/accept',                                      answers: 'S H H H H H H H H H H H H H H',
		form: { code: 'ABCDE FGHJK' } },
	{ method: 'POST', path: '/settings/communication-needs',                       answers: 'S H H H H H H H N N N H N N N',
		form: { other: marker }, probe: { interpreterLanguage: 'zz' } },
	{ method: 'POST', path: '/settings/password',                                  answers: 'S H H H H H H H H H H H H H H',
		form: { currentPassword: demoPassword, password: marker }, probe: { currentPassword: '', password: '' } },
	{ method: 'POST', path: '/settings/confirm-password',                          answers: 'S H H H H H H H H H H H H H H',
		form: { password: demoPassword }, probe: { password: '' } },
	// Only ever the account's own sessions: another's id, or none, ends nothing.
	{ method: 'POST', path: '/settings/devices?/signOut',                          answers: 'S O O O O O O O O O O O O O O', to: /^\/settings\/devices\?done=signedOut$/,
		form: { device: 'not-a-session' } },
	{ method: 'POST', path: '/settings/devices?/signOutOthers',                    answers: 'S - - - - - - - - - - - - - -', form: {} },
	{ method: 'POST', path: '/assist',                                             answers: 'S F F F F F F F F F H H H H F',
		form: graceDetails, probe: {} },
	{ method: 'POST', path: '/assist/consent',                                     answers: 'S F F F F F F F F F R R F F F', to: /^\/assist$/,
		form: { method: 'in_person_verbal', place: marker, minutes: '30' } },
	{ method: 'POST', path: '/assist/register',                                    answers: 'S F F F F F F F F F H H H H F',
		form: { givenName: 'Probe', familyName: marker, 'dateOfBirth-day': '1', 'dateOfBirth-month': '1', 'dateOfBirth-year': '1950', postcode: 'E20 1AA', reachBy: 'link_worker' }, probe: {} },
	{ method: 'POST', path: '/assist/relationship',                                answers: 'S F F F F F F F F F R R R R F', to: /^\/assist$/,
		form: { kind: 'carer', identifier: `${marker}@example.org`, checks: marker, reason: marker, reviewOn: aYearOn, permissions: 'appointments.view' } },
	{ method: 'POST', path: '/assist/relationship/{carer}/renew',                  answers: 'S F F F F F F F F F F F R R F', to: /^\/assist$/,
		form: { note: marker } },
	{ method: 'POST', path: '/assist/end',                                         answers: 'S R R R R R R R R R R - R R R', to: /^\/assist$/, form: {} },
	{ method: 'POST', path: '/staff/care-plans?/find',                             answers: 'S F F F F F F F F F F F H H F',
		form: graceDetails, probe: {} },
	{ method: 'POST', path: '/staff/care-plans/{diabetes}?/answer',                answers: 'S F F F F F F F F F F F H N N',
		form: { questionId: '{question}', answer: marker }, probe: { questionId: '{question}', answer: '' } },
	{ method: 'POST', path: '/staff/care-plans/{diabetes}?/handOver',              answers: 'S F F F F F F F F F F F H N N',
		form: { actionKey: 'review', index: '0', toTeam: '{team}' }, probe: {} },
	{ method: 'POST', path: '/staff/care-plans/{diabetes}/edit',                   answers: 'S F F F F F F F F F F F H N N',
		form: { version: '1', title: marker }, probe: {} },
	{ method: 'POST', path: '/staff/care-plans/new',                               answers: 'S F F F F F F F F F F F R R F', to: /^\/staff\/care-plans$/,
		form: { title: marker } },
	...['block', 'unblock'].map((action): Row => (
	{ method: 'POST', path: `/staff/diary?/${action}`,                             answers: 'S F F F F F F F F F F F - N F',
		form: { slot: '{slot}', day: '' } })),
	...['attended', 'didNotAttend'].map((action): Row => (
	{ method: 'POST', path: `/staff/diary?/${action}`,                             answers: 'S F F F F F F F F F F F - N F',
		form: { appointment: '{maureensAppointment}', slot: '{slot}', day: '' } })),
	// The hospital's staff may add sessions, to their own organisation's services only.
	{ method: 'POST', path: '/staff/diary/sessions',                               answers: 'S F F F F F F F F F F F H B F',
		form: { service: '{service}', mode: 'in_person', location: '{location}', weekdays: ['1', '2', '3', '4', '5'],
			startTime: '09:00', endTime: '10:00', slotMinutes: '30', fromDate: aYearOn, toDate: aYearOn }, probe: {} },
	{ method: 'POST', path: '/staff/outbox?/sendAgain',                            answers: 'S F F F F F F F F F F F N N -', form: { message: '{message}' } },
	{ method: 'POST', path: '/staff/requests/{gracesRequest}?/assign',             answers: 'S F F F F F F F F F F F - N N', form: {} },
	{ method: 'POST', path: '/staff/requests/{gracesRequest}?/message',            answers: 'S F F F F F F F F F F F H N N',
		form: { message: marker }, probe: { message: '' } },
	{ method: 'POST', path: '/staff/requests/{gracesRequest}?/close',              answers: 'S F F F F F F F F F F F H N N',
		form: { reason: 'handled_another_way', note: marker }, probe: {} },
	{ method: 'POST', path: '/staff/requests/{gracesRequest}/arrange',             answers: 'S F F F F F F F F F F F H N N',
		form: { slot: '{slot}' }, probe: { slot: '0' } }
];

/** The pages asked again after each person's actions: still answering as before. */
const askedAgain = [
	'/appointments/{upcoming}',
	'/care-plans/{wellbeing}',
	'/activity',
	'/people/{daniel}',
	'/staff/requests/{gracesRequest}'
];

type Cell = { letter: Letter; gap: boolean };

function cellsOf(row: Row): Map<Role, Cell> {
	const letters = row.answers.trim().split(/\s+/);
	expect(letters, `${row.method} ${row.path}: one answer a person`).toHaveLength(roles.length);
	return new Map(
		roles.map((role, index) => {
			const written = letters[index]!;
			expect(written, `${row.method} ${row.path}`).toMatch(/^[SNFBORYH-]!?$/);
			return [role, { letter: written[0] as Letter, gap: written.endsWith('!') }];
		})
	);
}

type World = {
	clients: Record<Role, APIRequestContext>;
	grace: Resident;
	/** The relationship ids of the proxies made here, by role. */
	relationships: Partial<Record<Role, number>>;
	/** What each `{name}` in the table stands for: ids (and names) of what this test made. */
	ids: Record<string, string>;
	baseURL: string;
};

const client = (playwright: PlaywrightWorkerArgs['playwright'], baseURL: string) =>
	playwright.request.newContext({
		baseURL,
		maxRedirects: 0,
		// Form actions answer HTML (and redirects) only to a browser's Accept; the origin check
		// needs the site's own Origin.
		extraHTTPHeaders: { origin: new URL(baseURL).origin, accept: 'text/html' }
	});

function encoded(form: Form): string {
	const body = new URLSearchParams();
	for (const [name, value] of Object.entries(form)) {
		for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
	}
	return body.toString();
}

async function post(request: APIRequestContext, path: string, form: Form): Promise<APIResponse> {
	return request.post(path, {
		data: encoded(form),
		headers: { 'content-type': 'application/x-www-form-urlencoded' }
	});
}

/** Where a redirect goes, as a path on this site. */
function locationOf(response: APIResponse, baseURL: string): string {
	const location = response.headers()['location'];
	if (!location) return '';
	const url = new URL(location, baseURL);
	return url.origin === new URL(baseURL).origin ? url.pathname + url.search : url.href;
}

async function expectRedirect(response: APIResponse, baseURL: string, to: RegExp | string) {
	expect(response.status(), `${response.url()} redirects`).toBe(303);
	const location = locationOf(response, baseURL);
	if (typeof to === 'string') expect(location).toBe(to);
	else expect(location).toMatch(to);
}

async function signIn(request: APIRequestContext, baseURL: string, identifier: string) {
	const response = await post(request, '/sign-in', { identifier, password: demoPassword });
	await expectRedirect(response, baseURL, '/');
}

/**
 * Someone new who acts for Grace with these permissions, invited by her and accepting (made by
 * the factories), then signs in and chooses to act for her. Returns their relationship's id.
 */
async function newProxy(
	world: World,
	proxy: APIRequestContext,
	permissions: ProxyPermission[],
	labels: SensitivityLabel[]
): Promise<number> {
	const { baseURL, grace } = world;
	const made = await aProxyFor(grace, permissions, labels);
	await signIn(proxy, baseURL, made.email);
	const people = await (await proxy.get('/people')).text();
	const relationship = Number(/href="\/people\/(\d+)"/.exec(people)?.[1]);
	expect(relationship, 'the relationship is listed').toBe(made.relationshipId);
	await expectRedirect(
		await post(proxy, '/act-for', { person: String(grace.patientId) }),
		baseURL,
		'/'
	);
	return relationship;
}

/** The text with each `{name}` written as the world's id of that name. */
function pathFor(world: World, text: string): string {
	return text.replace(/\{(\w+)\}/g, (_, name: string) => {
		const id = world.ids[name];
		if (id === undefined) throw new Error(`nothing in the world is called {${name}}`);
		return id;
	});
}

/** The form, its values naming the world's ids. */
function formFor(world: World, form: Form): Form {
	return Object.fromEntries(
		Object.entries(form).map(([name, value]) => [
			name,
			Array.isArray(value) ? value.map((one) => pathFor(world, one)) : pathFor(world, value)
		])
	);
}

/** Where a row's allowed request is sent on to, naming the world's ids. */
function toFor(world: World, row: Row): RegExp {
	return new RegExp(pathFor(world, row.to!.source));
}

/** The value of a hidden field on a page. */
async function hiddenValue(request: APIRequestContext, path: string, name: string) {
	const page = await (await request.get(path)).text();
	const value = new RegExp(`name="${name}" value="([^"]+)"`).exec(page)?.[1];
	expect(value, `${path} holds ${name}`).toBeTruthy();
	return value!;
}

/** Asks the service to see the subject, at the service, through the journey's forms. */
async function askToSee(world: World, request: APIRequestContext, service: number) {
	const { baseURL } = world;
	const steps: [string, Form, string][] = [
		['/contact', { topic: 'ongoing_condition' }, '/contact/details'],
		['/contact/details', { details: 'Mum would like to talk about her low mood.' }, '/contact/who'],
		['/contact/who', { service: String(service) }, '/contact/where'],
		['/contact/where', { place: 'service' }, '/contact/when'],
		['/contact/when', { days: ['1', '2'], dayParts: ['morning'] }, '/contact/reach'],
		['/contact/reach', { reachBy: 'email' }, '/contact/check']
	];
	for (const [path, form, to] of steps) {
		await expectRedirect(await post(request, path, form), baseURL, to);
	}
	const sendToken = await hiddenValue(request, '/contact/check', 'sendToken');
	const sent = await post(request, '/contact/check', { sendToken });
	await expectRedirect(sent, baseURL, /^\/contact\/\d+\/sent$/);
	return Number(/\/contact\/(\d+)\//.exec(locationOf(sent, baseURL))![1]);
}

/** What is wrong with one answer, or null when it is the one expected. */
async function tryCell(world: World, role: Role, row: Row, letter: Letter): Promise<string | null> {
	const request = world.clients[role];
	const path = pathFor(world, row.path);
	const form = formFor(
		world,
		letter === 'H' ? (row.probe ?? row.form ?? {}) : (row.formOf?.[role] ?? row.form ?? {})
	);
	const response = row.method === 'GET' ? await request.get(path) : await post(request, path, form);
	const status = response.status();
	const location = locationOf(response, world.baseURL);
	const got = location ? `${status} to ${location}` : String(status);
	const wrong = (wanted: string) => `${role} ${row.method} ${path}: wanted ${wanted}, got ${got}`;
	switch (letter) {
		case 'S': {
			const back = `/sign-in?returnTo=${encodeURIComponent(path)}`;
			return status === 303 && location === back ? null : wrong(`303 to ${back}`);
		}
		case 'N':
			return status === 404 ? null : wrong('404');
		case 'F':
			return status === 403 ? null : wrong('403');
		case 'B':
		case 'H':
			return status === 400 ? null : wrong('400');
		case 'R':
			return status === 303 && toFor(world, row).test(location)
				? null
				: wrong(`303 to ${toFor(world, row)}`);
		case 'Y':
			return status === 303 && location === '/your-record' ? null : wrong('303 to /your-record');
		case 'O': {
			if (row.method === 'POST') {
				return status === 303 && toFor(world, row).test(location)
					? null
					: wrong(`303 to ${toFor(world, row)}`);
			}
			if (status !== 200) return wrong('200');
			if (row.secret && !row.secret.readBy.includes(role)) {
				const secret = pathFor(world, row.secret.text);
				if ((await response.text()).includes(secret)) {
					return `${role} GET ${path}: shows ${secret}, which is not theirs to read`;
				}
			}
			return null;
		}
		default:
			return null;
	}
}

/** Every cell of one person's column that the policy and the app agree on, tried in order. */
async function column(world: World, role: Role, method: 'GET' | 'POST'): Promise<string[]> {
	const problems: string[] = [];
	for (const row of matrix.filter((candidate) => candidate.method === method)) {
		const { letter, gap } = cellsOf(row).get(role)!;
		if (gap || letter === '-') continue;
		const problem = await tryCell(world, role, row, letter);
		if (problem) problems.push(problem);
	}
	return problems;
}

test.describe('authorisation matrix', () => {
	// The people made here act on Grace's care in turn, in one worker and in order (the last test
	// ends the link worker's session). Each worker that runs the file makes a world of its own.
	test.describe.configure({ mode: 'default', timeout: 120_000 });
	test.skip(({ javaScriptEnabled }) => javaScriptEnabled, 'HTTP only: the same without scripts');

	const world = {} as World;

	test.beforeAll(async ({ playwright }) => {
		test.skip(test.info().project.use.javaScriptEnabled !== false, 'HTTP only');
		const baseURL = test.info().project.use.baseURL!;
		world.baseURL = baseURL;
		world.relationships = {};
		const clients = {} as Record<Role, APIRequestContext>;
		for (const role of roles) clients[role] = await client(playwright, baseURL);
		world.clients = clients;

		// The accounts of this test alone, each like the demo's: the same role and organisation.
		const account = async (demoEmail: string) => {
			const email = `authz-${uniqueWord()}@example.org`;
			await anAccountLike(demoEmail, email);
			return email;
		};
		const linkWorker = await account('linkworker@example.org');
		const practiceStaff = await account('staff@example.org');
		const hospitalStaff = await account('hospital@example.org');
		const admin = await account('admin@example.org');

		// The residents: Grace, as the demo's is but for a family name of this test's own.
		const grace = await aResident({
			givenName: 'Grace',
			familyName: `Ofori${uniqueWord().slice(0, 6)}`,
			dateOfBirth: '1948-03-14',
			postcode: 'E20 1QP'
		});
		world.grace = grace;
		await communicationNeeds(grace, {
			needs: ['large_print', 'step_free_access', 'someone_with_me']
		});
		const samir = await aResident({ givenName: 'Samir', dateOfBirth: '1983-06-21' });
		const maureen = await aResident({ givenName: 'Maureen', dateOfBirth: '1939-11-30' });

		// A GP clinic of the practice whose staff these are, with times for Grace and Samir in
		// person, a past one Grace went to, Maureen's today, and times by phone every day for
		// three weeks, to book; and a talking therapy service labelled mental health.
		const today = londonDate(new Date());
		const clinic = await aServiceLike('GP appointment', `GP clinic ${uniqueWord()}`);
		const therapy = await aServiceLike(
			'Community mental health team',
			`Talking therapy ${uniqueWord()}`
		);
		for (const time of ['10:00', '10:15']) await aSlot(clinic, addDays(today, 5), time);
		for (let day = 1; day <= 21; day++) {
			for (const time of ['14:00', '14:30', '15:00']) {
				await aSlot(clinic, addDays(today, day), time, { mode: 'phone' });
			}
		}
		await aSlot(therapy, addDays(today, 20), '15:00', { mode: 'phone' });
		const upcoming = await anAppointment(grace, clinic, { mode: 'in_person' });
		const samirs = await anAppointment(samir, clinic, { mode: 'in_person' });
		const past = await aStaffBooking(grace, clinic, addDays(today, -10), '10:00');
		const maureens = await aStaffBooking(maureen, clinic, today, '08:30', {
			needs: { stepFreeAccess: true, longerAppointment: true },
			status: 'booked'
		});
		const therapyAppointment = await anAppointment(grace, therapy, { mode: 'phone' });

		// Grace's plans: the practice's, the hospital's (with the practice's GP team in it, so
		// the practice keeps it too) and the practice's labelled mental health.
		const teams = {
			gps: await careTeamId('GP team'),
			nurses: await careTeamId('Practice nursing team'),
			ward: await careTeamId('Ward 7 (elderly care)'),
			talking: await careTeamId('Community mental health team')
		};
		// prettier-ignore
		const plans: [author: string, ...Parameters<typeof planOf>][] = [
			[practiceStaff, 'Living well with type 2 diabetes', 'long_term_condition', 'general',
				[['review', 'Diabetes review with blood test', teams.gps], ['feet', 'Foot check', teams.nurses]]],
			[hospitalStaff, 'Going home from hospital after your fall', 'hospital_discharge', 'general',
				[['wound-care', 'Wound dressing changed', teams.ward], ['medicines', 'Check your medicines', teams.gps]]],
			[practiceStaff, 'Feeling better in yourself', 'wellbeing', 'mental_health',
				[['talking-therapy', 'Talking therapy, six sessions', teams.talking], ['gp', 'See your GP', teams.gps]]]
		];
		const planIds: number[] = [];
		for (const [author, ...plan] of plans) {
			planIds.push(await aCarePlan(grace, planOf(...plan), author));
		}
		const [diabetes, discharge, wellbeing] = planIds as [number, number, number];
		const question = await aQuestion(grace, diabetes, 'Can my review be by phone?');
		const gracesRequest = await aRequest(grace, clinic);
		const maureensRequest = await aRequest(maureen, clinic);
		// Her own carer, as the demo's Daniel is: nobody asking in the table.
		const carer = await aProxyFor(grace, danielsPermissions, ['general'], {
			withRecord: true,
			givenName: 'Daniel',
			familyName: grace.familyName
		});

		world.ids = {
			grace: String(grace.patientId),
			graceFamilyName: grace.familyName,
			upcoming: String(upcoming.id),
			past: String(past.id),
			samirs: String(samirs.id),
			maureen: String(maureen.patientId),
			maureensAppointment: String(maureens.id),
			slot: String(maureens.slotId),
			service: String(clinic.id),
			clinicOrganisation: String(await organisationOf(clinic)),
			location: String(await placeOf(clinic)),
			hub: String(await aCommunityHub()),
			mentalHealthService: String(therapy.id),
			mentalHealthAppointment: String(therapyAppointment.id),
			diabetes: String(diabetes),
			discharge: String(discharge),
			wellbeing: String(wellbeing),
			question: String(question),
			team: String(teams.nurses),
			gracesRequest: String(gracesRequest),
			maureensRequest: String(maureensRequest),
			carer: String(carer.relationshipId),
			carerName: carer.name
		};

		await signIn(clients.grace, baseURL, grace.email);
		await signIn(clients.samir, baseURL, samir.email);
		await signIn(clients.linkWorker, baseURL, linkWorker);
		await signIn(clients.linkWorkerAssisting, baseURL, linkWorker);
		await signIn(clients.eastmereStaff, baseURL, practiceStaff);
		await signIn(clients.hospitalStaff, baseURL, hospitalStaff);
		await signIn(clients.admin, baseURL, admin);

		// What was made is whose it should be, as the app shows it to them.
		for (const [who, path, text] of [
			['grace', '/appointments/{upcoming}', clinic.name],
			['grace', '/appointments/{past}', en.appointments.statuses.attended],
			['samir', '/appointments/{samirs}', clinic.name],
			['grace', '/appointments/{mentalHealthAppointment}', therapy.name],
			['grace', '/care-plans/{diabetes}', 'Living well with type 2 diabetes'],
			['grace', '/care-plans/{discharge}', 'Going home from hospital after your fall'],
			['grace', '/care-plans/{wellbeing}', 'Feeling better in yourself'],
			['grace', '/contact/{gracesRequest}', clinic.name],
			['eastmereStaff', '/staff/requests/{maureensRequest}', maureen.name],
			['eastmereStaff', '/staff/requests/{gracesRequest}', grace.name],
			['eastmereStaff', '/staff/care-plans/{diabetes}', 'Can my review be by phone?'],
			['hospitalStaff', '/staff/care-plans/{discharge}', grace.name],
			['grace', '/people/{carer}', carer.name]
		] as const) {
			const response = await clients[who].get(pathFor(world, path));
			expect(response.status(), `${who} ${path}`).toBe(200);
			expect(await response.text(), `${who} ${path}`).toContain(text);
		}

		const proxies: [Role, ProxyPermission[], SensitivityLabel[]][] = [
			['proxyAll', allPermissions, allLabels],
			[
				'proxyNoAppointments',
				['care_plans.view', 'requests.make', 'communication_needs.manage'],
				allLabels
			],
			['proxyViewOnly', allPermissions.filter((p) => p !== 'appointments.manage'), allLabels],
			['proxyNoCarePlans', allPermissions.filter((p) => p !== 'care_plans.view'), []],
			['proxyNoRequests', allPermissions.filter((p) => p !== 'requests.make'), allLabels],
			// As Daniel in the demo: no communication needs, general care plans only.
			['proxyLikeDaniel', danielsPermissions, ['general']],
			['revokedProxy', allPermissions, allLabels]
		];
		for (const [role, permissions, labels] of proxies) {
			world.relationships[role] = await newProxy(world, clients[role], permissions, labels);
		}
		world.ids.daniel = String(world.relationships.proxyLikeDaniel);
		// Her invitation to her carer, a message about Grace in the outbox.
		world.ids.message = String((await messagesTo(carer.email)).at(-1)!.id);
		// A request to the therapy service made for Grace by the proxy with every permission.
		world.ids.mentalHealthRequest = String(await askToSee(world, clients.proxyAll, therapy.id));

		// Grace stops one of them; his browser still says he acts for her.
		await expectRedirect(
			await post(clients.grace, `/people/${world.relationships.revokedProxy}?/revoke`, {}),
			baseURL,
			'/people?done=revoked'
		);

		// The link worker finds Grace and records her consent: a session of an hour.
		const assisting = clients.linkWorkerAssisting;
		await expectRedirect(
			await post(assisting, '/assist', formFor(world, graceDetails)),
			baseURL,
			'/assist/consent'
		);
		await expectRedirect(
			await post(assisting, '/assist/consent', {
				method: 'in_person_verbal',
				place: 'Eastmere Community Hub',
				minutes: '60'
			}),
			baseURL,
			'/appointments'
		);
	});

	test.afterAll(async () => {
		if (!world.clients) return;
		for (const request of Object.values(world.clients)) await request.dispose();
	});

	for (const role of roles) {
		// Hazard H-002: a resident's health information shown to someone else.
		test(`${role}: every personal page and action answers as the policy says`, async () => {
			const problems = [
				...(await column(world, role, 'GET')),
				...(await column(world, role, 'POST'))
			];
			// Their refused actions changed nothing: the same pages answer the same.
			for (const path of askedAgain) {
				const row = matrix.find((r) => r.method === 'GET' && r.path === path)!;
				const problem = await tryCell(world, role, row, cellsOf(row).get(role)!.letter);
				if (problem) problems.push(`after its actions, ${problem}`);
			}
			expect(problems).toEqual([]);
		});
	}

	// The policy's answer, where the app gives another: each is a gap to close, not a rule.
	const gaps = matrix.filter((row) => [...cellsOf(row).values()].some((cell) => cell.gap));
	for (const row of gaps) {
		test(`gap: ${row.method} ${row.path} answers as the policy says`, async () => {
			// Each gap is marked on its row where it is found, and this test fails until it is closed.
			test.fail();
			const problems: string[] = [];
			for (const [role, cell] of cellsOf(row)) {
				if (!cell.gap) continue;
				const problem = await tryCell(world, role, row, cell.letter);
				if (problem) problems.push(problem);
			}
			test.info().annotations.push({ type: 'gap', description: problems.join('\n') });
			expect(problems).toEqual([]);
		});
	}

	// Hazard H-001: an appointment booked, cancelled or moved for the wrong person.
	test('a proxy who may only see appointments can neither answer booking’s steps nor book', async () => {
		const { clients, baseURL } = world;
		// Grace's own way through the steps shows a free time to ask for.
		const steps = async (request: APIRequestContext) => {
			await expectRedirect(
				await post(request, '/appointments/book', { service: world.ids.service! }),
				baseURL,
				'/appointments/book/how'
			);
			await expectRedirect(
				await post(request, '/appointments/book/how', { mode: 'phone' }),
				baseURL,
				'/appointments/book/day'
			);
		};
		await steps(clients.grace);
		const days = await (await clients.grace.get('/appointments/book/day?week=1')).text();
		const free = [...days.matchAll(/name="day"[^>]*value="(\d{4}-\d{2}-\d{2})"/g)].map(
			(m) => m[1]!
		);
		const day = free[Math.floor(free.length / 2)]!;
		expect(day).toBeTruthy();
		await expectRedirect(
			await post(clients.grace, '/appointments/book/day', { day }),
			baseURL,
			'/appointments/book/time'
		);
		const timesOf = async () =>
			[
				...(await (await clients.grace.get('/appointments/book/time')).text()).matchAll(
					/name="slot"[^>]*value="(\d+)"/g
				)
			].map((m) => m[1]!);
		const times = await timesOf();
		const slot = times[Math.floor(times.length / 2)]!;
		expect(slot).toBeTruthy();

		// Every step is refused to the viewer, as the pages are, and so is the booking itself.
		const viewer = clients.proxyViewOnly;
		for (const [step, form] of [
			['', { service: world.ids.service! }],
			['/how', { mode: 'phone' }],
			['/day', { day }],
			['/time', { slot }],
			['/needs', {}]
		] as const) {
			const answer = await post(viewer, `/appointments/book${step}`, form);
			expect(answer.status(), `step ${step || '/'}`).toBe(404);
		}
		const booking = await post(viewer, '/appointments/book/check?/book', {
			bookingToken: randomBytes(20).toString('hex')
		});
		expect(booking.status()).toBe(404);
		expect(await timesOf(), 'the time is still free').toContain(slot);
	});

	test('nothing a refused action asked for happened', async () => {
		const { clients } = world;
		const read = async (role: Role, path: string) => {
			const response = await clients[role].get(path);
			expect(response.status(), `${role} ${path}`).toBe(200);
			const text = await response.text();
			expect(text, `${role} ${path}`).not.toContain(marker);
			return text;
		};
		// Grace's appointment and Samir's are still booked; no reason was kept.
		expect(await read('grace', pathFor(world, '/appointments/{upcoming}'))).toContain(
			en.appointments.statuses.booked
		);
		expect(await read('samir', pathFor(world, '/appointments/{samirs}'))).toContain(
			en.appointments.statuses.booked
		);
		// Her request is open and has no reply from anyone else; her plans have no words or
		// questions from anyone else; her needs are as she left them.
		expect(await read('grace', pathFor(world, '/contact/{gracesRequest}'))).toContain(
			en.contact.cancelLink
		);
		for (const plan of ['{diabetes}', '{discharge}', '{wellbeing}']) {
			await read('grace', pathFor(world, `/care-plans/${plan}`));
		}
		await read('grace', '/settings/communication-needs');
		// Nobody was invited for her, and the people acting for her still do.
		await read('grace', '/people');
		await read('grace', `/people/${world.relationships.proxyLikeDaniel}`);
		await read('proxyAll', pathFor(world, '/appointments/{upcoming}'));
		// The practice's request and plan have no message, answer or change from the hospital.
		expect(
			await read('eastmereStaff', pathFor(world, '/staff/requests/{gracesRequest}'))
		).not.toContain('Closed');
		await read('eastmereStaff', pathFor(world, '/staff/care-plans/{diabetes}'));
		await read('eastmereStaff', pathFor(world, '/staff/care-plans/{diabetes}/edit'));
		// No sessions were added to the practice's diary a year on.
		expect(await read('eastmereStaff', `/staff/diary?day=${aYearOn}`)).not.toContain('id="slot-');
		// No resident was registered with the probe's name.
		const found = await post(clients.eastmereStaff, '/assist', {
			givenName: 'Probe',
			familyName: marker,
			'dateOfBirth-day': '1',
			'dateOfBirth-month': '1',
			'dateOfBirth-year': '1950',
			postcode: 'E20 1AA'
		});
		expect(found.status()).toBe(400);
	});

	test("an assisted session's summary is its link worker's alone", async () => {
		const { clients, baseURL } = world;
		const ended = await post(clients.linkWorkerAssisting, '/assist/end', {});
		await expectRedirect(ended, baseURL, /^\/assist\/summary\/\d+$/);
		const summary = locationOf(ended, baseURL);
		// Every answer, with the session over: only link workers' own, Grace's ids not found.
		const row: Row = {
			method: 'GET',
			path: summary,
			answers: 'S N N N N N N N N N O O N N N'
		};
		const after: Row = {
			method: 'GET',
			path: '/appointments/{upcoming}',
			answers: 'S O N O N O O O O Y N N N N N'
		};
		const problems: string[] = [];
		for (const checked of [row, after]) {
			for (const [role, cell] of cellsOf(checked)) {
				const problem = await tryCell(world, role, checked, cell.letter);
				if (problem) problems.push(problem);
			}
		}
		expect(problems).toEqual([]);
	});
});
