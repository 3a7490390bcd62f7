import { isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import {
	areaOfRoute,
	identityLevelTooLow,
	isUnlinkedSelf,
	assistedGrant,
	may,
	inPersonActions,
	mayAssist,
	mayCarePlan,
	mayAppointment,
	mayFollowRequest,
	mayFollowUnmatchedRequest,
	mayKnowOfService,
	mayStaffCarePlan,
	mayStartCarePlan,
	mayInPerson,
	mayEnter,
	mayFindOwnRecord,
	mayStaff,
	insightScope,
	mayInsightOrganisation,
	proxyGrant,
	relationshipState,
	subjectActions,
	type ActingContext,
	type Actor,
	type SubjectAction
} from './policy';
import {
	enforceIdentityLevel,
	enforceJourney,
	enforceRecentPassword,
	enforceRecord
} from './guards';
import {
	proxyPermissions,
	sensitivityLabels,
	type ProxyPermission,
	type ProxyStatus,
	type Role,
	type SensitivityLabel
} from '../db/schema';

const actor = (role: Actor['role'], patientId: number | null = null): Actor => ({
	userId: 1,
	role,
	patientId,
	organisationId: null
});

describe('mayEnter', () => {
	it('lets anyone into public pages', () => {
		expect(mayEnter(null, 'public')).toBe('allow');
	});

	it('sends people who are not signed in to sign in', () => {
		for (const area of ['account', 'staff', 'admin'] as const)
			expect(mayEnter(null, area)).toBe('sign-in');
	});

	it('keeps staff pages for staff and admins', () => {
		expect(mayEnter(actor('patient', 1), 'staff')).toBe('forbidden');
		expect(mayEnter(actor('link_worker'), 'staff')).toBe('forbidden');
		expect(mayEnter(actor('staff'), 'staff')).toBe('allow');
		expect(mayEnter(actor('admin'), 'staff')).toBe('allow');
	});

	it('keeps admin pages for admins', () => {
		expect(mayEnter(actor('staff'), 'admin')).toBe('forbidden');
		expect(mayEnter(actor('admin'), 'admin')).toBe('allow');
	});
});

describe('may', () => {
	const grace = { patientId: 7, givenName: 'Grace', familyName: 'Ofori' };

	it('lets a person act on their own care', () => {
		expect(may({ actor: actor('patient', 7), subject: grace, via: 'self' }, 'activity.view')).toBe(
			true
		);
	});

	// Hazard H-001: an appointment booked, cancelled or moved for the wrong person.
	it("denies another person's care, whatever the route", () => {
		expect(may({ actor: actor('patient', 8), subject: grace, via: 'self' }, 'activity.view')).toBe(
			false
		);
		expect(may({ actor: actor('staff'), subject: grace, via: 'self' }, 'activity.view')).toBe(
			false
		);
	});

	it('denies proxies and assisted sessions until they are granted permissions', () => {
		expect(may({ actor: actor('patient', 8), subject: grace, via: 'proxy' }, 'activity.view')).toBe(
			false
		);
		expect(
			may({ actor: actor('link_worker'), subject: grace, via: 'assisted' }, 'activity.view')
		).toBe(false);
	});

	it('lets the person, and anyone acting for them with any permission, download a copy', () => {
		const daniel = { ...actor('patient', 8), userId: 2 };
		const grant = { permissions: ['care_plans.view' as const], carePlanLabels: [] };
		expect(may({ actor: actor('patient', 7), subject: grace, via: 'self' }, 'data.download')).toBe(
			true
		);
		expect(may({ actor: daniel, subject: grace, via: 'proxy', grant }, 'data.download')).toBe(true);
		expect(
			may(
				{ actor: daniel, subject: grace, via: 'proxy', grant: { ...grant, permissions: [] } },
				'data.download'
			)
		).toBe(false);
		expect(may({ actor: actor('patient', 8), subject: grace, via: 'self' }, 'data.download')).toBe(
			false
		);
	});

	it('denies when nobody is signed in or there is no subject', () => {
		expect(may({ actor: null, subject: grace, via: 'self' }, 'activity.view')).toBe(false);
		expect(may({ actor: actor('patient', 7), subject: null, via: 'self' }, 'activity.view')).toBe(
			false
		);
	});
});

describe('mayFollowRequest', () => {
	const grace = { patientId: 7, givenName: 'Grace', familyName: 'Ofori' };
	const self: ActingContext = { actor: actor('patient', 7), subject: grace, via: 'self' };
	const proxy = (
		permissions: ProxyPermission[],
		carePlanLabels: SensitivityLabel[] = ['general']
	): ActingContext => ({
		actor: { ...actor('patient', 8), userId: 2 },
		subject: grace,
		via: 'proxy',
		grant: { permissions, carePlanLabels }
	});
	const general = 'general' as const;

	it('lets the patient follow every request of theirs', () => {
		for (const madeVia of ['self', 'proxy', 'assisted'] as const)
			for (const label of sensitivityLabels)
				expect(mayFollowRequest(self, { madeVia, label })).toBe(true);
	});

	it("lets someone allowed to make requests follow those made for the patient, not the patient's own", () => {
		const maker = proxy(['requests.make']);
		expect(mayFollowRequest(maker, { madeVia: 'proxy', label: general })).toBe(true);
		expect(mayFollowRequest(maker, { madeVia: 'assisted', label: general })).toBe(true);
		expect(mayFollowRequest(maker, { madeVia: 'self', label: general })).toBe(false);
		expect(
			mayFollowRequest(proxy(['appointments.manage']), { madeVia: 'proxy', label: general })
		).toBe(false);
	});

	it('hides a request to a labelled service from someone not allowed its label', () => {
		const request = { madeVia: 'proxy', label: 'mental_health' } as const;
		expect(mayFollowRequest(proxy(['requests.make']), request)).toBe(false);
		expect(mayFollowRequest(proxy(['requests.make'], ['general', 'sexual_health']), request)).toBe(
			false
		);
		expect(mayFollowRequest(proxy(['requests.make'], ['mental_health']), request)).toBe(true);
	});
});

describe('an account with no record yet, asking to be seen', () => {
	const unlinked: ActingContext = { actor: actor('patient'), subject: null, via: 'self' };
	const locals = (context: ActingContext) => context as unknown as App.Locals;

	it('is only someone signed in as a resident, with no record, acting for nobody', () => {
		expect(isUnlinkedSelf(unlinked)).toBe(true);
		expect(isUnlinkedSelf({ ...unlinked, actor: actor('patient', 5) })).toBe(false);
		expect(isUnlinkedSelf({ ...unlinked, actor: actor('link_worker') })).toBe(false);
		expect(isUnlinkedSelf({ ...unlinked, actor: actor('staff') })).toBe(false);
		expect(isUnlinkedSelf({ ...unlinked, actor: null })).toBe(false);
		expect(
			isUnlinkedSelf({
				...unlinked,
				subject: { patientId: 7, givenName: 'A', familyName: 'B' },
				via: 'proxy'
			})
		).toBe(false);
	});

	it('may take the contact journey, and no other', () => {
		expect(() => enforceJourney(locals(unlinked), '/(account)/contact')).not.toThrow();
		expect(() => enforceJourney(locals(unlinked), '/(account)/contact/identity')).not.toThrow();
		expect(() => enforceJourney(locals(unlinked), '/(account)/appointments/book')).toThrow();
		const staffMember = { ...unlinked, actor: actor('staff') };
		expect(() => enforceJourney(locals(staffMember), '/(account)/contact')).toThrow();
	});

	it('follows only its own request, and only while neither is matched or linked', () => {
		const own = { patientId: null, madeByUserId: 1 };
		expect(mayFollowUnmatchedRequest(unlinked, own)).toBe(true);
		expect(mayFollowUnmatchedRequest(unlinked, { ...own, madeByUserId: 2 })).toBe(false);
		expect(mayFollowUnmatchedRequest(unlinked, { ...own, patientId: 9 })).toBe(false);
		expect(mayFollowUnmatchedRequest({ ...unlinked, actor: actor('patient', 9) }, own)).toBe(false);
	});
});

describe('services with a sensitivity label', () => {
	const grace = { patientId: 7, givenName: 'Grace', familyName: 'Ofori' };
	const self: ActingContext = { actor: actor('patient', 7), subject: grace, via: 'self' };
	const proxy = (
		permissions: ProxyPermission[],
		carePlanLabels: SensitivityLabel[]
	): ActingContext => ({
		actor: { ...actor('patient', 8), userId: 2 },
		subject: grace,
		via: 'proxy',
		grant: { permissions, carePlanLabels }
	});
	const labelled = sensitivityLabels.filter((label) => label !== 'general');

	it('lets the patient know of every service of theirs', () => {
		for (const label of sensitivityLabels) {
			expect(mayKnowOfService(self, label)).toBe(true);
			expect(mayAppointment(self, 'appointments.manage', { label })).toBe(true);
		}
	});

	it('shows general services to anyone acting for them, even without any care plan label', () => {
		const viewer = proxy(['appointments.view'], []);
		expect(mayKnowOfService(viewer, 'general')).toBe(true);
		expect(mayAppointment(viewer, 'appointments.view', { label: 'general' })).toBe(true);
	});

	// Hazard H-007: a carer seeing what a sensitivity label hides.
	it('shows a labelled service only to those allowed that very label', () => {
		for (const label of labelled) {
			const without = proxy(['appointments.manage', 'care_plans.view'], ['general']);
			expect(mayKnowOfService(without, label)).toBe(false);
			expect(mayAppointment(without, 'appointments.view', { label })).toBe(false);
			expect(mayAppointment(without, 'appointments.manage', { label })).toBe(false);
			const allowed = proxy(['appointments.manage', 'care_plans.view'], ['general', label]);
			expect(mayAppointment(allowed, 'appointments.view', { label })).toBe(true);
			expect(mayAppointment(allowed, 'appointments.manage', { label })).toBe(true);
			for (const other of labelled.filter((candidate) => candidate !== label))
				expect(mayKnowOfService(allowed, other)).toBe(false);
		}
	});

	it('still asks for the permission itself', () => {
		const noAppointments = proxy(['care_plans.view'], [...sensitivityLabels]);
		expect(mayAppointment(noAppointments, 'appointments.view', { label: 'general' })).toBe(false);
		const viewer = proxy(['appointments.view', 'care_plans.view'], [...sensitivityLabels]);
		expect(mayAppointment(viewer, 'appointments.manage', { label: 'mental_health' })).toBe(false);
	});

	it("never shows a labelled service in a link worker's session", () => {
		const grant = assistedGrant(
			{ ...actor('link_worker'), userId: 3 },
			{ linkWorkerUserId: 3, endsAt: new Date(Date.now() + 60_000), endedAt: null }
		);
		const assisted: ActingContext = {
			actor: { ...actor('link_worker'), userId: 3 },
			subject: grace,
			via: 'assisted',
			grant
		};
		expect(mayAppointment(assisted, 'appointments.manage', { label: 'general' })).toBe(true);
		for (const label of labelled)
			expect(mayAppointment(assisted, 'appointments.view', { label })).toBe(false);
	});

	it('tells nothing to someone with no grant', () => {
		for (const label of labelled) expect(mayKnowOfService({ via: 'proxy' }, label)).toBe(false);
	});
});

describe('areaOfRoute', () => {
	it('reads the area from the route group', () => {
		expect(areaOfRoute('/(public)/sign-in')).toBe('public');
		expect(areaOfRoute('/(account)/settings')).toBe('account');
		expect(areaOfRoute('/(staff)/staff/diary')).toBe('staff');
	});

	it('gives insight, among the staff pages, an area of its own', () => {
		expect(areaOfRoute('/(staff)/staff/insight')).toBe('insight');
		expect(areaOfRoute('/(staff)/staff/insight/demand.csv')).toBe('insight');
		expect(areaOfRoute('/(staff)/staff/insights')).toBe('staff');
	});

	it('gives no area to a route outside a known group, so it is refused', () => {
		expect(areaOfRoute('/settings')).toBeNull();
		expect(areaOfRoute('/(elsewhere)/page')).toBeNull();
	});
});

describe('mayStaff', () => {
	const staffOf = (organisationId: number | null): Actor => ({
		userId: 7,
		role: 'staff',
		patientId: null,
		organisationId
	});

	it("lets staff manage their own organisation's diaries and no other", () => {
		expect(mayStaff(staffOf(3), 'diary.manage', 3)).toBe(true);
		expect(mayStaff(staffOf(3), 'diary.manage', 4)).toBe(false);
		expect(mayStaff(staffOf(null), 'diary.manage', null)).toBe(false);
		expect(mayStaff(staffOf(3), 'diary.manage')).toBe(false);
	});

	it('keeps diaries from everyone who is not staff of the organisation', () => {
		for (const role of ['patient', 'link_worker', 'admin'] as const) {
			expect(mayStaff({ ...staffOf(3), role }, 'diary.manage', 3)).toBe(false);
		}
		expect(mayStaff(null, 'diary.manage', 3)).toBe(false);
	});

	it("lets staff answer requests made to their own organisation's services and no other", () => {
		expect(mayStaff(staffOf(3), 'requests.manage', 3)).toBe(true);
		expect(mayStaff(staffOf(3), 'requests.manage', 4)).toBe(false);
		expect(mayStaff(staffOf(null), 'requests.manage', null)).toBe(false);
		for (const role of ['patient', 'link_worker', 'admin'] as const) {
			expect(mayStaff({ ...staffOf(3), role }, 'requests.manage', 3)).toBe(false);
		}
	});

	it('shows the outbox to nobody outside the demo', () => {
		expect(mayStaff({ ...staffOf(null), role: 'admin' }, 'outbox.view')).toBe(false);
		expect(mayStaff(staffOf(3), 'outbox.view')).toBe(false);
	});
});

describe('proxies, over every permission, way of acting and state of the relationship', () => {
	const daniel: Actor = { userId: 2, role: 'patient', patientId: 20, organisationId: null };
	const grace = { patientId: 10, givenName: 'Grace', familyName: 'Ofori' };
	const now = new Date('2026-11-23T12:00:00Z');
	const past = new Date('2026-11-01T00:00:00Z');
	const future = new Date('2026-12-01T00:00:00Z');
	const relationship = (status: ProxyStatus, permissions: ProxyPermission[]) => ({
		proxyUserId: daniel.userId,
		status,
		permissions,
		carePlanLabels: ['general' as const],
		invitationExpiresAt: status === 'invited' ? future : null,
		endsAt: null as Date | null
	});

	// Which permissions allow each action for a proxy: written out, not derived from the code.
	const allowedBy: Record<SubjectAction, ProxyPermission[]> = {
		'activity.view': [],
		'people.manage': [],
		'appointments.view': ['appointments.view', 'appointments.manage'],
		'appointments.manage': ['appointments.manage'],
		'care_plans.view': ['care_plans.view'],
		'care_plans.contribute': ['requests.make'],
		'communication_needs.manage': ['communication_needs.manage'],
		'requests.make': ['requests.make'],
		// Whatever they were allowed, they may take a copy of it (and only it: see my-data.ts).
		'data.download': [...proxyPermissions]
	};

	const states: [string, Awaited<ReturnType<typeof relationship>>][] = [];
	for (const permission of proxyPermissions) {
		states.push([`active with ${permission}`, relationship('active', [permission])]);
		states.push([`invited with ${permission}`, relationship('invited', [permission])]);
		states.push([`revoked with ${permission}`, relationship('revoked', [permission])]);
		states.push([`stepped down with ${permission}`, relationship('stepped_down', [permission])]);
		states.push([
			`expired with ${permission}`,
			{ ...relationship('active', [permission]), endsAt: past }
		]);
	}

	for (const [name, rel] of states) {
		const grant = proxyGrant(daniel, rel, now);
		for (const action of subjectActions) {
			const expected = name.startsWith('active') && allowedBy[action].includes(rel.permissions[0]!);
			it(`${name}: ${action} is ${expected ? 'allowed' : 'refused'} as a proxy`, () => {
				expect(may({ actor: daniel, subject: grace, via: 'proxy', grant }, action)).toBe(expected);
			});
		}
	}

	for (const action of subjectActions) {
		const full = relationship('active', [...proxyPermissions]);
		const grant = proxyGrant(daniel, full, now);
		it(`${action}: the grant never carries over to acting as oneself or in an assisted session`, () => {
			expect(may({ actor: daniel, subject: grace, via: 'self', grant }, action)).toBe(false);
			// A patient is not a link worker, whatever grant comes with the request.
			expect(may({ actor: daniel, subject: grace, via: 'assisted', grant }, action)).toBe(false);
			expect(may({ actor: daniel, subject: grace, via: 'proxy', grant: null }, action)).toBe(false);
		});
	}

	it('gives nothing to anyone but the proxy named in the relationship', () => {
		const rel = relationship('active', ['appointments.manage']);
		expect(proxyGrant({ ...daniel, userId: 99 }, rel, now)).toBeNull();
		expect(proxyGrant(null, rel, now)).toBeNull();
		expect(proxyGrant(daniel, rel, now)).toEqual({
			permissions: ['appointments.manage'],
			carePlanLabels: ['general']
		});
	});

	it('works out expiry from the dates', () => {
		expect(
			relationshipState({ ...relationship('invited', []), invitationExpiresAt: past }, now)
		).toBe('expired');
		expect(relationshipState({ ...relationship('active', []), endsAt: future }, now)).toBe(
			'active'
		);
		expect(relationshipState({ ...relationship('active', []), endsAt: now }, now)).toBe('expired');
	});
});

describe('assisted sessions', () => {
	const sam: Actor = { userId: 5, role: 'link_worker', patientId: null, organisationId: 3 };
	const maureen = { patientId: 30, givenName: 'Maureen', familyName: 'Kelly' };
	const now = new Date('2026-11-23T12:00:00Z');
	const running = {
		linkWorkerUserId: sam.userId,
		endsAt: new Date('2026-11-23T13:00:00Z'),
		endedAt: null as Date | null
	};
	const allowed: Record<SubjectAction, boolean> = {
		'activity.view': false,
		'people.manage': false,
		'appointments.view': true,
		'appointments.manage': true,
		'care_plans.view': true,
		'care_plans.contribute': true,
		'communication_needs.manage': true,
		'requests.make': true,
		'data.download': true
	};

	for (const action of subjectActions) {
		it(`${action}: ${allowed[action] ? 'allowed' : 'refused'} while the session runs, refused after`, () => {
			const grant = assistedGrant(sam, running, now);
			expect(may({ actor: sam, subject: maureen, via: 'assisted', grant }, action)).toBe(
				allowed[action]
			);
			for (const over of [
				{ ...running, endedAt: now },
				{ ...running, endsAt: now },
				{ ...running, linkWorkerUserId: 99 }
			]) {
				const none = assistedGrant(sam, over, now);
				expect(none).toBeNull();
				expect(may({ actor: sam, subject: maureen, via: 'assisted', grant: none }, action)).toBe(
					false
				);
			}
		});
	}

	it('lets link workers and staff meet residents in person, and only staff renew a parent', () => {
		const table = {
			patient: [false, false, false, false, false],
			link_worker: [true, true, true, false, true],
			staff: [true, true, true, true, true],
			admin: [false, false, false, false, false]
		} as const;
		for (const [role, expected] of Object.entries(table)) {
			expect(
				inPersonActions.map((action) => mayInPerson({ ...sam, role: role as Role }, action))
			).toEqual(expected);
		}
		for (const action of inPersonActions) expect(mayInPerson(null, action)).toBe(false);
	});

	it('is for link workers only', () => {
		for (const role of ['patient', 'staff', 'admin'] as const) {
			expect(assistedGrant({ ...sam, role }, running, now)).toBeNull();
			expect(mayAssist({ ...sam, role })).toBe(false);
		}
		expect(mayAssist(sam)).toBe(true);
		expect(mayAssist(null)).toBe(false);
	});
});

describe('care plans by sensitivity label', () => {
	const grace = { patientId: 1, givenName: 'Grace', familyName: 'Ofori' };
	const daniel: Actor = { userId: 2, role: 'patient', patientId: 2, organisationId: null };
	const self: ActingContext = {
		actor: { userId: 1, role: 'patient', patientId: 1, organisationId: null },
		subject: grace,
		via: 'self'
	};
	const proxy = (permissions: ProxyPermission[], labels: SensitivityLabel[]): ActingContext => ({
		actor: daniel,
		subject: grace,
		via: 'proxy',
		grant: { permissions, carePlanLabels: labels }
	});

	for (const label of sensitivityLabels) {
		it(`${label}: the patient reads and adds; a proxy only with the label allowed`, () => {
			expect(mayCarePlan(self, 'care_plans.view', label)).toBe(true);
			expect(mayCarePlan(self, 'care_plans.contribute', label)).toBe(true);
			const allowed = proxy(['care_plans.view', 'requests.make'], [label]);
			expect(mayCarePlan(allowed, 'care_plans.view', label)).toBe(true);
			expect(mayCarePlan(allowed, 'care_plans.contribute', label)).toBe(true);
			const others = sensitivityLabels.filter((other) => other !== label);
			const otherLabels = proxy(['care_plans.view', 'requests.make'], others);
			expect(mayCarePlan(otherLabels, 'care_plans.view', label)).toBe(false);
			// Reading without making requests: no adding to the plan.
			const readOnly = proxy(['care_plans.view'], [label]);
			expect(mayCarePlan(readOnly, 'care_plans.contribute', label)).toBe(false);
			// The label without the permission to read plans gives nothing.
			const noPlans = proxy(['appointments.view', 'requests.make'], [label]);
			expect(mayCarePlan(noPlans, 'care_plans.view', label)).toBe(false);
			expect(mayCarePlan({ ...allowed, grant: null }, 'care_plans.view', label)).toBe(false);
		});
	}

	it('lets staff keep only plans their organisation is in, and any staff member start one', () => {
		const staff: Actor = { userId: 5, role: 'staff', patientId: null, organisationId: 7 };
		expect(mayStaffCarePlan(staff, [3, 7])).toBe(true);
		expect(mayStaffCarePlan(staff, [3])).toBe(false);
		expect(mayStaffCarePlan({ ...staff, role: 'link_worker' }, [7])).toBe(false);
		expect(mayStaffCarePlan({ ...staff, role: 'admin' }, [7])).toBe(false);
		expect(mayStaffCarePlan(null, [7])).toBe(false);
		expect(mayStartCarePlan(staff)).toBe(true);
		expect(mayStartCarePlan({ ...staff, organisationId: null })).toBe(false);
		expect(mayStartCarePlan({ ...staff, role: 'patient' })).toBe(false);
	});
});

describe('enforceRecentPassword', () => {
	const minute = 60 * 1000;
	const session = (typedMinutesAgo: number) =>
		({ passwordGivenAt: new Date(Date.now() - typedMinutesAgo * minute) }) as App.Locals['session'];
	const url = new URL('http://joined-up.test/settings/communication-needs');
	const needs = '/(account)/settings/communication-needs';
	/** Where the person is sent, or null when they go on. */
	const sentTo = (locals: Partial<App.Locals>, routeId = needs, at = url) => {
		try {
			enforceRecentPassword(locals as App.Locals, routeId, at);
			return null;
		} catch (thrown) {
			if (isRedirect(thrown)) return thrown.location;
			throw thrown;
		}
	};

	it('asks for the password again after 15 minutes, for oneself and for a carer', () => {
		const back =
			'/settings/confirm-password?returnTo=%2Fsettings%2Fcommunication-needs&cancel=%2Fsettings';
		expect(sentTo({ session: session(16), via: 'self' })).toBe(back);
		expect(sentTo({ session: session(16), via: 'proxy' })).toBe(back);
		expect(sentTo({ session: session(14), via: 'self' })).toBeNull();
	});

	it('sends a form action back to its page, and guards who may act for someone', () => {
		const action = new URL('http://joined-up.test/people/7?/revoke');
		expect(sentTo({ session: session(20), via: 'self' }, '/(account)/people/[id=id]', action)).toBe(
			'/settings/confirm-password?returnTo=%2Fpeople%2F7&cancel=%2Fpeople'
		);
	});

	it('leaves other pages, assisted sessions and people not signed in alone', () => {
		expect(sentTo({ session: session(60), via: 'self' }, '/(account)/people')).toBeNull();
		expect(sentTo({ session: session(60), via: 'assisted' })).toBeNull();
		expect(sentTo({ session: null, via: 'self' })).toBeNull();
	});
});

describe('identity levels from NHS login', () => {
	const plans = '/(account)/care-plans/[id=id]';
	const planUrl = new URL('http://joined-up.test/care-plans/4');
	const level = (identityLevel: 'P0' | 'P5' | 'P9' | null) =>
		({ identityLevel, passwordGivenAt: new Date() }) as App.Locals['session'];
	const sentTo = async (
		locals: Partial<App.Locals>,
		routeId = plans,
		at = planUrl,
		method = 'GET'
	) => {
		try {
			await enforceIdentityLevel(locals as App.Locals, routeId, at, method);
			return null;
		} catch (thrown) {
			if (isRedirect(thrown)) return thrown.location;
			throw thrown;
		}
	};

	it('asks a P5 or P0 session for P9 at care plans, and comes back to the plan', async () => {
		const stepUp = '/sign-in/nhs-login?level=P9&returnTo=%2Fcare-plans%2F4';
		expect(await sentTo({ session: level('P5') })).toBe(stepUp);
		expect(await sentTo({ session: level('P0') })).toBe(stepUp);
		expect(identityLevelTooLow(level('P5'), '/(account)/care-plans')).toBe(true);
		// A copy of everything held holds the care plans.
		expect(identityLevelTooLow(level('P5'), '/(account)/settings/download')).toBe(true);
		expect(identityLevelTooLow(level('P5'), '/(account)/settings/download/fhir')).toBe(true);
		// A record proved by a code to its own contact, or in person, needs no step-up.
		expect(identityLevelTooLow(level('P0'), '/(account)/care-plans', () => true)).toBe(false);
	});

	it('lets P9 and password sessions in, and leaves booking and requests to P5', async () => {
		expect(await sentTo({ session: level('P9') })).toBeNull();
		expect(await sentTo({ session: level(null) })).toBeNull();
		expect(await sentTo({ session: null })).toBeNull();
		expect(identityLevelTooLow(level('P5'), '/(account)/appointments/book/when')).toBe(false);
		expect(identityLevelTooLow(level('P5'), '/(account)/contact')).toBe(false);
	});

	it('sends a form back to its page first, never from a form to another site', async () => {
		const action = new URL('http://joined-up.test/care-plans/4?/ask');
		expect(await sentTo({ session: level('P5') }, plans, action, 'POST')).toBe('/care-plans/4');
	});

	it('asks an account without a password to sign in to NHS login again, not for a password', () => {
		const stale = { identityLevel: 'P9', passwordGivenAt: new Date(Date.now() - 20 * 60 * 1000) };
		const locals = {
			session: stale as App.Locals['session'],
			user: { passwordHash: null } as App.Locals['user'],
			via: 'self' as const
		};
		const route = '/(account)/settings/communication-needs';
		const url = new URL('http://joined-up.test/settings/communication-needs');
		let location: string | null = null;
		try {
			enforceRecentPassword(locals as App.Locals, route, url);
		} catch (thrown) {
			if (isRedirect(thrown)) location = thrown.location;
		}
		expect(location).toBe('/sign-in/nhs-login?reauth=1&returnTo=%2Fsettings%2Fcommunication-needs');
	});
});

describe('an account not yet linked to a record', () => {
	const unlinked = actor('patient');
	const someone = { patientId: 7, givenName: 'Grace', familyName: 'Ofori' };
	/** Where the person is sent from a route, or null when they go on. */
	const sentTo = (locals: Partial<App.Locals>, routeId: string) => {
		try {
			enforceRecord(locals as App.Locals, routeId);
			return null;
		} catch (thrown) {
			if (isRedirect(thrown)) return thrown.location;
			throw thrown;
		}
	};

	it('is shown the way to its record from journeys that need one, not "Page not found"', () => {
		for (const routeId of [
			'/(account)/appointments',
			'/(account)/appointments/book',
			'/(account)/appointments/book/check',
			'/(account)/appointments/[id=id]',
			'/(account)/care-plans',
			'/(account)/care-plans/[id=id]',
			'/(account)/activity',
			'/(account)/settings/download',
			'/(account)/settings/download/fhir'
		]) {
			expect(sentTo({ actor: unlinked, subject: null }, routeId)).toBe('/your-record');
		}
	});

	it('goes on elsewhere, and when acting for someone, or linked, or not a resident', () => {
		expect(sentTo({ actor: unlinked, subject: null }, '/(account)/settings')).toBeNull();
		expect(sentTo({ actor: unlinked, subject: null }, '/(account)/contact')).toBeNull();
		expect(sentTo({ actor: unlinked, subject: someone }, '/(account)/appointments')).toBeNull();
		const linked = actor('patient', 7);
		expect(sentTo({ actor: linked, subject: someone }, '/(account)/care-plans')).toBeNull();
		for (const role of ['link_worker', 'staff', 'admin'] as const) {
			expect(sentTo({ actor: actor(role), subject: null }, '/(account)/appointments')).toBeNull();
		}
		expect(sentTo({ actor: null, subject: null }, '/(account)/appointments')).toBeNull();
	});

	it('may look for its own record; nobody else may', () => {
		expect(mayFindOwnRecord(unlinked)).toBe(true);
		expect(mayFindOwnRecord(actor('patient', 7))).toBe(false);
		for (const role of ['link_worker', 'staff', 'admin'] as const) {
			expect(mayFindOwnRecord(actor(role))).toBe(false);
		}
		expect(mayFindOwnRecord(null)).toBe(false);
	});
});

describe('insight', () => {
	const person = (role: Actor['role'], organisationId: number | null): Actor => ({
		userId: 9,
		role,
		patientId: role === 'patient' ? 90 : null,
		organisationId
	});

	it('shows ICS admins every organisation', () => {
		const scope = insightScope(person('admin', null));
		expect(scope).toEqual({ organisations: 'all' });
		expect(mayInsightOrganisation(scope, 1)).toBe(true);
		expect(mayInsightOrganisation(scope, 9_999)).toBe(true);
		expect(mayEnter(person('admin', null), 'insight')).toBe('allow');
	});

	it("shows a service lead their own organisation's services only", () => {
		const lead = person('staff', 4);
		const scope = insightScope(lead);
		expect(scope).toEqual({ organisations: [4] });
		expect(mayInsightOrganisation(scope, 4)).toBe(true);
		expect(mayInsightOrganisation(scope, 5)).toBe(false);
		expect(mayEnter(lead, 'insight')).toBe('allow');
	});

	it('does not exist for anyone else: residents, carers, link workers, staff of no organisation', () => {
		for (const someone of [
			person('patient', null),
			person('link_worker', 3),
			person('staff', null),
			person('system', 4)
		]) {
			expect(insightScope(someone)).toBeNull();
			expect(mayInsightOrganisation(insightScope(someone), 4)).toBe(false);
			expect(mayEnter(someone, 'insight')).toBe('not-found');
		}
		expect(mayEnter(null, 'insight')).toBe('sign-in');
	});
});
