// A care plan sent by one of the patient's organisations (a ward's discharge plan) becoming a
// plan in Joined Up, kept as staff keep plans (care-plans/keeping.ts): the same versions, the same
// activity log (by the organisation's system, through FHIR), the same rules, and the same pages
// for the patient and those allowed its label. Its actions are owned by teams, so they can be
// handed over as any plan's can. Sending the same identifier again makes a new version.
import { isDeepStrictEqual } from 'node:util';
import { asc, eq, inArray } from 'drizzle-orm';
import { mayFhirRead, type FhirCaller } from '../../access/policy';
import { createCarePlan, staffCarePlan, updateCarePlan } from '../../care-plans/keeping';
import { database, tables, type Transaction } from '../../db';
import {
	carePlanKinds,
	type ActionStatus,
	type CarePlanContent,
	type CarePlanKind,
	type GoalStatus
} from '../../db/schema';
import { isCalendarDate, londonDate, addDays } from '$lib/time';
import { organisationsCaringFor } from '../caring';
import { FhirError } from '../outcome';
import { labelFromSecurity } from '../profiles';
import { activityStatusCodes, carePlanResource } from '../resources/care-plan';
import { joinedUpCodeSystems } from '../resources/codes';
import {
	identifierToKeep,
	inOneTransaction,
	isObject,
	addressedId,
	postedForConditionalUpdate,
	postedForUpdate,
	postedResource,
	referencedId,
	rowIdentifiedBy,
	systemIdentifierOf,
	type Posted,
	type SystemIdentifier,
	type Written
} from './resource';

const { carePlans, careTeams } = tables;

/** As long as staff's form allows (care-plans/form.ts), so a plan reads the same however made. */
const longest = { title: 120, summary: 600, text: 300, ifWorse: 600 };
/** Plans hold what a person can read; a plan of hundreds of goals is not one. */
const mostItems = 50;

/** An activity's status as an action's: FHIR's own codes, the inverse of what is served. */
const actionStatusOf = Object.fromEntries(
	Object.entries(activityStatusCodes).map(([status, code]) => [code, status as ActionStatus])
) as Record<string, ActionStatus>;

/** A contained Goal's progress as a goal's status. */
function goalStatusOf(goal: Record<string, unknown>): GoalStatus {
	const achievement = isObject(goal.achievementStatus)
		? (goal.achievementStatus.coding as { code?: unknown }[] | undefined)?.[0]?.code
		: undefined;
	if (achievement === 'achieved' || goal.lifecycleStatus === 'completed') return 'achieved';
	if (achievement === 'in-progress' || goal.lifecycleStatus === 'active') return 'in_progress';
	return 'not_started';
}

const refuse = (diagnostics: string, element: string): never => {
	throw new FhirError(422, 'business-rule', diagnostics, [
		{ code: 'business-rule', diagnostics, expression: [`CarePlan.${element}`] }
	]);
};

const text = (value: unknown, element: string, most: number, required = false): string => {
	const words = typeof value === 'string' ? value.trim() : '';
	if (required && !words) refuse(`CarePlan.${element} is needed: the patient reads it.`, element);
	if (words.length > most)
		refuse(`CarePlan.${element} is longer than ${most} characters.`, element);
	return words;
};

const list = (value: unknown, element: string): unknown[] => {
	const items = Array.isArray(value) ? value : [];
	if (items.length > mostItems) refuse(`CarePlan.${element} has more than ${mostItems}.`, element);
	return items;
};

/** The note that says something (`Next review: …`), as Joined Up writes its own plans' notes. */
const noted = (plan: Posted, prefix: string): string | undefined =>
	list(plan.note, 'note')
		.map((note) => (isObject(note) && typeof note.text === 'string' ? note.text : ''))
		.find((note) => note.startsWith(prefix))
		?.slice(prefix.length)
		.trim();

/** When a plan whose sender names no review is reviewed: four weeks, as a discharge plan is. */
const defaultReviewDays = 28;

/**
 * The next review: `period.end`, or a note `Next review: YYYY-MM-DD` (as the plans Joined Up
 * serves say it), after today and within two years as staff's form asks; four weeks from today
 * when the sender names none (it is then in the plan served back, and staff can change it).
 */
