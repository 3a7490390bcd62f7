import { describe, expect, it } from 'vitest';
import { readPlanForm } from './form';

const now = new Date('2026-11-23T12:00:00Z');

function posted(fields: Record<string, string>): FormData {
	const form = new FormData();
	for (const [name, value] of Object.entries(fields)) form.set(name, value);
	return form;
}

const valid = {
	title: 'Diabetes',
	kind: 'long_term_condition',
	label: 'general',
	summary: 'In short.',
	reviewOn: '2027-03-01',
	ifWorse: '',
	'goal-0-text': 'Walk daily',
	'goal-0-status': 'in_progress',
	'goal-1-text': '',
	'goal-1-status': 'not_started',
	'action-0-key': '',
	'action-0-what': '',
	'action-0-team': '',
	'action-0-when': '',
	'action-0-status': 'planned',
	'action-0-appointment': '',
	'member-0-team': '1',
	'member-0-role': 'GP',
	'member-0-whenToCall': 'Weekdays',
	'member-1-team': '',
	'member-1-role': '',
	'member-1-whenToCall': ''
};

describe('the staff care plan form', () => {
	it('reads the plan, leaving out blank rows', () => {
		const { content, errors } = readPlanForm(posted(valid), new Set([1]), now);
		expect(errors).toEqual([]);
		expect(content?.goals).toEqual([{ text: 'Walk daily', status: 'in_progress' }]);
		expect(content?.actions).toEqual([]);
		expect(content?.careTeam).toEqual([{ teamId: 1, role: 'GP', whenToCall: 'Weekdays' }]);
	});

	// Hazard H-011: an out-of-date care plan.
	it('refuses dates that are not in the calendar, in the past, or too far off', () => {
		for (const reviewOn of ['2027-13-01', '2027-02-30', '2026-11-23', '2029-01-01', 'soon']) {
			const { content, errors } = readPlanForm(posted({ ...valid, reviewOn }), new Set([1]), now);
			expect(content).toBeNull();
			expect(errors).toEqual([{ field: 'reviewOn', message: 'staff:carePlans.errors.reviewOn' }]);
		}
	});

	it('names each problem once, on its own field', () => {
		const { errors } = readPlanForm(
			posted({
				...valid,
				'member-0-team': '99',
				'member-0-role': '',
				'member-0-whenToCall': 'x'.repeat(301),
				'action-0-what': 'Check',
				'action-0-team': '1',
				'action-0-when': 'x'.repeat(301),
				'action-0-status': 'someday'
			}),
			new Set([1]),
			now
		);
		expect(errors.map((error) => error.field)).toEqual([
			'action-0-when',
			'action-0-status',
			'member-0-team',
			'member-0-role',
			'member-0-whenToCall'
		]);
	});
});
