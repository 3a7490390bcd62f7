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
async function aServiceOf(kind: OrganisationKind, name: string) {
	const made = await aService();
	await db
		.update(tables.organisations)
		.set({ kind, name })
		.where(eq(tables.organisations.id, made.organisation.id));
	await db.update(tables.services).set({ name }).where(eq(tables.services.id, made.service.id));
	return made;
}

const ownPractice = await aServiceOf('gp_practice', 'Own practice');
const otherPractice = await aServiceOf('gp_practice', 'Other practice');
// Open to everyone in the area: found by their names.
for (const [kind, name] of [
	['council', 'Council'],
	['community_provider', 'Community'],
	['voluntary_sector', 'Voluntary']
] as const)
	await aServiceOf(kind, name);
const clinicSeen = await aServiceOf('hospital_trust', 'Clinic seen');
const clinicSeenLongAgo = await aServiceOf('hospital_trust', 'Clinic seen long ago');
const clinicNeverSeen = await aServiceOf('hospital_trust', 'Clinic never seen');

async function registeredWith(
	patient: Awaited<ReturnType<typeof aPatient>>,
	practiceId: number | null
) {
	await db
		.update(tables.patients)
		.set({ registeredPracticeId: practiceId })
		.where(eq(tables.patients.id, patient.subject!.patientId));
}

/** Books the patient at the clinic, at a time `daysAgo` before now (booked when it was to come). */
async function seenAt(
	patient: Awaited<ReturnType<typeof aPatient>>,
	at: typeof clinicSeen,
	daysAgo: number
) {
	const slot = await aFreeSlot(at, new Date(now.getTime() - days(daysAgo)));
	const booked = await bookSlot(patient, { slotId: slot.id, needs: {} }, new Date(0));
	expect(booked.ok).toBe(true);
}

const names = async (patient: Awaited<ReturnType<typeof aPatient>>) =>
	(await bookableServices(patient, now)).map((service) => service.name);

describe('the services offered to a person', () => {
	it('are their own practice first, then open services and the clinics they are under', async () => {
		const grace = await aPatient('grace');
		await registeredWith(grace, ownPractice.organisation.id);
		await seenAt(grace, clinicSeen, 30);
		await seenAt(grace, clinicSeenLongAgo, 400);
		const offered = await names(grace);
		expect(offered[0]).toBe('Own practice');
		expect(offered).toEqual(
			expect.arrayContaining(['Council', 'Community', 'Voluntary', 'Clinic seen'])
		);
		expect(offered).not.toContain('Other practice');
		expect(offered).not.toContain('Clinic never seen');
		expect(offered).not.toContain('Clinic seen long ago');
	});

	it('are every service where the record names no practice', async () => {
		const samir = await aPatient('samir');
		await registeredWith(samir, null);
		expect(await names(samir)).toEqual(
			expect.arrayContaining([
				'Own practice',
				'Other practice',
				'Council',
				'Clinic seen',
				'Clinic never seen'
			])
		);
	});

	it('are each person’s own: one person’s practice and clinics never widen another’s list', async () => {
		const amal = await aPatient('amal');
		const bea = await aPatient('bea');
		await registeredWith(amal, ownPractice.organisation.id);
		await registeredWith(bea, otherPractice.organisation.id);
		await seenAt(amal, clinicNeverSeen, 10);
		expect(await names(bea)).not.toContain('Own practice');
		expect(await names(bea)).not.toContain('Clinic never seen');
		expect(await names(bea)).toContain('Other practice');
	});
});
