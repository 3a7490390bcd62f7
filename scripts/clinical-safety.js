// Reads the hazard log (docs/clinical-safety/hazard-log.md) and checks it against the code: every
// test named as evidence exists by file and exact title, says beside it which hazard it serves,
// and every hazard marked controlled has a test. `node scripts/clinical-safety.js` prints what is
// wrong; scripts/clinical-safety.spec.js runs the same check in `npm test`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const hazardLogFile = 'docs/clinical-safety/hazard-log.md';
export const safetyCaseFile = 'docs/clinical-safety/clinical-safety-case-report.md';

export const likelihoods = ['very low', 'low', 'medium', 'high', 'very high'];
export const severities = ['minor', 'significant', 'considerable', 'major', 'catastrophic'];

/** The risk matrix of the Clinical Risk Management Plan: `matrix[likelihood - 1][severity - 1]`. */
export const matrix = [
	[1, 1, 2, 2, 3],
	[1, 2, 2, 3, 4],
	[2, 2, 3, 3, 4],
	[2, 3, 3, 4, 5],
	[3, 4, 4, 5, 5]
];
export const bands = ['acceptable', 'tolerable', 'undesirable', 'unacceptable', 'unacceptable'];

export const statuses = ['controlled', 'open'];
export const controlKinds = ['design', 'test', 'training', 'procedure'];
export const procedure = 'procedure outside the software';
export const notBuilt = 'not yet built';

const fields = [
	'Description',
	'Causes',
	'Effects',
	'Possible harm',
	'Existing controls',
	'Initial likelihood',
	'Initial severity',
	'Initial risk',
	'Residual likelihood',
	'Residual severity',
	'Residual risk',
	'Owner',
	'Status'
];

/** The cells of one Markdown table row, or null for a line that is not one. */
function cells(line) {
	const trimmed = line.trim();
	if (!trimmed.startsWith('|') || !trimmed.endsWith('|')) return null;
	return trimmed
		.slice(1, -1)
		.split('|')
		.map((cell) => cell.trim());
}

const isRule = (row) => row.every((cell) => /^:?-{3,}:?$/.test(cell));

/**
 * One piece of evidence as the log writes it: `` `file` › "exact test title" ``, the words
 * "procedure outside the software" (with what the procedure is after a colon), or "not yet
 * built" (with where it will be).
 */
export function parseEvidence(text) {
	const cited = /^`([^`]+)`\s*›\s*"(.*)"$/.exec(text);
	if (cited) return { kind: 'test', file: cited[1], title: cited[2] };
	if (text.toLowerCase().startsWith(procedure)) return { kind: 'procedure', text };
	if (text.toLowerCase().startsWith(notBuilt)) return { kind: 'not built', text };
	return { kind: 'unknown', text };
}

/**
 * The hazards of a log: each a `## H-001: Title` heading, a table of the standard's fields, and a
 * table of added controls (control, kind, evidence; several pieces of evidence apart by `<br>`).
 */
export function parseHazardLog(markdown) {
	const hazards = [];
	const problems = [];
	let hazard = null;
	for (const line of markdown.split('\n')) {
		const heading = /^## (H-\d{3}): (.+)$/.exec(line);
		if (heading) {
			hazard = { id: heading[1], title: heading[2].trim(), fields: {}, controls: [] };
			hazards.push(hazard);
			continue;
		}
		if (/^## /.test(line)) {
			hazard = null;
			continue;
		}
		const row = hazard && cells(line);
		if (!row || isRule(row)) continue;
		if (row.length === 2 && fields.includes(row[0])) hazard.fields[row[0]] = row[1];
		else if (row.length === 3 && controlKinds.includes(row[1].toLowerCase())) {
			hazard.controls.push({
				control: row[0],
				kind: row[1].toLowerCase(),
				evidence: row[2]
					.split(/<br\s*\/?>/)
					.map((piece) => piece.trim())
					.filter(Boolean)
					.map(parseEvidence)
			});
		}
	}
	const seen = new Set();
	for (const { id, fields: found } of hazards) {
		if (seen.has(id)) problems.push(`${id} is in the log twice`);
		seen.add(id);
		for (const field of fields) {
			if (!found[field]) problems.push(`${id} has no "${field}"`);
		}
	}
	return { hazards, problems };
}

