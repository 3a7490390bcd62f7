// Care plans, as the patient (or someone acting for them) reads and adds to them, and as staff of
// the organisations caring for them keep them. Who may do what is decided in access.ts; a plan
// someone may not read does not exist for them (not listed, not found by id).
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { LanguageCode } from '$lib/i18n/languages';
import {
	mayAppointment,
	mayCarePlan,
	mayStaffCarePlan,
	mayStartCarePlan,
	type ActingContext,
	type Actor
} from '../access/policy';
import { recordActivity } from '../audit';
import { communicationNeedsOf } from '../communication-needs';
import { database, tables } from '../db';
import type { CarePlanContent, SensitivityLabel } from '../db/schema';
import { subjectOf } from '../patients';

const {
	appointments,
	carePlanHandovers,
	carePlanQuestions,
	carePlanVersions,
	carePlans,
	careTeams,
	organisations,
	services,
	slots,
	users
} = tables;

export type CarePlanRow = typeof carePlans.$inferSelect;

/**
 * The language of a plan's own words (title, in short, goals, actions, care team, if things get
 * worse): staff write plans on the staff pages, which are in English. Pages show it, so a reader
 * in another language is told, and the words are marked for screen readers and set left to right.
 */
export const carePlanLanguage: LanguageCode = 'en';

/** Every team that can be named in a plan, with its organisation, for pages and forms. */
export function teamDirectory() {
	return database()
		.select({
			id: careTeams.id,
			name: careTeams.name,
			phone: careTeams.phone,
			organisationId: careTeams.organisationId,
			organisation: organisations.name
		})
		.from(careTeams)
		.innerJoin(organisations, eq(careTeams.organisationId, organisations.id))
		.orderBy(asc(organisations.name), asc(careTeams.name))
		.all();
}
export type Team = ReturnType<typeof teamDirectory>[number];

/** The organisations in a plan: the one that started it and those of every team it names. */
export function organisationsOf(plan: Pick<CarePlanRow, 'organisationId' | 'content'>): number[] {
	const teamIds = [
		...plan.content.careTeam.map((member) => member.teamId),
		...plan.content.actions.map((action) => action.teamId)
	];
	const teams = teamIds.length
		? database()
				.select({ organisationId: careTeams.organisationId })
				.from(careTeams)
				.where(inArray(careTeams.id, teamIds))
				.all()
		: [];
	return [...new Set([plan.organisationId, ...teams.map((team) => team.organisationId)])];
}

// The patient's side.

/** The subject's plans that the actor may read, newest change first. */
export function plansOf(context: ActingContext) {
	const { subject } = context;
	if (!subject) return [];
	return database()
		.select()
		.from(carePlans)
		.where(eq(carePlans.patientId, subject.patientId))
		.orderBy(desc(carePlans.updatedAt))
		.all()
		.filter((plan) => mayCarePlan(context, 'care_plans.view', plan.label))
		.map((plan) => ({
			id: plan.id,
			language: carePlanLanguage,
			title: plan.content.title,
			kind: plan.content.kind,
			reviewOn: plan.content.reviewOn,
			updatedAt: plan.updatedAt
		}));
}

/** One of the subject's plans the actor may read, or undefined: any other id does not exist. */
function readablePlan(context: ActingContext, planId: number): CarePlanRow | undefined {
	const { subject } = context;
	if (!subject || !Number.isSafeInteger(planId)) return undefined;
	const plan = database()
		.select()
		.from(carePlans)
		.where(and(eq(carePlans.id, planId), eq(carePlans.patientId, subject.patientId)))
		.get();
	return plan && mayCarePlan(context, 'care_plans.view', plan.label) ? plan : undefined;
}

/** A plan with everything its page shows: teams, handovers, questions and linked appointments. */
export function carePlanOf(context: ActingContext, planId: number) {
	const plan = readablePlan(context, planId);
	// A linked appointment's time is shown only to someone who may see that appointment.
	return plan
		? planView(plan, (service) => mayAppointment(context, 'appointments.view', service))
		: undefined;
}

