import { describe, expect, it } from 'vitest';
import { areaOfRoute, may, mayEnter, type Actor } from './access';

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

	it('denies when nobody is signed in or there is no subject', () => {
		expect(may({ actor: null, subject: grace, via: 'self' }, 'activity.view')).toBe(false);
		expect(may({ actor: actor('patient', 7), subject: null, via: 'self' }, 'activity.view')).toBe(
			false
		);
	});
});

describe('areaOfRoute', () => {
	it('reads the area from the route group', () => {
		expect(areaOfRoute('/(public)/sign-in')).toBe('public');
		expect(areaOfRoute('/(account)/settings')).toBe('account');
		expect(areaOfRoute('/(staff)/staff/diary')).toBe('staff');
	});

	it('gives no area to a route outside a known group, so it is refused', () => {
		expect(areaOfRoute('/settings')).toBeNull();
		expect(areaOfRoute('/(elsewhere)/page')).toBeNull();
	});
});
