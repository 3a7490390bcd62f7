// PostgreSQL twin of ../../schema/care-plans.ts, table for table (../schema.spec.ts).
// Care plans: one plan the patient can read, kept by every organisation caring for them. A plan's
// current words are on the plan; each save is also kept whole as a version, so staff can see
// what it said before. Handovers of an action between teams and questions from the patient are
// their own rows, because they happen to a plan rather than being edits of it.
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './accounts';
import { organisations, sensitivityLabels } from './organisations';
import { patients } from './patients';
import { timestampMs, jsonText, epochMsNow } from '../types';
import {
	carePlanKinds,
	type CarePlanKind,
	goalStatuses,
	type GoalStatus,
	actionStatuses,
	type ActionStatus,
	type CarePlanContent
} from '../../schema/care-plans';

// The names other code imports are the SQLite schema's own, so both say the same.
export {
	carePlanKinds,
	type CarePlanKind,
	goalStatuses,
	type GoalStatus,
	actionStatuses,
	type ActionStatus,
	type CarePlanContent
};

/** A team within an organisation that owns actions and sits in care teams. */
export const careTeams = pgTable('care_teams', {
	id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
	organisationId: integer('organisation_id')
		.notNull()
		.references(() => organisations.id),
	name: text('name').notNull(),
	phone: text('phone').notNull()
});

export const carePlans = pgTable(
	'care_plans',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		patientId: integer('patient_id')
			.notNull()
			.references(() => patients.id),
		/** The organisation whose staff started the plan. */
		organisationId: integer('organisation_id')
			.notNull()
			.references(() => organisations.id),
		/** Kept beside the content so that who may read a plan is decided without parsing it. */
		label: text('label', { enum: sensitivityLabels }).notNull(),
		content: jsonText('content').$type<CarePlanContent>().notNull(),
		version: integer('version').notNull(),
		updatedAt: timestampMs('updated_at').notNull(),
		updatedByUserId: integer('updated_by_user_id')
			.notNull()
			.references(() => users.id),
		/** "What matters to me", in the patient's own words and the language they wrote it in. */
		whatMatters: text('what_matters'),
		whatMattersLanguage: text('what_matters_language'),
		whatMattersUpdatedAt: timestampMs('what_matters_updated_at'),
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
export const carePlanVersions = pgTable(
	'care_plan_versions',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		planId: integer('plan_id')
			.notNull()
			.references(() => carePlans.id),
		version: integer('version').notNull(),
		content: jsonText('content').$type<CarePlanContent>().notNull(),
		savedAt: timestampMs('saved_at').notNull(),
		savedByUserId: integer('saved_by_user_id')
			.notNull()
			.references(() => users.id)
	},
	(table) => [unique('care_plan_versions_plan_version').on(table.planId, table.version)]
);

/** An action handed from one team to another, for example from hospital to community nursing. */
export const carePlanHandovers = pgTable(
	'care_plan_handovers',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
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
		at: timestampMs('at').notNull(),
		byUserId: integer('by_user_id')
			.notNull()
			.references(() => users.id)
	},
	(table) => [index('care_plan_handovers_plan').on(table.planId)]
);

/** A question from the patient (or someone acting for them) to the care team, and its answer. */
export const carePlanQuestions = pgTable(
	'care_plan_questions',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		planId: integer('plan_id')
			.notNull()
			.references(() => carePlans.id),
		askedByUserId: integer('asked_by_user_id')
			.notNull()
			.references(() => users.id),
		question: text('question').notNull(),
		questionLanguage: text('question_language').notNull(),
		askedAt: timestampMs('asked_at').notNull().default(epochMsNow),
		answer: text('answer'),
		answeredAt: timestampMs('answered_at'),
		answeredByUserId: integer('answered_by_user_id').references(() => users.id)
	},
	(table) => [index('care_plan_questions_plan').on(table.planId)]
);
