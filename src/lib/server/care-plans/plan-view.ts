// A care plan as its pages show it, to the patient (or someone acting for them) and to staff of
// the organisations caring for them: its teams, handovers, questions and linked appointments.
import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { LanguageCode } from '$lib/i18n/languages';
import { database, tables } from '../db';
import type { SensitivityLabel } from '../db/schema';

const {
	appointments,
	carePlanHandovers,
	carePlanQuestions,
	careTeams,
	organisations,
	services,
	slots,
	users
} = tables;

export type CarePlanRow = typeof tables.carePlans.$inferSelect;

/**
 * The language of a plan's own words (title, in short, goals, actions, care team, if things get
 * worse): staff write plans on the staff pages, which are in English. Pages show it, so a reader
 * in another language is told, and the words are marked for screen readers and set left to right.
 */
export const carePlanLanguage: LanguageCode = 'en';

/** Teams (those `where` picks, or all) with their organisation, by organisation and name. */
async function teamsWhere(where?: SQL) {
	return await database()
		.select({
			id: careTeams.id,
			name: careTeams.name,
			phone: careTeams.phone,
			organisationId: careTeams.organisationId,
			organisation: organisations.name
		})
		.from(careTeams)
		.innerJoin(organisations, eq(careTeams.organisationId, organisations.id))
		.where(where)
		.orderBy(asc(organisations.name), asc(careTeams.name));
}

/** Every team that can be named in a plan, with its organisation, for the staff's forms. */
export async function teamDirectory() {
	return await teamsWhere();
}
export type Team = Awaited<ReturnType<typeof teamDirectory>>[number];

/** The teams with these ids. */
async function teamsNamed(ids: number[]): Promise<Team[]> {
	return ids.length ? await teamsWhere(inArray(careTeams.id, ids)) : [];
}

/**
 * Everything a plan's page shows. A linked appointment is shown only where `showsAppointment`
 * says the reader may see it.
 */
export async function planView(
	plan: CarePlanRow,
	showsAppointment: (service: { label: SensitivityLabel }) => boolean
) {
	const db = database();
	// Only the teams this plan names: the whole directory (every team of every organisation in
	// the ICS, sorted) was read for each plan shown.
	const teamIds = new Set([
		...plan.content.actions.map((action) => action.teamId),
		...plan.content.careTeam.map((member) => member.teamId)
	]);
	const updatedBy = (
		await db
			.select({ organisation: organisations.name })
			.from(users)
			.leftJoin(organisations, eq(users.organisationId, organisations.id))
			.where(eq(users.id, plan.updatedByUserId))
	)[0];
	const appointmentIds = plan.content.actions
		.map((action) => action.appointmentId)
		.filter((id): id is number => id !== null);
	const linked = appointmentIds.length
		? (
				await db
					.select({
						id: appointments.id,
						startsAt: slots.startsAt,
						service: services.name,
						label: services.label
					})
					.from(appointments)
					.innerJoin(slots, eq(appointments.slotId, slots.id))
					.innerJoin(services, eq(slots.serviceId, services.id))
					.where(
						and(
							inArray(appointments.id, appointmentIds),
							// Only the patient's own appointments, whatever an id in the plan says.
							eq(appointments.patientId, plan.patientId)
						)
					)
			)
				.filter(showsAppointment)
				.map(({ id, startsAt, service }) => ({ id, startsAt, service }))
		: [];
	const handovers = await db
		.select()
		.from(carePlanHandovers)
		.where(eq(carePlanHandovers.planId, plan.id))
		.orderBy(asc(carePlanHandovers.at));
	const questions = await db
		.select({
			id: carePlanQuestions.id,
			question: carePlanQuestions.question,
			questionLanguage: carePlanQuestions.questionLanguage,
			askedAt: carePlanQuestions.askedAt,
			answer: carePlanQuestions.answer,
			answeredAt: carePlanQuestions.answeredAt,
			answeredBy: organisations.name
		})
		.from(carePlanQuestions)
		.leftJoin(users, eq(carePlanQuestions.answeredByUserId, users.id))
		.leftJoin(organisations, eq(users.organisationId, organisations.id))
		.where(eq(carePlanQuestions.planId, plan.id))
		.orderBy(asc(carePlanQuestions.askedAt));
	for (const handover of handovers) teamIds.add(handover.fromTeamId).add(handover.toTeamId);
	const teams = new Map((await teamsNamed([...teamIds])).map((team) => [team.id, team]));
	const team = (teamId: number) => teams.get(teamId) ?? null;
	return {
		id: plan.id,
		label: plan.label,
		version: plan.version,
		language: carePlanLanguage,
		content: plan.content,
		updatedAt: plan.updatedAt,
		updatedBy: updatedBy?.organisation ?? null,
		whatMatters: plan.whatMatters,
		whatMattersLanguage: plan.whatMattersLanguage,
		whatMattersUpdatedAt: plan.whatMattersUpdatedAt,
		actions: plan.content.actions.map((action) => ({
			...action,
			team: team(action.teamId),
			appointment: linked.find((appointment) => appointment.id === action.appointmentId) ?? null,
			handovers: handovers
				.filter((handover) => handover.actionKey === action.key)
				.map((handover) => ({
					at: handover.at,
					from: team(handover.fromTeamId),
					to: team(handover.toTeamId)
				}))
		})),
		careTeam: plan.content.careTeam.map((member) => ({ ...member, team: team(member.teamId) })),
		questions
	};
}
export type CarePlanView = Awaited<ReturnType<typeof planView>>;