/** The number a scored field starts with ("2 (low)" is 2), or NaN. */
const score = (text) => Number(/^([1-5])\b/.exec(text ?? '')?.[1] ?? NaN);

function checkRisk(hazard, stage) {
	const problems = [];
	const likelihood = score(hazard.fields[`${stage} likelihood`]);
	const severity = score(hazard.fields[`${stage} severity`]);
	const risk = score(hazard.fields[`${stage} risk`]);
	const where = `${hazard.id}'s ${stage.toLowerCase()} risk`;
	if ([likelihood, severity, risk].some(Number.isNaN)) {
		return [`${where} needs a likelihood, a severity and a risk, each from 1 to 5`];
	}
	const expected = matrix[likelihood - 1][severity - 1];
	if (risk !== expected) {
		problems.push(
			`${where} is ${risk}, but likelihood ${likelihood} and severity ${severity} make ${expected}`
		);
	}
	const words = [
		[hazard.fields[`${stage} likelihood`], likelihoods[likelihood - 1]],
		[hazard.fields[`${stage} severity`], severities[severity - 1]],
		[hazard.fields[`${stage} risk`], bands[risk - 1]]
	];
	for (const [text, word] of words) {
		if (!text.toLowerCase().includes(`(${word})`))
			problems.push(`${where}: "${text}" should say (${word})`);
	}
	return problems;
}

// A test that runs: `.skip` and `.fixme` are left out, since a skipped test proves nothing.
const testCall =
	/\b(?:test|it|describe)(?:\.(?:describe|only|serial|concurrent|each))*\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g;

/**
 * The line (0-based) of each test, `it` or `describe` call in a source file, by its title as
 * written. A call in a line comment (a test commented out) does not count.
 */
export function testTitles(source) {
	const titles = new Map();
	for (const match of source.matchAll(testCall)) {
		const lineStart = source.lastIndexOf('\n', match.index) + 1;
		if (source.slice(lineStart, match.index).includes('//')) continue;
		const [, quote, raw] = match;
		// Quoted titles are compared as they read; a template's `${...}` is kept as written.
		const title = quote === '`' ? raw : raw.replace(/\\(.)/g, '$1');
		const line = source.slice(0, match.index).split('\n').length - 1;
		if (!titles.has(title)) titles.set(title, []);
		titles.get(title).push(line);
	}
	return titles;
}

/** The comment lines directly above a line: where a test says which hazard it serves. */
function commentAbove(lines, line) {
	const comment = [];
	for (let at = line - 1; at >= 0 && lines[at].trim().startsWith('//'); at--) {
		comment.push(lines[at]);
	}
	return comment.join('\n');
}

const namesHazard = (comment, id) =>
	comment
		.split('\n')
		.some((line) => /\bHazards?\b/.test(line) && new RegExp(`\\b${id}\\b`).test(line));

/**
 * Everything wrong with a hazard log, as sentences; none when it holds. `read` gives a cited
 * file's text, or null when there is no such file.
 */
