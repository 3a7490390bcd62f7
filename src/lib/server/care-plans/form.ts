// The staff care plan form, posted as flat fields (`goal-0-text`, `action-1-team`...) so that it
// works without JavaScript: each list has its rows plus blank ones, and blank rows are ignored.
import type { FieldError } from '$lib/forms';
import { addDays, isCalendarDate, londonDate } from '$lib/time';
import {
	actionStatuses,
	carePlanKinds,
	goalStatuses,
	sensitivityLabels,
	type CarePlanContent
} from '../db/schema';

/** Blank rows offered under each list, for adding without JavaScript. */
export const blankRows = 2;
const longest = { title: 120, summary: 600, text: 300, ifWorse: 600 };

/** The form as typed: every field a string, to show back when something needs fixing. */
export type PlanDraft = {
	title: string;
	kind: string;
	label: string;
	summary: string;
	reviewOn: string;
	ifWorse: string;
	goals: { text: string; status: string }[];
	actions: {
		key: string;
		what: string;
		team: string;
		when: string;
		status: string;
		appointment: string;
	}[];
	careTeam: { team: string; role: string; whenToCall: string }[];
};

export function draftOf(content: CarePlanContent): PlanDraft {
	return {
		title: content.title,
		kind: content.kind,
		label: content.label,
		summary: content.summary,
		reviewOn: content.reviewOn,
		ifWorse: content.ifWorse,
		goals: content.goals.map((goal) => ({ ...goal })),
		actions: content.actions.map((action) => ({
			key: action.key,
			what: action.what,
			team: String(action.teamId),
			when: action.when,
			status: action.status,
			appointment: action.appointmentId === null ? '' : String(action.appointmentId)
		})),
		careTeam: content.careTeam.map((member) => ({
			team: String(member.teamId),
			role: member.role,
			whenToCall: member.whenToCall
		}))
	};
}

export const emptyDraft: PlanDraft = {
	title: '',
	kind: '',
	label: 'general',
	summary: '',
	reviewOn: '',
	ifWorse: '',
	goals: [],
	actions: [],
	careTeam: []
};

/** Rows posted for a list, in order, until a row with none of its fields. */
function rows<K extends string>(form: FormData, prefix: string, fields: readonly K[]) {
	const found: Record<K, string>[] = [];
	for (let index = 0; index < 100; index++) {
		const names = fields.map((field) => `${prefix}-${index}-${field}`);
		if (names.every((name) => !form.has(name))) break;
		found.push(
			Object.fromEntries(
				fields.map((field, i) => [field, String(form.get(names[i]!) ?? '').trim()])
			) as Record<K, string>
		);
	}
	return found;
}

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();
const isOneOf = <T extends string>(options: readonly T[], value: string): value is T =>
	(options as readonly string[]).includes(value);

export function readPlanForm(
	form: FormData,
	teamIds: Set<number>,
	now = new Date()
): { draft: PlanDraft; errors: FieldError[]; content: CarePlanContent | null } {
	const draft: PlanDraft = {
		title: text(form, 'title'),
		kind: text(form, 'kind'),
		label: text(form, 'label'),
		summary: text(form, 'summary'),
		reviewOn: text(form, 'reviewOn'),
		ifWorse: text(form, 'ifWorse'),
		// Blank rows are the spare ones: they are not part of the plan.
		goals: rows(form, 'goal', ['text', 'status'] as const).filter((row) => row.text),
		actions: rows(form, 'action', [
			'key',
			'what',
			'team',
			'when',
			'status',
			'appointment'
		] as const).filter((row) => row.what),
		careTeam: rows(form, 'member', ['team', 'role', 'whenToCall'] as const).filter(
			(row) => row.team || row.role
		)
	};
	const errors: FieldError[] = [];
	const problem = (field: string, message: string) => errors.push({ field, message });
	if (!draft.title) problem('title', 'staff:carePlans.errors.title');
	else if (draft.title.length > longest.title) problem('title', 'staff:carePlans.errors.tooLong');
	if (!isOneOf(carePlanKinds, draft.kind)) problem('kind', 'staff:carePlans.errors.kind');
	if (!isOneOf(sensitivityLabels, draft.label)) problem('label', 'staff:carePlans.errors.label');
	if (!draft.summary) problem('summary', 'staff:carePlans.errors.summary');
	else if (draft.summary.length > longest.summary)
		problem('summary', 'staff:carePlans.errors.tooLong');
	if (draft.ifWorse.length > longest.ifWorse) problem('ifWorse', 'staff:carePlans.errors.tooLong');
	const today = londonDate(now);
	if (
		!isCalendarDate(draft.reviewOn) ||
		draft.reviewOn <= today ||
		draft.reviewOn > addDays(today, 2 * 365)
	) {
		problem('reviewOn', 'staff:carePlans.errors.reviewOn');
	}
	const tooLong = (value: string) => value.length > longest.text;
	draft.goals.forEach((goal, index) => {
		if (tooLong(goal.text)) problem(`goal-${index}-text`, 'staff:carePlans.errors.tooLong');
		if (!isOneOf(goalStatuses, goal.status))
			problem(`goal-${index}-status`, 'staff:carePlans.errors.status');
	});
	draft.actions.forEach((action, index) => {
		if (tooLong(action.what)) problem(`action-${index}-what`, 'staff:carePlans.errors.tooLong');
		if (tooLong(action.when)) problem(`action-${index}-when`, 'staff:carePlans.errors.tooLong');
		if (!teamIds.has(Number(action.team)))
			problem(`action-${index}-team`, 'staff:carePlans.errors.team');
		if (!isOneOf(actionStatuses, action.status))
			problem(`action-${index}-status`, 'staff:carePlans.errors.status');
		if (action.appointment && !/^\d+$/.test(action.appointment))
			problem(`action-${index}-appointment`, 'staff:carePlans.errors.appointment');
	});
	draft.careTeam.forEach((member, index) => {
		if (!teamIds.has(Number(member.team)))
			problem(`member-${index}-team`, 'staff:carePlans.errors.team');
		if (!member.role) problem(`member-${index}-role`, 'staff:carePlans.errors.role');
		else if (tooLong(member.role))
			problem(`member-${index}-role`, 'staff:carePlans.errors.tooLong');
		if (tooLong(member.whenToCall))
			problem(`member-${index}-whenToCall`, 'staff:carePlans.errors.tooLong');
	});
	if (draft.careTeam.length === 0) problem('member-0-team', 'staff:carePlans.errors.careTeam');
	if (errors.length > 0) return { draft, errors, content: null };
	return {
		draft,
		errors,
		content: {
			title: draft.title,
			kind: draft.kind as CarePlanContent['kind'],
			label: draft.label as CarePlanContent['label'],
			summary: draft.summary,
			reviewOn: draft.reviewOn,
			ifWorse: draft.ifWorse,
			goals: draft.goals.map((goal) => ({
				text: goal.text,
				status: goal.status as CarePlanContent['goals'][number]['status']
			})),
			actions: draft.actions.map((action) => ({
				// A new action gets its key when saved; an existing one keeps its own.
				key: action.key || crypto.randomUUID(),
				what: action.what,
				teamId: Number(action.team),
				when: action.when,
				status: action.status as CarePlanContent['actions'][number]['status'],
				appointmentId: action.appointment ? Number(action.appointment) : null
			})),
			careTeam: draft.careTeam.map((member) => ({
				teamId: Number(member.team),
				role: member.role,
				whenToCall: member.whenToCall
			}))
		}
	};
}
