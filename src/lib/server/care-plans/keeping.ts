// Care plans as staff of the organisations caring for the patient keep them: starting a plan,
// saving each version, handing actions to another team, and answering questions. Every change is
// in the patient's activity log.
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import { mayStaffCarePlan, mayStartCarePlan, type Actor } from '../access/policy';
import { recordActivity } from '../audit';
import { communicationNeedsOf } from '../communication-needs';
import { changedRows, database, tables, type Transaction, transaction } from '../db';
import type { ActivityChannel, CarePlanContent } from '../db/schema';
import { subjectOf } from '../patients';
import { planView, type CarePlanRow } from './plan-view';

const {
	carePlanHandovers,
	carePlanQuestions,
	carePlanVersions,
	carePlans,
	careTeams,
	organisations,
	users
} = tables;

/** The organisations in a plan: the one that started it and those of every team it names. */
export async function organisationsOf(
	plan: Pick<CarePlanRow, 'organisationId' | 'content'>
): Promise<number[]> {
	const teamIds = [
		...plan.content.careTeam.map((member) => member.teamId),
		...plan.content.actions.map((action) => action.teamId)
	];
	const teams = teamIds.length
		? await database()
				.select({ organisationId: careTeams.organisationId })
				.from(careTeams)
				.where(inArray(careTeams.id, teamIds))
		: [];
	return [...new Set([plan.organisationId, ...teams.map((team) => team.organisationId)])];
}

/** A plan staff of the actor's organisation may keep, or undefined. */
async function keptPlan(actor: Actor | null, planId: number): Promise<CarePlanRow | undefined> {
	if (!Number.isSafeInteger(planId)) return undefined;
	const plan = (await database().select().from(carePlans).where(eq(carePlans.id, planId)))[0];
	return plan && mayStaffCarePlan(actor, await organisationsOf(plan)) ? plan : undefined;
}

export async function staffCarePlan(actor: Actor | null, planId: number) {
	const plan = await keptPlan(actor, planId);
	if (!plan) return undefined;
	return {
		...(await planView(plan, () => true)),
		patient: (await subjectOf(plan.patientId))!,
		needs: await communicationNeedsOf(plan.patientId),
		organisationId: plan.organisationId
	};
}

/** The rows whose plan staff of the actor's organisation keep, in the same order. */
async function keptBy<Row>(
	actor: Actor | null,
	rows: Row[],
	planOf: (row: Row) => Pick<CarePlanRow, 'organisationId' | 'content'>
): Promise<Row[]> {
	const keepers = await Promise.all(rows.map((row) => organisationsOf(planOf(row))));
	return rows.filter((_, index) => mayStaffCarePlan(actor, keepers[index]!));
}

/** The patient's plans that staff of the actor's organisation keep. */
export async function staffPlansOf(actor: Actor | null, patientId: number) {
	const plans = await database()
		.select()
		.from(carePlans)
		.where(eq(carePlans.patientId, patientId))
		.orderBy(desc(carePlans.updatedAt));
	return (await keptBy(actor, plans, (plan) => plan)).map((plan) => ({
		id: plan.id,
		title: plan.content.title,
		kind: plan.content.kind,
		label: plan.label,
		updatedAt: plan.updatedAt
	}));
}

async function saveVersion(
	tx: Transaction,
	planId: number,
	version: number,
	content: CarePlanContent,
	actor: Actor,
	now: Date
) {
	await tx
		.insert(carePlanVersions)
		.values({ planId, version, content, savedAt: now, savedByUserId: actor.userId });
}

/** Makes `content` the plan's next version, keeping it whole, and logs why for the patient. */
async function saveNextVersion(
	tx: Transaction,
	plan: CarePlanRow,
	content: CarePlanContent,
	actor: Actor,
	now: Date,
	activity: {
		action: 'care_plan.updated' | 'care_plan.handed_over';
		detail: Record<string, number>;
		channel?: ActivityChannel;
	}
): Promise<void> {
	const version = plan.version + 1;
	await tx
		.update(carePlans)
		.set({ label: content.label, content, version, updatedAt: now, updatedByUserId: actor.userId })
		.where(eq(carePlans.id, plan.id));
	await saveVersion(tx, plan.id, version, content, actor, now);
	await recordActivity(
		tx,
		{ actor, subject: await subjectOf(plan.patientId), via: 'staff', channel: activity.channel },
		activity.action,
		{ planId: plan.id, version, ...activity.detail }
	);
}

/**
 * Starts a plan for a patient; the actor's organisation is in it from the start. `channel` says
 * whether staff wrote it on the web or their organisation's system sent it (FHIR).
 */
export async function createCarePlan(
	actor: Actor,
	patientId: number,
	content: CarePlanContent,
	now = new Date(),
	channel: ActivityChannel = 'web'
): Promise<number | null> {
	const subject = await subjectOf(patientId);
	if (!mayStartCarePlan(actor) || !subject) return null;
	return await transaction(
		async (tx) => {
			const plan = (
				await tx
					.insert(carePlans)
					.values({
						patientId,
						organisationId: actor.organisationId!,
						label: content.label,
						content,
						version: 1,
						updatedAt: now,
						updatedByUserId: actor.userId
					})
					.returning({ id: carePlans.id })
			)[0]!;
			await saveVersion(tx, plan.id, 1, content, actor, now);
			await recordActivity(tx, { actor, subject, via: 'staff', channel }, 'care_plan.created', {
				planId: plan.id
			});
			return plan.id;
		},
		{ behavior: 'immediate' }
	);
}

