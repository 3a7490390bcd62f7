import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	checkHazardLog,
	checkSafetyCase,
	hazardLogFile,
	parseHazardLog,
	root,
	safetyCaseFile,
	testTitles
} from './clinical-safety.js';

describe('the hazard log', () => {
	it('names only tests that exist, each saying which hazard it serves', () => {
		const log = fs.readFileSync(path.join(root, hazardLogFile), 'utf8');
		expect(checkHazardLog(log)).toEqual([]);
		const { hazards } = parseHazardLog(log);
		expect(hazards.length).toBeGreaterThan(10);
		expect(
			hazards.filter((hazard) => /^controlled/i.test(hazard.fields.Status)).length
		).toBeGreaterThan(5);
	});

	it('is summarised as it is in the safety case report', () => {
		const log = fs.readFileSync(path.join(root, hazardLogFile), 'utf8');
		const report = fs.readFileSync(path.join(root, safetyCaseFile), 'utf8');
		expect(checkSafetyCase(report, log)).toEqual([]);
	});
});

/** A small log of one hazard, its fields and its controls as given. */
function fakeLog({
	status = 'Controlled',
	residual = ['1 (very low)', '4 (major)', '2 (tolerable)'],
	controls
}) {
	return `# Hazard log

## H-001: An appointment for the wrong person

| Field | Entry |
| --- | --- |
| Description | Someone books for another person. |
| Causes | A typed id. |
| Effects | The wrong diary. |
| Possible harm | Missed care. |
| Existing controls | None. |
| Initial likelihood | 3 (medium) |
| Initial severity | 4 (major) |
| Initial risk | 3 (undesirable) |
| Residual likelihood | ${residual[0]} |
| Residual severity | ${residual[1]} |
| Residual risk | ${residual[2]} |
| Owner | Manufacturer |
| Status | ${status} |

| Control | Kind | Evidence |
| --- | --- | --- |
${controls.map(([control, kind, evidence]) => `| ${control} | ${kind} | ${evidence} |`).join('\n')}

## Reviews

| Field | Entry |
| --- | --- |
| Description | Not a hazard: a later section ends the last one. |
`;
}

const spec = `import { it } from 'vitest';

// Hazard H-001: another person's id answers "not found".
it("denies another person's care", () => {});

// Hazard H-002: not this one.
it('books once', () => {});

it('has no comment', () => {});

for (const code of ['en']) {
	// Hazard H-001: every language.
	it(\`\${code} keeps its variables\`, () => {});
}

// Hazard H-001: skipped, so it proves nothing.
it.skip('is skipped', () => {});
test.fixme('is to be fixed', () => {});
// it('is commented out', () => {});
`;
const files = { 'src/policy.spec.ts': spec };
const read = (file) => files[file] ?? null;
const cite = (title, file = 'src/policy.spec.ts') => `\`${file}\` › "${title}"`;