function planView(
	plan: CarePlanRow,
	showsAppointment: (service: { label: SensitivityLabel }) => boolean
) {
	const db = database();
	const teams = new Map(teamDirectory().map((team) => [team.id, team]));
	const updatedBy = db
		.select({ organisation: organisations.name })
		.from(users)
		.leftJoin(organisations, eq(users.organisationId, organisations.id))
		.where(eq(users.id, plan.updatedByUserId))
		.get();
	const appointmentIds = plan.content.actions
		.map((action) => action.appointmentId)
		.filter((id): id is number => id !== null);
	const linked = appointmentIds.length
		? db
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
				.all()
				.filter(showsAppointment)
				.map(({ id, startsAt, service }) => ({ id, startsAt, service }))
		: [];
	const handovers = db
		.select()
		.from(carePlanHandovers)
		.where(eq(carePlanHandovers.planId, plan.id))
		.orderBy(asc(carePlanHandovers.at))
		.all();
	const questions = db
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
		.orderBy(asc(carePlanQuestions.askedAt))
		.all();
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
export type CarePlanView = NonNullable<ReturnType<typeof carePlanOf>>;

/** One of the subject's plans the actor may read and add to, or undefined. */
function contributablePlan(context: ActingContext, planId: number): CarePlanRow | undefined {
	const plan = readablePlan(context, planId);
	return plan && mayCarePlan(context, 'care_plans.contribute', plan.label) ? plan : undefined;
}

/** "What matters to me", in the person's own words; an empty answer clears it. */
export function setWhatMatters(
	context: ActingContext,
	planId: number,
	words: string,
	language: LanguageCode,
	now = new Date()
): boolean {
	const plan = contributablePlan(context, planId);
	if (!plan) return false;
	database().transaction((tx) => {
		tx.update(carePlans)
			.set({
				whatMatters: words || null,
				whatMattersLanguage: words ? language : null,
				whatMattersUpdatedAt: now,
				whatMattersUpdatedByUserId: context.actor!.userId
			})
			.where(eq(carePlans.id, plan.id))
			.run();
		recordActivity(tx, context, 'care_plan.what_matters_changed', { planId: plan.id });
	});
	return true;
}

/** A question to the care team about the plan; staff answer it and the answer shows on it. */
export function askQuestion(
	context: ActingContext,
	planId: number,
	question: string,
	language: LanguageCode,
	now = new Date()
): boolean {
	const plan = contributablePlan(context, planId);
	if (!plan) return false;
	database().transaction((tx) => {
		const asked = tx
			.insert(carePlanQuestions)
			.values({
				planId: plan.id,
				askedByUserId: context.actor!.userId,
				question,
				questionLanguage: language,
				askedAt: now
			})
			.returning({ id: carePlanQuestions.id })
			.get();
		recordActivity(tx, context, 'care_plan.question_asked', {
			planId: plan.id,
			questionId: asked.id
		});
	});
	return true;
}

// The staff side.

/** A plan staff of the actor's organisation may keep, or undefined. */
function keptPlan(actor: Actor | null, planId: number): CarePlanRow | undefined {
	if (!Number.isSafeInteger(planId)) return undefined;
	const plan = database().select().from(carePlans).where(eq(carePlans.id, planId)).get();
	return plan && mayStaffCarePlan(actor, organisationsOf(plan)) ? plan : undefined;
}

export function staffCarePlan(actor: Actor | null, planId: number) {
	const plan = keptPlan(actor, planId);
	if (!plan) return undefined;
	return {
		...planView(plan, () => true),
		patient: subjectOf(plan.patientId)!,
		needs: communicationNeedsOf(plan.patientId),
		organisationId: plan.organisationId
	};
}

/** The patient's plans that staff of the actor's organisation keep. */
export function staffPlansOf(actor: Actor | null, patientId: number) {
	return database()
		.select()
		.from(carePlans)
		.where(eq(carePlans.patientId, patientId))
		.orderBy(desc(carePlans.updatedAt))
		.all()
		.filter((plan) => mayStaffCarePlan(actor, organisationsOf(plan)))
		.map((plan) => ({
			id: plan.id,
			title: plan.content.title,
			kind: plan.content.kind,
			label: plan.label,
			updatedAt: plan.updatedAt
		}));
}

type Tx = Parameters<Parameters<ReturnType<typeof database>['transaction']>[0]>[0];

function saveVersion(
	tx: Tx,
	planId: number,
	version: number,
	content: CarePlanContent,
	actor: Actor,
	now: Date
) {
	tx.insert(carePlanVersions)
		.values({ planId, version, content, savedAt: now, savedByUserId: actor.userId })
		.run();
}

/** Makes `content` the plan's next version, keeping it whole, and logs why for the patient. */
function saveNextVersion(
	tx: Tx,
	plan: CarePlanRow,
	content: CarePlanContent,
	actor: Actor,
	now: Date,
	activity: {
		action: 'care_plan.updated' | 'care_plan.handed_over';
		detail: Record<string, number>;
	}
): void {
	const version = plan.version + 1;
	tx.update(carePlans)
		.set({ label: content.label, content, version, updatedAt: now, updatedByUserId: actor.userId })
		.where(eq(carePlans.id, plan.id))
		.run();
	saveVersion(tx, plan.id, version, content, actor, now);
	recordActivity(tx, { actor, subject: subjectOf(plan.patientId), via: 'staff' }, activity.action, {
		planId: plan.id,
		version,
		...activity.detail
	});
}

/** Starts a plan for a patient; the actor's organisation is in it from the start. */
export function createCarePlan(
	actor: Actor,
	patientId: number,
	content: CarePlanContent,
	now = new Date()
): number | null {
	const subject = subjectOf(patientId);
	if (!mayStartCarePlan(actor) || !subject) return null;
	return database().transaction(
		(tx) => {
			const plan = tx
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
				.get();
			saveVersion(tx, plan.id, 1, content, actor, now);
			recordActivity(tx, { actor, subject, via: 'staff' }, 'care_plan.created', {
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
export function updateCarePlan(
	actor: Actor,
	planId: number,
	basedOn: number,
	content: CarePlanContent,
	now = new Date()
): SaveOutcome {
	return database().transaction(
		(tx) => {
			const plan = keptPlan(actor, planId);
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
			saveNextVersion(tx, plan, tidy, actor, now, { action: 'care_plan.updated', detail: {} });
			return 'saved';
		},
		{ behavior: 'immediate' }
	);
}

/**
 * Hands an action to another team (hospital to community nursing on discharge): the plan gets a
 * new version with the new owner, and the handover is recorded with its time and both teams.
 */
export function handOver(
	actor: Actor,
	planId: number,
	actionKey: string,
	toTeamId: number,
	now = new Date()
): boolean {
	return database().transaction(
		(tx) => {
			const plan = keptPlan(actor, planId);
			const action = plan?.content.actions.find((candidate) => candidate.key === actionKey);
			const toTeam = tx.select().from(careTeams).where(eq(careTeams.id, toTeamId)).get();
			if (!plan || !action || !toTeam || action.teamId === toTeamId) return false;
			const content = {
				...plan.content,
				actions: plan.content.actions.map((candidate) =>
					candidate.key === actionKey ? { ...candidate, teamId: toTeamId } : candidate
				)
			};
			saveNextVersion(tx, plan, content, actor, now, {
				action: 'care_plan.handed_over',
				detail: { fromTeamId: action.teamId, toTeamId }
			});
			tx.insert(carePlanHandovers)
				.values({
					planId: plan.id,
					actionKey,
					fromTeamId: action.teamId,
					toTeamId,
					at: now,
					byUserId: actor.userId
				})
				.run();
			return true;
		},
		{ behavior: 'immediate' }
	);
}

/** Earlier versions of a plan, newest first, with who saved each. */
export function versionsOf(actor: Actor | null, planId: number) {
	if (!keptPlan(actor, planId)) return [];
	return database()
		.select({
			version: carePlanVersions.version,
			savedAt: carePlanVersions.savedAt,
			savedBy: organisations.name
		})
		.from(carePlanVersions)
		.innerJoin(users, eq(carePlanVersions.savedByUserId, users.id))
		.leftJoin(organisations, eq(users.organisationId, organisations.id))
		.where(eq(carePlanVersions.planId, planId))
		.orderBy(desc(carePlanVersions.version))
		.all();
}

export function versionOf(actor: Actor | null, planId: number, version: number) {
	if (!keptPlan(actor, planId) || !Number.isSafeInteger(version)) return undefined;
	return database()
		.select()
		.from(carePlanVersions)
		.where(and(eq(carePlanVersions.planId, planId), eq(carePlanVersions.version, version)))
		.get();
}

/** Questions waiting for an answer on the plans the actor's organisation keeps, oldest first. */
export function waitingQuestions(actor: Actor | null) {
	return database()
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
		.orderBy(asc(carePlanQuestions.askedAt))
		.all()
		.filter((row) => mayStaffCarePlan(actor, organisationsOf(row.plan)))
		.map(({ plan, ...question }) => ({
			...question,
			planId: plan.id,
			planTitle: plan.content.title,
			patient: subjectOf(plan.patientId)!,
			needs: communicationNeedsOf(plan.patientId)
		}));
}

/** Staff answer a question once; the answer shows on the plan, and in the patient's log. */
export function answerQuestion(
	actor: Actor,
	planId: number,
	questionId: number,
	answer: string,
	now = new Date()
): boolean {
	return database().transaction(
		(tx) => {
			const plan = keptPlan(actor, planId);
			if (!plan) return false;
			const answered = tx
				.update(carePlanQuestions)
				.set({ answer, answeredAt: now, answeredByUserId: actor.userId })
				.where(
					and(
						eq(carePlanQuestions.id, questionId),
						eq(carePlanQuestions.planId, plan.id),
						isNull(carePlanQuestions.answer)
					)
				)
				.run();
			if (answered.changes === 0) return false;
			recordActivity(
				tx,
				{ actor, subject: subjectOf(plan.patientId), via: 'staff' },
				'care_plan.question_answered',
				{ planId: plan.id, questionId }
			);
			return true;
		},
		{ behavior: 'immediate' }
	);
}
