import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { database, tables } from '../db';
import type { OrganisationKind } from '../db/schema';
import { aFreeSlot, aPatient, aService } from '../test-data';
import { bookSlot } from './booking';
import { bookableServices } from './services';

const db = database();
const now = new Date('2026-11-23T09:00:00Z');
const days = (n: number) => n * 24 * 60 * 60 * 1000;

/** A service of a new organisation of this kind, with its place. */
function aServiceOf(kind: OrganisationKind, name: string) {
	const made = aService();
	db.update(tables.organisations)
		.set({ kind, name })
		.where(eq(tables.organisations.id, made.organisation.id))
		.run();
	db.update(tables.services).set({ name }).where(eq(tables.services.id, made.service.id)).run();
	return made;
}

const ownPractice = aServiceOf('gp_practice', 'Own practice');
const otherPractice = aServiceOf('gp_practice', 'Other practice');
// Open to everyone in the area: found by their names.
for (const [kind, name] of [
	['council', 'Council'],
	['community_provider', 'Community'],
	['voluntary_sector', 'Voluntary']
] as const)
	aServiceOf(kind, name);
const clinicSeen = aServiceOf('hospital_trust', 'Clinic seen');
const clinicSeenLongAgo = aServiceOf('hospital_trust', 'Clinic seen long ago');
const clinicNeverSeen = aServiceOf('hospital_trust', 'Clinic never seen');

function registeredWith(patient: ReturnType<typeof aPatient>, practiceId: number | null) {
	db.update(tables.patients)
		.set({ registeredPracticeId: practiceId })
		.where(eq(tables.patients.id, patient.subject!.patientId))
		.run();
}

/** Books the patient at the clinic, at a time `daysAgo` before now (booked when it was to come). */
function seenAt(patient: ReturnType<typeof aPatient>, at: typeof clinicSeen, daysAgo: number) {
	const slot = aFreeSlot(at, new Date(now.getTime() - days(daysAgo)));
	const booked = bookSlot(patient, { slotId: slot.id, needs: {} }, new Date(0));
	expect(booked.ok).toBe(true);
}

const names = (patient: ReturnType<typeof aPatient>) =>
	bookableServices(patient, now).map((service) => service.name);

describe('the services offered to a person', () => {
	it('are their own practice first, then open services and the clinics they are under', () => {
		const grace = aPatient('grace');
		registeredWith(grace, ownPractice.organisation.id);
		seenAt(grace, clinicSeen, 30);
		seenAt(grace, clinicSeenLongAgo, 400);
		const offered = names(grace);
		expect(offered[0]).toBe('Own practice');
		expect(offered).toEqual(
			expect.arrayContaining(['Council', 'Community', 'Voluntary', 'Clinic seen'])
		);
		expect(offered).not.toContain('Other practice');
		expect(offered).not.toContain('Clinic never seen');
		expect(offered).not.toContain('Clinic seen long ago');
	});

	it('are every service where the record names no practice', () => {
		const samir = aPatient('samir');
		registeredWith(samir, null);
		expect(names(samir)).toEqual(
			expect.arrayContaining([
				'Own practice',
				'Other practice',
				'Council',
				'Clinic seen',
				'Clinic never seen'
			])
		);
	});

	it('are each person’s own: one person’s practice and clinics never widen another’s list', () => {
		const amal = aPatient('amal');
		const bea = aPatient('bea');
		registeredWith(amal, ownPractice.organisation.id);
		registeredWith(bea, otherPractice.organisation.id);
		seenAt(amal, clinicNeverSeen, 10);
		expect(names(bea)).not.toContain('Own practice');
		expect(names(bea)).not.toContain('Clinic never seen');
		expect(names(bea)).toContain('Other practice');
	});
});