export type SaveOutcome = 'saved' | 'not-found' | 'changed-meanwhile';

/**
 * Saves a new version of the plan. `basedOn` is the version the form showed: if someone saved
 * since, nothing is overwritten and the person is told.
 */
export async function updateCarePlan(
	actor: Actor,
	planId: number,
	basedOn: number,
	content: CarePlanContent,
	now = new Date(),
	channel: ActivityChannel = 'web'
): Promise<SaveOutcome> {
	return await transaction(
		async (tx) => {
			const plan = await keptPlan(actor, planId);
			if (!plan) return 'not-found';
			if (plan.version !== basedOn) return 'changed-meanwhile';
			// Action keys are the plan's own: one typed into the form cannot borrow another's.
			const known = new Set(plan.content.actions.map((action) => action.key));
			const tidy = {
				...content,
				actions: content.actions.map((action) =>
					known.has(action.key) ? action : { ...action, key: crypto.randomUUID() }
				)
			};
			await saveNextVersion(tx, plan, tidy, actor, now, {
				action: 'care_plan.updated',
				detail: {},
				channel
			});
			return 'saved';
		},
		{ behavior: 'immediate' }
	);
}

/**
 * Hands an action to another team (hospital to community nursing on discharge): the plan gets a
 * new version with the new owner, and the handover is recorded with its time and both teams.
 */
export async function handOver(
	actor: Actor,
	planId: number,
	actionKey: string,
	toTeamId: number,
	now = new Date()
): Promise<boolean> {
	return await transaction(
		async (tx) => {
			const plan = await keptPlan(actor, planId);
			const action = plan?.content.actions.find((candidate) => candidate.key === actionKey);
			const toTeam = (await tx.select().from(careTeams).where(eq(careTeams.id, toTeamId)))[0];
			if (!plan || !action || !toTeam || action.teamId === toTeamId) return false;
			const content = {
				...plan.content,
				actions: plan.content.actions.map((candidate) =>
					candidate.key === actionKey ? { ...candidate, teamId: toTeamId } : candidate
				)
			};
			await saveNextVersion(tx, plan, content, actor, now, {
				action: 'care_plan.handed_over',
				detail: { fromTeamId: action.teamId, toTeamId }
			});
			await tx.insert(carePlanHandovers).values({
				planId: plan.id,
				actionKey,
				fromTeamId: action.teamId,
				toTeamId,
				at: now,
				byUserId: actor.userId
			});
			return true;
		},
		{ behavior: 'immediate' }
	);
}

/** Earlier versions of a plan, newest first, with who saved each. */
export async function versionsOf(actor: Actor | null, planId: number) {
	if (!(await keptPlan(actor, planId))) return [];
	return await database()
		.select({
			version: carePlanVersions.version,
			savedAt: carePlanVersions.savedAt,
			savedBy: organisations.name
		})
		.from(carePlanVersions)
		.innerJoin(users, eq(carePlanVersions.savedByUserId, users.id))
		.leftJoin(organisations, eq(users.organisationId, organisations.id))
		.where(eq(carePlanVersions.planId, planId))
		.orderBy(desc(carePlanVersions.version));
}

export async function versionOf(actor: Actor | null, planId: number, version: number) {
	if (!(await keptPlan(actor, planId)) || !Number.isSafeInteger(version)) return undefined;
	return (
		await database()
			.select()
			.from(carePlanVersions)
			.where(and(eq(carePlanVersions.planId, planId), eq(carePlanVersions.version, version)))
	)[0];
}

/** Questions waiting for an answer on the plans the actor's organisation keeps, oldest first. */
export async function waitingQuestions(actor: Actor | null) {
	const waiting = await database()
		.select({
			id: carePlanQuestions.id,
			question: carePlanQuestions.question,
			questionLanguage: carePlanQuestions.questionLanguage,
			askedAt: carePlanQuestions.askedAt,
			plan: carePlans
		})
		.from(carePlanQuestions)
		.innerJoin(carePlans, eq(carePlanQuestions.planId, carePlans.id))
		.where(isNull(carePlanQuestions.answer))
		.orderBy(asc(carePlanQuestions.askedAt));
	return await Promise.all(
		(await keptBy(actor, waiting, (row) => row.plan)).map(async ({ plan, ...question }) => ({
			...question,
			planId: plan.id,
			planTitle: plan.content.title,
			patient: (await subjectOf(plan.patientId))!,
			needs: await communicationNeedsOf(plan.patientId)
		}))
	);
}

/** Staff answer a question once; the answer shows on the plan, and in the patient's log. */
export async function answerQuestion(
	actor: Actor,
	planId: number,
	questionId: number,
	answer: string,
	now = new Date()
): Promise<boolean> {
	return await transaction(
		async (tx) => {
			const plan = await keptPlan(actor, planId);
			if (!plan) return false;
			const answered = await tx
				.update(carePlanQuestions)
				.set({ answer, answeredAt: now, answeredByUserId: actor.userId })
				.where(
					and(
						eq(carePlanQuestions.id, questionId),
						eq(carePlanQuestions.planId, plan.id),
						isNull(carePlanQuestions.answer)
					)
				);
			if (changedRows(answered) === 0) return false;
			await recordActivity(
				tx,
				{ actor, subject: await subjectOf(plan.patientId), via: 'staff' },
				'care_plan.question_answered',
				{ planId: plan.id, questionId }
			);
			return true;
		},
		{ behavior: 'immediate' }
	);
}