export function checkHazardLog(markdown, read = readFromRoot) {
	const { hazards, problems } = parseHazardLog(markdown);
	if (hazards.length === 0) problems.push('the log has no hazards');
	for (const hazard of hazards) {
		const status = hazard.fields.Status?.toLowerCase().split(/[\s:]/)[0];
		if (hazard.fields.Status && !statuses.includes(status)) {
			problems.push(
				`${hazard.id}'s status "${hazard.fields.Status}" is not one of ${statuses.join(', ')}`
			);
		}
		if (hazard.fields['Initial risk']) problems.push(...checkRisk(hazard, 'Initial'));
		if (hazard.fields['Residual risk']) problems.push(...checkRisk(hazard, 'Residual'));
		if (hazard.controls.length === 0) problems.push(`${hazard.id} has no added controls`);

		const evidence = hazard.controls.flatMap(({ control, evidence }) =>
			evidence.length === 0
				? [{ kind: 'none', control }]
				: evidence.map((piece) => ({ ...piece, control }))
		);
		for (const piece of evidence) {
			if (piece.kind === 'none')
				problems.push(`${hazard.id}: "${piece.control}" names no evidence`);
			if (piece.kind === 'unknown') {
				problems.push(
					`${hazard.id}: evidence "${piece.text}" is neither a test (\`file\` › "title"), "${procedure}" nor "${notBuilt}"`
				);
			}
		}
		if (status === 'controlled') {
			if (!evidence.some((piece) => piece.kind === 'test')) {
				problems.push(`${hazard.id} is marked controlled but no test shows it`);
			}
			if (evidence.some((piece) => piece.kind === 'not built')) {
				problems.push(`${hazard.id} is marked controlled but a control is not yet built`);
			}
			if (score(hazard.fields['Residual risk']) >= 4) {
				problems.push(`${hazard.id} is marked controlled with an unacceptable residual risk`);
			}
		}

		for (const piece of evidence.filter((piece) => piece.kind === 'test')) {
			const source = read(piece.file);
			if (source === null) {
				problems.push(`${hazard.id}: ${piece.file} does not exist`);
				continue;
			}
			const lines = testTitles(source).get(piece.title);
			if (!lines) {
				problems.push(`${hazard.id}: ${piece.file} has no test titled "${piece.title}"`);
				continue;
			}
			const sourceLines = source.split('\n');
			if (!lines.some((line) => namesHazard(commentAbove(sourceLines, line), hazard.id))) {
				problems.push(
					`${hazard.id}: "${piece.title}" in ${piece.file} does not say it serves ${hazard.id} (a "// Hazard ${hazard.id}: …" line above it)`
				);
			}
		}
	}
	return problems;
}

/**
 * Where the Safety Case Report's summary (a table row per hazard: id, title, initial risk,
 * residual risk, status) disagrees with the log, as sentences; none when it agrees.
 */
export function checkSafetyCase(report, markdown) {
	const { hazards } = parseHazardLog(markdown);
	const rows = new Map(
		report
			.split('\n')
			.map(cells)
			.filter((row) => row && /^H-\d{3}$/.test(row[0]))
			.map((row) => [row[0], row])
	);
	const problems = [];
	for (const hazard of hazards) {
		const row = rows.get(hazard.id);
		if (!row) {
			problems.push(`the safety case's summary has no row for ${hazard.id}`);
			continue;
		}
		rows.delete(hazard.id);
		const [, , initial, residual, status] = row;
		const expected = {
			'initial risk': [initial, hazard.fields['Initial risk']],
			'residual risk': [residual, hazard.fields['Residual risk']],
			status: [status, hazard.fields.Status]
		};
		for (const [what, [said, logged]] of Object.entries(expected)) {
			if (said !== logged) {
				problems.push(
					`the safety case gives ${hazard.id}'s ${what} as "${said}", the log "${logged}"`
				);
			}
		}
	}
	for (const id of rows.keys())
		problems.push(`the safety case's summary names ${id}, which is not in the log`);
	return problems;
}

/** A file of this repository, or null. Only files inside it are read. */
export function readFromRoot(file) {
	const full = path.resolve(root, file);
	if (!full.startsWith(root + path.sep) || !fs.existsSync(full) || !fs.statSync(full).isFile()) {
		return null;
	}
	return fs.readFileSync(full, 'utf8');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const log = fs.readFileSync(path.join(root, hazardLogFile), 'utf8');
	const problems = [
		...checkHazardLog(log),
		...checkSafetyCase(fs.readFileSync(path.join(root, safetyCaseFile), 'utf8'), log)
	];
	for (const problem of problems) console.error(problem);
	console.log(
		problems.length === 0
			? `${hazardLogFile}: every piece of evidence found, and the safety case agrees`
			: `${hazardLogFile}: ${problems.length} problem(s)`
	);
	process.exitCode = problems.length === 0 ? 0 : 1;
}