function reviewOnOf(plan: Posted, now: Date): string {
	const periodEnd = isObject(plan.period) ? plan.period.end : undefined;
	const named =
		noted(plan, 'Next review:') ??
		(typeof periodEnd === 'string' ? periodEnd.slice(0, 10) : undefined);
	const today = londonDate(now);
	if (named === undefined) return addDays(today, defaultReviewDays);
	if (!isCalendarDate(named) || named <= today || named > addDays(today, 730))
		refuse(
			'The next review (period.end, or a note "Next review: YYYY-MM-DD") is after today and within two years.',
			'period.end'
		);
	return named;
}

/** What a CodeableConcept says in words: its text, or its first coding's display. */
function conceptText(concept: unknown): string | undefined {
	if (!isObject(concept)) return undefined;
	if (typeof concept.text === 'string') return concept.text;
	const [coding] = Array.isArray(concept.coding) ? concept.coding : [];
	return isObject(coding) && typeof coding.display === 'string' ? coding.display : undefined;
}

function kindOf(plan: Posted): CarePlanKind {
	const codes = list(plan.category, 'category').flatMap((category) =>
		isObject(category) && Array.isArray(category.coding) ? category.coding : []
	) as { system?: unknown; code?: unknown }[];
	const ours = codes.find((coding) => coding.system === joinedUpCodeSystems.carePlanKind)?.code;
	return carePlanKinds.find((kind) => kind === ours) ?? 'other';
}

/** The teams a plan names, which must exist; any organisation's, as staff's form offers. */
async function teamsNamed(tx: Transaction, ids: number[]) {
	const teams = ids.length
		? await tx.select().from(careTeams).where(inArray(careTeams.id, ids))
		: [];
	return new Map(teams.map((team) => [team.id, team]));
}

/**
 * The plan's content as Joined Up keeps it. Actions and care team name teams by CareTeam; an
 * action naming none is the caller's organisation's first team, so that every action has an
 * owner who can hand it over. `earlier` is the plan's current content, whose action keys an
 * activity keeps (by its element id, or else by the same words for the same team).
 */
