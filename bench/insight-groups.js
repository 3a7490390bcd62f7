// Times the "who is left out" figures (src/lib/server/insight/groups.ts) on a generated
// population: the count that rebuilds the summary (in total, and its longest step, which is how
// long a request could wait behind it), and the page's reading of it, every organisation and one
// organisation's, with SQLite's plan for every statement. Loads the demo's made-up deprivation
// lookup first, which covers the population's postcodes. Writes to the database given.
//
//   node --import tsx bench/insight-groups.js <database from bench/population.js> [runs, default 200]
import fs from 'node:fs';
import path from 'node:path';
import { loadDeprivationTexts } from '../scripts/deprivation.js';
import { openDatabase } from '../src/lib/server/db/client.ts';
import {
	countingStatements,
	countingSteps,
	readingStatements,
	whoIsLeftOut
} from '../src/lib/server/insight/groups.ts';

const [file, runsArgument] = process.argv.slice(2);
if (!file || !fs.existsSync(file)) {
	console.error('usage: node --import tsx bench/insight-groups.js <database> [runs]');
	process.exit(2);
}
const runs = Number(runsArgument ?? 200);
const db = openDatabase(file, 'drizzle');
const sqlite = db.$client;
const lookup = 'src/lib/server/demo/deprivation';
const loaded = sqlite.transaction(() =>
	loadDeprivationTexts(sqlite, {
		indices: fs.readFileSync(path.join(lookup, 'made-up-iod.csv'), 'utf8'),
		postcodes: fs.readFileSync(path.join(lookup, 'made-up-postcodes.csv'), 'utf8')
	})
)();
const count = (sql) => sqlite.prepare(sql).pluck().get();
console.log(
	`${file}: ${count('SELECT count(*) FROM patients')} residents, ${count('SELECT count(*) FROM appointments')} appointments, ${count('SELECT count(*) FROM contact_requests')} requests; made-up lookup of ${loaded.postcodes} postcodes`
);

const percentile = (times, p) =>
	times.toSorted((a, b) => a - b)[Math.ceil((p / 100) * times.length) - 1];
const ms = (value) => `${value.toFixed(1)} ms`;

// The count, a step at a time as the server runs it.
const steps = countingSteps(db, new Date());
const stepTimes = [];
const longest = {};
const began = performance.now();
for (;;) {
	const start = performance.now();
	const step = steps.next();
	const took = performance.now() - start;
	stepTimes.push(took);
	const kind = step.done ? 'last' : step.value;
	longest[kind] = Math.max(longest[kind] ?? 0, took);
	if (step.done) break;
}
const total = performance.now() - began;
console.log(
	`count: ${(total / 1000).toFixed(1)} s in ${stepTimes.length} steps; step p50 ${ms(percentile(stepTimes, 50))}, p95 ${ms(percentile(stepTimes, 95))}, longest ${ms(Math.max(...stepTimes))}`
);
console.log(
	`longest step of each kind: ${Object.entries(longest)
		.map(([kind, took]) => `${kind} ${ms(took)}`)
		.join(', ')}`
);
console.log(
	`summary rows: ${count('SELECT count(*) FROM insight_group_events')} events, ${count('SELECT count(*) FROM insight_group_population')} population`
);

// The page's reading, every organisation and the busiest one's.
const busiest = count(
	`SELECT organisation_id FROM insight_group_events GROUP BY organisation_id ORDER BY sum(bookings) DESC LIMIT 1`
);
for (const [name, scope] of [
	['every organisation', 'all'],
	[`organisation ${busiest}`, [busiest]]
]) {
	const times = [];
	for (let n = 0; n < runs; n++) {
		const start = performance.now();
		await whoIsLeftOut(scope, db);
		times.push(performance.now() - start);
	}
	console.log(
		`read (${name}): p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))} over ${runs}`
	);
}

console.log('\nplans:');
for (const [name, sql] of Object.entries({ ...readingStatements, ...countingStatements })) {
	// Every parameter null: the plan does not depend on their values.
	const named = Object.fromEntries([...sql.matchAll(/@(\w+)/g)].map(([, key]) => [key, null]));
	const positional = new Array(sql.split('?').length - 1).fill(null);
	const plan = sqlite
		.prepare(`EXPLAIN QUERY PLAN ${sql}`)
		.all(...(Object.keys(named).length ? [named] : positional))
		.map((row) => `  ${row.detail}`);
	console.log(`${name}:\n${plan.join('\n')}`);
}
sqlite.close();
