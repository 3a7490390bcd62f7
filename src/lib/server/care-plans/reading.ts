// Care plans as the patient (or someone acting for them) reads and adds to them: what matters to
// them, and questions to the care team. Who may do what is decided in access/policy.ts; a plan someone
// may not read does not exist for them (not listed, not found by id).
import { and, desc, eq } from 'drizzle-orm';
import type { LanguageCode } from '$lib/i18n/languages';
import { mayAppointment, mayCarePlan, type ActingContext } from '../access/policy';
import { recordActivity } from '../audit';
import { database, tables, transaction } from '../db';
import { carePlanLanguage, planView, type CarePlanRow } from './plan-view';

const { carePlanQuestions, carePlans } = tables;

/** The subject's plans that the actor may read, newest change first, as stored. */
export async function readablePlans(context: ActingContext): Promise<CarePlanRow[]> {
	const { subject } = context;
	if (!subject) return [];
	return (
		await database()
			.select()
			.from(carePlans)
			.where(eq(carePlans.patientId, subject.patientId))
			.orderBy(desc(carePlans.updatedAt))
	).filter((plan) => mayCarePlan(context, 'care_plans.view', plan.label));
}

/** The subject's plans that the actor may read, newest change first, as their list shows them. */
export async function plansOf(context: ActingContext) {
	return (await readablePlans(context)).map((plan) => ({
		id: plan.id,
		language: carePlanLanguage,
		title: plan.content.title,
		kind: plan.content.kind,
		reviewOn: plan.content.reviewOn,
		updatedAt: plan.updatedAt
	}));
}

/** One of the subject's plans the actor may read, or undefined: any other id does not exist. */
async function readablePlan(
	context: ActingContext,
	planId: number
): Promise<CarePlanRow | undefined> {
	const { subject } = context;
	if (!subject || !Number.isSafeInteger(planId)) return undefined;
	const plan = (
		await database()
			.select()
			.from(carePlans)
			.where(and(eq(carePlans.id, planId), eq(carePlans.patientId, subject.patientId)))
	)[0];
	return plan && mayCarePlan(context, 'care_plans.view', plan.label) ? plan : undefined;
}

/** A plan with everything its page shows: teams, handovers, questions and linked appointments. */
export async function carePlanOf(context: ActingContext, planId: number) {
	const plan = await readablePlan(context, planId);
	// A linked appointment's time is shown only to someone who may see that appointment.
	return plan
		? await planView(plan, (service) => mayAppointment(context, 'appointments.view', service))
		: undefined;
}

/** One of the subject's plans the actor may read and add to, or undefined. */
async function contributablePlan(
	context: ActingContext,
	planId: number
): Promise<CarePlanRow | undefined> {
	const plan = await readablePlan(context, planId);
	return plan && mayCarePlan(context, 'care_plans.contribute', plan.label) ? plan : undefined;
}

/** "What matters to me", in the person's own words; an empty answer clears it. */
export async function setWhatMatters(
	context: ActingContext,
	planId: number,
	words: string,
	language: LanguageCode,
	now = new Date()
): Promise<boolean> {
	const plan = await contributablePlan(context, planId);
	if (!plan) return false;
	await transaction(async (tx) => {
		await tx
			.update(carePlans)
			.set({
				whatMatters: words || null,
				whatMattersLanguage: words ? language : null,
				whatMattersUpdatedAt: now,
				whatMattersUpdatedByUserId: context.actor!.userId
			})
			.where(eq(carePlans.id, plan.id));
		await recordActivity(tx, context, 'care_plan.what_matters_changed', { planId: plan.id });
	});
	return true;
}

/** A question to the care team about the plan; staff answer it and the answer shows on it. */
export async function askQuestion(
	context: ActingContext,
	planId: number,
	question: string,
	language: LanguageCode,
	now = new Date()
): Promise<boolean> {
	const plan = await contributablePlan(context, planId);
	if (!plan) return false;
	await transaction(async (tx) => {
		const asked = (
			await tx
				.insert(carePlanQuestions)
				.values({
					planId: plan.id,
					askedByUserId: context.actor!.userId,
					question,
					questionLanguage: language,
					askedAt: now
				})
				.returning({ id: carePlanQuestions.id })
		)[0]!;
		await recordActivity(tx, context, 'care_plan.question_asked', {
			planId: plan.id,
			questionId: asked.id
		});
	});
	return true;
}