async function contentOf(
	tx: Transaction,
	caller: FhirCaller,
	plan: Posted,
	now: Date,
	earlier?: CarePlanContent
): Promise<CarePlanContent> {
	if (plan.status !== 'active')
		refuse(
			'Only an active plan can be sent: Joined Up shows people their plans in force.',
			'status'
		);
	const label = labelFromSecurity(
		isObject(plan.meta) && Array.isArray(plan.meta.security)
			? (plan.meta.security as { system?: string; code?: string }[])
			: undefined
	);
	if (label === 'unknown')
		throw new FhirError(
			400,
			'value',
			'meta.security names a sensitivity label Joined Up does not know.'
		);

	const contained = new Map(
		list(plan.contained, 'contained')
			.filter(isObject)
			.filter((resource) => resource.resourceType === 'Goal' && typeof resource.id === 'string')
			.map((goal) => [`#${goal.id}`, goal])
	);
	const goals = list(plan.goal, 'goal').map((reference) => {
		const goal = isObject(reference) ? contained.get(String(reference.reference)) : undefined;
		const description = goal && isObject(goal.description) ? goal.description.text : undefined;
		if (!goal || typeof description !== 'string' || !description.trim())
			refuse('Each goal is a contained Goal with description.text.', 'goal');
		return { text: text(description, 'goal', longest.text), status: goalStatusOf(goal!) };
	});

	const activities = list(plan.activity, 'activity').map((activity) =>
		isObject(activity) && isObject(activity.detail) ? { activity, detail: activity.detail } : null
	);
	// The team doing it, when a performer is a CareTeam; a Patient or Practitioner performing it
	// leaves it to the sender's own team, as every action in Joined Up is some team's.
	const performers = activities.map((found) => {
		const performer = Array.isArray(found?.detail.performer) ? found.detail.performer : [];
		const team = performer.find(
			(who) => isObject(who) && String(who.reference).startsWith('CareTeam/')
		);
		return team === undefined ? undefined : referencedId(team, 'CareTeam');
	});
	const members = list(plan.careTeam, 'careTeam').map((member) => ({
		teamId: referencedId(member, 'CareTeam'),
		display: isObject(member) && typeof member.display === 'string' ? member.display : ''
	}));
	const teams = await teamsNamed(tx, [
		...performers.filter((id): id is number => typeof id === 'number'),
		...members.map((member) => member.teamId).filter((id): id is number => id !== null)
	]);
	const ownTeam = (
		await tx
			.select()
			.from(careTeams)
			.where(eq(careTeams.organisationId, caller.actor.organisationId!))
			.orderBy(asc(careTeams.id))
	)[0];

	const keys = new Set(earlier?.actions.map((action) => action.key) ?? []);
	const used = new Set<string>();
	const actions = activities.map((found, index) => {
		if (!found) return refuse('Each activity has a detail.', 'activity');
		const { activity, detail } = found;
		const named = performers[index];
		const teamId =
			named === undefined ? ownTeam?.id : named !== null && teams.has(named) ? named : undefined;
		if (teamId === undefined)
			return refuse(
				"An activity is done by a CareTeam Joined Up knows (detail.performer: CareTeam/{id}), or by your organisation's own team when it names none.",
				'activity.detail.performer'
			);
		const what = text(
			detail.description ?? conceptText(detail.code),
			'activity.detail.description',
			longest.text,
			true
		);
		const status = actionStatusOf[String(detail.status)];
		if (!status)
			return refuse(
				'An activity is not-started, scheduled, in-progress or completed.',
				'activity.detail.status'
			);
		// The action keeps its key from version to version, so its handovers stay its own: by the
		// activity's id (as served), or else the earlier action with the same words and team.
		const ownId = typeof activity.id === 'string' && keys.has(activity.id) ? activity.id : null;
		const sameWords = earlier?.actions.find(
			(action) => action.what === what && action.teamId === teamId && !used.has(action.key)
		)?.key;
		const key = ownId && !used.has(ownId) ? ownId : (sameWords ?? crypto.randomUUID());
		used.add(key);
		return {
			key,
			what,
			teamId,
			when: text(detail.scheduledString, 'activity.detail.scheduledString', longest.text),
			status,
			appointmentId: null
		};
	});

	const careTeam = members.map((member) => {
		const team = member.teamId === null ? undefined : teams.get(member.teamId);
		if (!team)
			return refuse('The care team is CareTeams Joined Up knows: CareTeam/{id}.', 'careTeam');
		return {
			teamId: team.id,
			role: text(member.display || team.name, 'careTeam', longest.text),
			whenToCall: ''
		};
	});
	// With no care team given, the teams doing its actions are it, else the sender's own team.
	const fromActions = [...new Set(actions.map((action) => action.teamId))].map((teamId) => ({
		teamId,
		role: (teams.get(teamId) ?? ownTeam)!.name,
		whenToCall: ''
	}));
	if (careTeam.length === 0 && fromActions.length === 0 && ownTeam)
		fromActions.push({ teamId: ownTeam.id, role: ownTeam.name, whenToCall: '' });

	return {
		// UK Core's own example names its plan only by its category's text.
		title: text(
			plan.title ?? conceptText(list(plan.category, 'category')[0]),
			'title',
			longest.title,
			true
		),
		kind: kindOf(plan),
		label,
		summary: text(plan.description, 'description', longest.summary, true),
		reviewOn: reviewOnOf(plan, now),
		goals,
		actions,
		careTeam: careTeam.length ? careTeam : fromActions,
		ifWorse: text(noted(plan, 'If things get worse:') ?? '', 'note', longest.ifWorse)
	};
}

/** The patient the plan is for, if the caller's organisation cares for them; otherwise unknown. */
async function patientOf(caller: FhirCaller, plan: Posted): Promise<number> {
	const patientId = referencedId(plan.subject, 'Patient');
	if (patientId === null)
		throw new FhirError(400, 'invalid', 'CarePlan.subject must be Patient/{id}.');
	// Only one of the patient's organisations may send their plan; to any other, as for reading,
	// the patient does not exist.
	if (!mayFhirRead(caller, await organisationsCaringFor(database(), patientId)))
		throw new FhirError(404, 'not-found', `Patient/${patientId} is not known.`);
	return patientId;
}

const servedPlan = async (planId: number) =>
	carePlanResource((await database().select().from(carePlans).where(eq(carePlans.id, planId)))[0]!);

/** A plan as sent: by whom, for whom, and the identifier it has in the sender's system. */
type Sent = {
	caller: FhirCaller;
	patientId: number;
	plan: Posted;
	identifier: SystemIdentifier | null;
	now: Date;
};

/** Starts the plan (version 1), keeping the sender's identifier beside it. */
async function start(
	tx: Transaction,
	{ caller, patientId, plan, identifier, now }: Sent
): Promise<Written> {
	const content = await contentOf(tx, caller, plan, now);
	const planId = await createCarePlan(caller.actor, patientId, content, now, 'fhir');
	if (planId === null)
		throw new FhirError(403, 'forbidden', 'Your organisation may not start plans.');
	if (identifier)
		await tx
			.update(carePlans)
			.set(
				await identifierToKeep(
					tx,
					carePlans,
					{ id: planId, identifierSystem: null, identifierValue: null },
					identifier,
					`CarePlan/${planId}`
				)
			)
			.where(eq(carePlans.id, planId));
	return { status: 201, resource: await servedPlan(planId) };
}

