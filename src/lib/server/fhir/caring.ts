// Which organisations care for a patient: what decides whether another organisation's system
// may read the patient's record through the FHIR interface (mayFhirRead in access/policy.ts).
import { eq } from 'drizzle-orm';
import { tables, type Executor } from '../db';
import { organisationsOf } from '../care-plans/keeping';

const { appointments, carePlans, contactRequests, services, slots } = tables;

/**
 * The organisations giving the patient care: those of every service they have had or have an
 * appointment with, whose plans they are in (each plan's own organisations), or that they asked
 * to see them. Three small indexed reads, by patient.
 */
export async function organisationsCaringFor(db: Executor, patientId: number): Promise<number[]> {
	const booked = await db
		.selectDistinct({ organisationId: services.organisationId })
		.from(appointments)
		.innerJoin(slots, eq(slots.id, appointments.slotId))
		.innerJoin(services, eq(services.id, slots.serviceId))
		.where(eq(appointments.patientId, patientId));
	const asked = await db
		.selectDistinct({ organisationId: services.organisationId })
		.from(contactRequests)
		.innerJoin(services, eq(services.id, contactRequests.serviceId))
		.where(eq(contactRequests.patientId, patientId));
	const planned = (
		await Promise.all(
			(
				await db
					.select({ organisationId: carePlans.organisationId, content: carePlans.content })
					.from(carePlans)
					.where(eq(carePlans.patientId, patientId))
			).map(organisationsOf)
		)
	).flat();
	return [
		...new Set([
			...booked.map((row) => row.organisationId),
			...asked.map((row) => row.organisationId),
			...planned
		])
	];
}
