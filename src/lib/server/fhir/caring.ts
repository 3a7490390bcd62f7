// Which organisations care for a patient: those a FHIR client's organisation must be among for
// it to read anything of the patient's (access/policy.ts's mayFhirRead decides).
import { eq, inArray } from 'drizzle-orm';
import { tables, type Executor } from '../db';

const { appointments, carePlans, careTeams, contactRequests, services, slots } = tables;

/**
 * Every organisation the patient receives care from: an appointment (of any status) with one of
 * its services, a care plan it started or has a team in, or a request to one of its services.
 */
export function organisationsCaringFor(db: Executor, patientId: number): number[] {
	const byAppointment = db
		.selectDistinct({ id: services.organisationId })
		.from(appointments)
		.innerJoin(slots, eq(appointments.slotId, slots.id))
		.innerJoin(services, eq(slots.serviceId, services.id))
		.where(eq(appointments.patientId, patientId))
		.all();
	const byRequest = db
		.selectDistinct({ id: services.organisationId })
		.from(contactRequests)
		.innerJoin(services, eq(contactRequests.serviceId, services.id))
		.where(eq(contactRequests.patientId, patientId))
		.all();
	const plans = db
		.select({ organisationId: carePlans.organisationId, content: carePlans.content })
		.from(carePlans)
		.where(eq(carePlans.patientId, patientId))
		.all();
	const teamIds = plans.flatMap((plan) => [
		...plan.content.careTeam.map((member) => member.teamId),
		...plan.content.actions.map((action) => action.teamId)
	]);
	const byTeam = teamIds.length
		? db
				.selectDistinct({ id: careTeams.organisationId })
				.from(careTeams)
				.where(inArray(careTeams.id, teamIds))
				.all()
		: [];
	return [
		...new Set([
			...byAppointment.map((row) => row.id),
			...byRequest.map((row) => row.id),
			...plans.map((plan) => plan.organisationId),
			...byTeam.map((row) => row.id)
		])
	];
}