/**
 * Saves the plan's next version. `meta.versionId`, when sent, is the version the sender changed:
 * if the plan has moved on since, nothing is overwritten (409). The same plan sent again, word
 * for word, makes no new version.
 */
async function revise(tx: Transaction, planId: number, sent: Sent): Promise<Written> {
	const { caller, patientId, plan, identifier, now } = sent;
	const kept = await staffCarePlan(caller.actor, planId);
	if (!kept) throw new FhirError(404, 'not-found', `CarePlan/${planId} is not known.`);
	const current = (await tx.select().from(carePlans).where(eq(carePlans.id, planId)))[0]!;
	if (current.patientId !== patientId)
		throw new FhirError(422, 'business-rule', `CarePlan/${planId} is another patient's plan.`);
	const keep = await identifierToKeep(tx, carePlans, current, identifier, `CarePlan/${planId}`);
	const versionId = isObject(plan.meta) ? plan.meta.versionId : undefined;
	const basedOn = versionId === undefined ? current.version : Number(versionId);
	if (basedOn !== current.version)
		throw new FhirError(
			409,
			'conflict',
			`CarePlan/${planId} is at version ${current.version}, not ${String(versionId)}: read it again and send your changes to that.`
		);
	const content = await contentOf(tx, caller, plan, now, current.content);
	if (!isDeepStrictEqual(content, current.content)) {
		const saved = await updateCarePlan(caller.actor, planId, basedOn, content, now, 'fhir');
		if (saved === 'changed-meanwhile')
			throw new FhirError(409, 'conflict', `CarePlan/${planId} changed meanwhile.`);
		if (saved === 'not-found')
			throw new FhirError(404, 'not-found', `CarePlan/${planId} is not known.`);
	}
	await tx.update(carePlans).set(keep).where(eq(carePlans.id, planId));
	return { status: 200, resource: await servedPlan(planId) };
}

/** Starts or revises the plan the identifier names. */
async function startOrRevise(tx: Transaction, sent: Sent): Promise<Written> {
	const { identifier, patientId } = sent;
	const found = identifier && (await rowIdentifiedBy(tx, carePlans, identifier));
	const known = found && (await tx.select().from(carePlans).where(eq(carePlans.id, found.id)))[0]!;
	if (!known) return await start(tx, sent);
	if (known.patientId !== patientId)
		throw new FhirError(409, 'conflict', 'This identifier is another patient’s plan.');
	return await revise(tx, known.id, sent);
}

/** `POST CarePlan`: a new plan, or (the same identifier again) a new version of the one sent. */
export async function createCarePlanFromFhir(
	caller: FhirCaller,
	body: unknown,
	now = new Date()
): Promise<Written> {
	const plan = postedResource(body, 'CarePlan');
	const patientId = await patientOf(caller, plan);
	const identifier = systemIdentifierOf(plan);
	return await inOneTransaction(
		async (tx) => await startOrRevise(tx, { caller, patientId, plan, identifier, now })
	);
}

/** `PUT CarePlan/{id}`: the plan's next version. */
export async function updateCarePlanFromFhir(
	caller: FhirCaller,
	id: string,
	body: unknown,
	now = new Date()
): Promise<Written> {
	const planId = addressedId('CarePlan', id);
	const plan = postedForUpdate(body, 'CarePlan', id);
	const patientId = await patientOf(caller, plan);
	const identifier = systemIdentifierOf(plan);
	return await inOneTransaction(
		async (tx) => await revise(tx, planId, { caller, patientId, plan, identifier, now })
	);
}

/** `PUT CarePlan?identifier=system|value`: revises the plan with that identifier, or starts it. */
export async function updateCarePlanByIdentifier(
	caller: FhirCaller,
	params: URLSearchParams,
	body: unknown,
	now = new Date()
): Promise<Written> {
	const { identifier, posted: plan } = postedForConditionalUpdate(params, body, 'CarePlan');
	const patientId = await patientOf(caller, plan);
	return await inOneTransaction(
		async (tx) => await startOrRevise(tx, { caller, patientId, plan, identifier, now })
	);
}