describe('checking a hazard log', () => {
	it('passes a log whose tests exist and name their hazard', () => {
		const log = fakeLog({
			controls: [
				['The access policy', 'Design', cite("denies another person's care")],
				['Each language', 'Test', cite('${code} keeps its variables')],
				['Staff are trained', 'Training', 'procedure outside the software: induction']
			]
		});
		expect(checkHazardLog(log, read)).toEqual([]);
	});

	it('fails when a named test or its file is not there', () => {
		const log = fakeLog({
			controls: [
				[
					'The access policy',
					'Design',
					`${cite('denies everyone')}<br>${cite('x', 'tests/gone.e2e.ts')}`
				]
			]
		});
		expect(checkHazardLog(log, read)).toEqual([
			'H-001: src/policy.spec.ts has no test titled "denies everyone"',
			'H-001: tests/gone.e2e.ts does not exist'
		]);
	});

	it('fails when a cited test does not say which hazard it serves', () => {
		const log = fakeLog({
			controls: [['Booking once', 'Design', `${cite('books once')}<br>${cite('has no comment')}`]]
		});
		const problems = checkHazardLog(log, read);
		expect(problems).toHaveLength(2);
		expect(problems[0]).toMatch(/"books once" in src\/policy.spec.ts does not say it serves H-001/);
		expect(problems[1]).toMatch(/"has no comment" .* does not say it serves H-001/);
	});

	it('fails a hazard marked controlled with no test, or with a control not yet built', () => {
		const procedureOnly = fakeLog({
			controls: [['Staff are trained', 'Training', 'procedure outside the software']]
		});
		expect(checkHazardLog(procedureOnly, read)).toEqual([
			'H-001 is marked controlled but no test shows it'
		]);
		const unbuilt = fakeLog({
			controls: [
				['The access policy', 'Design', cite("denies another person's care")],
				['A check of replies', 'Design', 'not yet built (issue 22)']
			]
		});
		expect(checkHazardLog(unbuilt, read)).toEqual([
			'H-001 is marked controlled but a control is not yet built'
		]);
		// The same hazard, honestly open, passes.
		expect(
			checkHazardLog(unbuilt.replace('| Status | Controlled |', '| Status | Open |'), read)
		).toEqual([]);
	});

	it('fails evidence it cannot read, and a risk the matrix does not give', () => {
		const log = fakeLog({
			residual: ['1 (very low)', '4 (major)', '1 (acceptable)'],
			controls: [['The access policy', 'Design', 'see the tests']]
		});
		expect(checkHazardLog(log, read)).toEqual([
			"H-001's residual risk is 1, but likelihood 1 and severity 4 make 2",
			'H-001: evidence "see the tests" is neither a test (`file` › "title"), "procedure outside the software" nor "not yet built"',
			'H-001 is marked controlled but no test shows it'
		]);
	});

	it('fails a hazard with a field missing', () => {
		const log = fakeLog({
			controls: [['The access policy', 'Design', cite("denies another person's care")]]
		}).replace('| Owner | Manufacturer |\n', '');
		expect(checkHazardLog(log, read)).toEqual(['H-001 has no "Owner"']);
	});
});

describe('finding tests by title', () => {
	it('reads quoted and template titles, over lines, by the line they start on', () => {
		const titles = testTitles(spec);
		expect(titles.get("denies another person's care")).toEqual([3]);
		expect(titles.get('books once')).toEqual([6]);
		expect(titles.get('${code} keeps its variables')).toEqual([12]);
		expect(titles.has('denies another person')).toBe(false);
	});

	it('does not count a skipped test, one to be fixed, or one commented out', () => {
		const titles = testTitles(spec);
		expect(titles.has('is skipped')).toBe(false);
		expect(titles.has('is to be fixed')).toBe(false);
		expect(titles.has('is commented out')).toBe(false);
	});
});

describe('checking the safety case against the log', () => {
	const log = fakeLog({
		controls: [['The access policy', 'Design', cite("denies another person's care")]]
	});
	const summary = (residual, status = 'Controlled', id = 'H-001') =>
		`| Hazard | Title | Initial risk | Residual risk | Status |\n| --- | --- | --- | --- | --- |\n| ${id} | Wrong person | 3 (undesirable) | ${residual} | ${status} |\n`;

	it('passes a summary that agrees', () => {
		expect(checkSafetyCase(summary('2 (tolerable)'), log)).toEqual([]);
	});

	it('fails a summary that says less risk, another status, or another hazard', () => {
		expect(checkSafetyCase(summary('1 (acceptable)', 'Open'), log)).toEqual([
			'the safety case gives H-001\'s residual risk as "1 (acceptable)", the log "2 (tolerable)"',
			'the safety case gives H-001\'s status as "Open", the log "Controlled"'
		]);
		expect(checkSafetyCase(summary('2 (tolerable)', 'Controlled', 'H-002'), log)).toEqual([
			"the safety case's summary has no row for H-001",
			"the safety case's summary names H-002, which is not in the log"
		]);
	});
});
