// Care plans: one plan the patient can read, kept by every organisation caring for them. A plan's
// current words are on the plan; each save is also kept whole as a version, so staff can see
// what it said before. Handovers of an action between teams and questions from the patient are
// their own rows, because they happen to a plan rather than being edits of it.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, unique, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './accounts';
import { organisations, sensitivityLabels, type SensitivityLabel } from './organisations';
import { patients } from './patients';

/** A team within an organisation that owns actions and sits in care teams. */
export const careTeams = sqliteTable('care_teams', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	organisationId: integer('organisation_id')
		.notNull()
		.references(() => organisations.id),
	name: text('name').notNull(),
	phone: text('phone').notNull()
});

export const carePlanKinds = [
	'long_term_condition',
	'hospital_discharge',
	'mental_health_crisis',
	'end_of_life',
	'wellbeing',
	'other'
] as const;
export type CarePlanKind = (typeof carePlanKinds)[number];

export const goalStatuses = ['not_started', 'in_progress', 'achieved'] as const;
export type GoalStatus = (typeof goalStatuses)[number];

export const actionStatuses = ['not_started', 'planned', 'in_progress', 'done'] as const;
export type ActionStatus = (typeof actionStatuses)[number];

/** What staff write in a plan: the whole of it, as saved each time. */
export type CarePlanContent = {
	title: string;
	kind: CarePlanKind;
	label: SensitivityLabel;
	/** "In short": a few plain sentences, shown first. */
	summary: string;
	/** ISO date of the next review. */
	reviewOn: string;
	goals: { text: string; status: GoalStatus }[];
	/** `key` stays the same across versions, so a handover can name the action it moved. */
	actions: {
		key: string;
		what: string;
		teamId: number;
		when: string;
		status: ActionStatus;
		appointmentId: number | null;
	}[];
	careTeam: { teamId: number; role: string; whenToCall: string }[];
	/** Who to call if things get worse, besides NHS 111 and 999, which are always shown. */
	ifWorse: string;
};

export const carePlans = sqliteTable(
	'care_plans',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		patientId: integer('patient_id')
			.notNull()
			.references(() => patients.id),
		/** The organisation whose staff started the plan. */
		organisationId: integer('organisation_id')
			.notNull()
			.references(() => organisations.id),
		/** Kept beside the content so that who may read a plan is decided without parsing it. */
		label: text('label', { enum: sensitivityLabels }).notNull(),
		content: text('content', { mode: 'json' }).$type<CarePlanContent>().notNull(),
		version: integer('version').notNull(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
		updatedByUserId: integer('updated_by_user_id')
			.notNull()
			.references(() => users.id),
		/** "What matters to me", in the patient's own words and the language they wrote it in. */
		whatMatters: text('what_matters'),
		whatMattersLanguage: text('what_matters_language'),
		whatMattersUpdatedAt: integer('what_matters_updated_at', { mode: 'timestamp_ms' }),
		whatMattersUpdatedByUserId: integer('what_matters_updated_by_user_id').references(
			() => users.id
		),
		/**
		 * The identifier the plan has in the system that sent it through the FHIR interface (a
		 * hospital's discharge plan); null for plans written in Joined Up. Sending it again makes
		 * a new version of this plan, not a second plan.
		 */
		identifierSystem: text('identifier_system'),
		identifierValue: text('identifier_value')
	},
	(table) => [
		index('care_plans_patient').on(table.patientId),
		uniqueIndex('care_plans_identifier')
			.on(table.identifierSystem, table.identifierValue)
			.where(sql`${table.identifierValue} is not null`)
	]
);

/** Every saved version of a plan's content, the current one included. */
export const carePlanVersions = sqliteTable(
	'care_plan_versions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		planId: integer('plan_id')
			.notNull()
			.references(() => carePlans.id),
		version: integer('version').notNull(),
		content: text('content', { mode: 'json' }).$type<CarePlanContent>().notNull(),
		savedAt: integer('saved_at', { mode: 'timestamp_ms' }).notNull(),
		savedByUserId: integer('saved_by_user_id')
			.notNull()
			.references(() => users.id)
	},
	(table) => [unique('care_plan_versions_plan_version').on(table.planId, table.version)]
);

/** An action handed from one team to another, for example from hospital to community nursing. */
export const carePlanHandovers = sqliteTable(
	'care_plan_handovers',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		planId: integer('plan_id')
			.notNull()
			.references(() => carePlans.id),
		actionKey: text('action_key').notNull(),
		fromTeamId: integer('from_team_id')
			.notNull()
			.references(() => careTeams.id),
		toTeamId: integer('to_team_id')
			.notNull()
			.references(() => careTeams.id),
		at: integer('at', { mode: 'timestamp_ms' }).notNull(),
		byUserId: integer('by_user_id')
			.notNull()
			.references(() => users.id)
	},
	(table) => [index('care_plan_handovers_plan').on(table.planId)]
);

/** A question from the patient (or someone acting for them) to the care team, and its answer. */
export const carePlanQuestions = sqliteTable(
	'care_plan_questions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		planId: integer('plan_id')
			.notNull()
			.references(() => carePlans.id),
		askedByUserId: integer('asked_by_user_id')
			.notNull()
			.references(() => users.id),
		question: text('question').notNull(),
		questionLanguage: text('question_language').notNull(),
		askedAt: integer('asked_at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(unixepoch('subsec') * 1000)`),
		answer: text('answer'),
		answeredAt: integer('answered_at', { mode: 'timestamp_ms' }),
		answeredByUserId: integer('answered_by_user_id').references(() => users.id)
	},
	(table) => [index('care_plan_questions_plan').on(table.planId)]
);
