// A care plan as one CarePlan (its goals contained in it, its actions as activities, its care
// team pointing at each team's CareTeam), and each action handed between teams as a Task.
import type { tables } from '../../db';
import type { ActionStatus, CarePlanContent, GoalStatus } from '../../db/schema';
import { securityLabelsFor, ukCoreProfiles } from '../profiles';
import { instant, joinedUpCodeSystems, reference } from './codes';

type CarePlanRow = typeof tables.carePlans.$inferSelect;
type Handover = typeof tables.carePlanHandovers.$inferSelect;

/** An action's status as a CarePlan activity's. */
export const activityStatusCodes = {
	not_started: 'not-started',
	planned: 'scheduled',
	in_progress: 'in-progress',
	done: 'completed'
} as const satisfies Record<ActionStatus, string>;

/** A goal's status as a Goal's lifecycle and achievement. */
const goalStatusCodes = {
	not_started: { lifecycleStatus: 'accepted', achievement: 'no-progress' },
	in_progress: { lifecycleStatus: 'active', achievement: 'in-progress' },
	achieved: { lifecycleStatus: 'completed', achievement: 'achieved' }
} as const satisfies Record<GoalStatus, { lifecycleStatus: string; achievement: string }>;

const carePlanKindNames: Record<CarePlanContent['kind'], string> = {
	long_term_condition: 'Long-term condition',
	hospital_discharge: 'Going home from hospital',
	mental_health_crisis: 'Mental health crisis',
	end_of_life: 'End of life',
	wellbeing: 'Wellbeing',
	other: 'Other'
};

/**
 * The plan at its current version (or, given a version's content, at that one): `meta.versionId`
 * is the plan's version, `meta.security` its sensitivity label.
 */
export function carePlanResource(
	plan: Pick<
		CarePlanRow,
		'id' | 'patientId' | 'organisationId' | 'label' | 'version' | 'updatedAt' | 'whatMatters'
	>,
	content: CarePlanContent = (plan as CarePlanRow).content
) {
	const security = securityLabelsFor(content.label);
	const patient = reference('Patient', plan.patientId);
	const goalId = (index: number) => `goal-${index + 1}`;
	return {
		resourceType: 'CarePlan' as const,
		id: String(plan.id),
		meta: {
			versionId: String(plan.version),
			lastUpdated: instant(plan.updatedAt),
			profile: [ukCoreProfiles.CarePlan],
			...(security.length ? { security } : {})
		},
		// Each goal stands only in its plan, so it travels inside it rather than on its own.
		...(content.goals.length
			? {
					contained: content.goals.map((goal, index) => ({
						resourceType: 'Goal',
						id: goalId(index),
						lifecycleStatus: goalStatusCodes[goal.status].lifecycleStatus,
						achievementStatus: {
							coding: [
								{
									system: 'http://terminology.hl7.org/CodeSystem/goal-achievement',
									code: goalStatusCodes[goal.status].achievement
								}
							]
						},
						description: { text: goal.text },
						subject: patient
					}))
				}
			: {}),
		status: 'active',
		intent: 'plan',
		category: [
			{
				coding: [{ system: joinedUpCodeSystems.carePlanKind, code: content.kind }],
				text: carePlanKindNames[content.kind]
			}
		],
		title: content.title,
		description: content.summary,
		subject: patient,
		author: reference('Organization', plan.organisationId),
		...(content.careTeam.length
			? { careTeam: content.careTeam.map((member) => reference('CareTeam', member.teamId)) }
			: {}),
		...(content.goals.length
			? { goal: content.goals.map((_, index) => ({ reference: `#${goalId(index)}` })) }
			: {}),
		...(content.actions.length
			? {
					// The action's key as the activity's id: it stays the same across versions, so
					// a system sending the plan back keeps each action (and its handovers) the same.
					activity: content.actions.map((action) => ({
						id: action.key,
						detail: {
							status: activityStatusCodes[action.status],
							description: action.what,
							// FHIR strings may not be empty: an action with no "when" says none.
							...(action.when.trim() ? { scheduledString: action.when } : {}),
							performer: [reference('CareTeam', action.teamId)]
						}
					}))
				}
			: {}),
		note: [
			{ text: `If things get worse: ${content.ifWorse}` },
			{ text: `Next review: ${content.reviewOn}` },
			...(plan.whatMatters
				? [{ authorReference: patient, text: `What matters to me: ${plan.whatMatters}` }]
				: [])
		]
	};
}

/**
 * An action handed from one team to another: done when it was handed (the Task is the handing
 * over, not the action), asked by the team it came from, owned by the team it went to.
 */
export function handoverTask(
	handover: Handover,
	plan: Pick<CarePlanRow, 'patientId'>,
	action: { what: string } | undefined,
	from: { organisationId: number; name: string }
) {
	return {
		resourceType: 'Task' as const,
		id: String(handover.id),
		meta: { profile: [ukCoreProfiles.Task] },
		status: 'completed',
		intent: 'order',
		code: { text: 'Hand over a care plan action' },
		...(action ? { description: action.what } : {}),
		focus: reference('CarePlan', handover.planId),
		for: reference('Patient', plan.patientId),
		authoredOn: instant(handover.at),
		lastModified: instant(handover.at),
		requester: reference('Organization', from.organisationId, from.name),
		owner: reference('CareTeam', handover.toTeamId),
		input: [
			{
				type: { text: 'Handed over from' },
				valueReference: reference('CareTeam', handover.fromTeamId)
			},
			{ type: { text: 'Action key' }, valueString: handover.actionKey }
		]
	};
}
