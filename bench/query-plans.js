// Every SQL statement the hot pages run, with SQLite's plan for it. Starts the production build on
// a copy of a database with statement tracing on (DATABASE_TRACE_FILE, a diagnostic), signs in as
// a resident, a carer acting for someone and a member of staff, visits each page issue 24 lists,
// then prints each distinct statement with its EXPLAIN QUERY PLAN and flags every SCAN of a table
// that is not tiny. Run `npm run build` first.
//
//   node bench/query-plans.js [database, default: a fresh demo]
//
// With a generated database (bench/population.js), its manifest (<database>.json) names the
// accounts and what they open; the database itself is copied first and never written.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { benchDatabase, root, startBenchServer } from './server.js';

const source = process.argv[2];
/** A table with more rows than this is one whose scan grows with the population or a diary. */
const tinyRows = 2000;
const databaseName = 'query-plans.db';
const traceFile = path.join(root, 'data', 'query-plans.trace');
rmSync(traceFile, { force: true });

let manifest = null;
if (source) {
	manifest = JSON.parse(readFileSync(`${source}.json`, 'utf8'));
	await benchDatabase(databaseName).copyFrom(source);
}
const password = manifest?.password ?? 'joined-up-demo';
const server = startBenchServer({
	port: 4251,
	databaseName,
	reuseDatabase: Boolean(source),
	env: { DATABASE_TRACE_FILE: traceFile, MESSAGES_POLL_MS: '1000' }
});
const { origin } = server;

async function visit(pathname, cookie) {
	const response = await fetch(origin + pathname, { headers: { cookie }, redirect: 'manual' });
	const body = await response.text();
	if (response.status !== 200) throw new Error(`${pathname}: ${response.status}`);
	return body;
}

/** The first link in a page to a numbered address under `prefix` (the demo has no manifest). */
function firstId(html, prefix) {
	const found = html.match(new RegExp(`href="${prefix}/(\\d+)"`));
	if (!found) throw new Error(`no link to ${prefix}/<id>`);
	return Number(found[1]);
}

async function post(pathname, cookie, fields) {
	const response = await server.post(pathname, cookie, fields);
	if (response.status !== 303) throw new Error(`${pathname}: ${response.status}`);
}

try {
	// A generated database is migrated to this branch first: indexes over millions of rows.
	await server.ready(600);
	const resident = await server.signIn(manifest?.resident.email ?? 'patient@example.org', password);
	const carer = await server.signIn(manifest?.carer.email ?? 'carer@example.org', password);
	const staff = await server.signIn(manifest?.staff.email ?? 'staff@example.org', password);
	const visited = [];
	const see = async (pathname, cookie, who) => {
		visited.push(`${who} ${pathname}`);
		return visit(pathname, cookie);
	};

	await see('/help', '', 'signed out');
	for (const pathname of ['/', '/appointments', '/people', '/activity', '/settings'])
		await see(pathname, resident, 'resident');
	const carePlan =
		manifest?.resident.carePlanId ??
		firstId(await see('/care-plans', resident, 'resident'), '/care-plans');
	await see(`/care-plans/${carePlan}`, resident, 'resident');
	const request =
		manifest?.resident.contactId ??
		firstId(await see('/requests', resident, 'resident'), '/contact');
	await see(`/contact/${request}`, resident, 'resident');
	const appointment =
		manifest?.resident.appointmentId ??
		firstId(await see('/appointments', resident, 'resident'), '/appointments');
	await see(`/appointments/${appointment}`, resident, 'resident');
	await see('/appointments/book', resident, 'resident');

	// The carer acting for the person they care for: every request then checks the relationship
	// (the activity log is the person's own, never a proxy's).
	const actsFor =
		manifest?.carer.actsForPersonId ??
		Number((await see('/act-for', carer, 'carer')).match(/value="(\d+)"/)?.[1]);
	await post('/act-for', carer, { person: String(actsFor) });
	for (const pathname of ['/', '/appointments', '/people'])
		await see(pathname, carer, 'carer acting for someone');

	for (const pathname of ['/staff/diary', '/staff/requests', '/staff/requests?status=all'])
		await see(pathname, staff, 'staff');

	// Let the message worker and reminders run a tick or two, so their statements are traced too.
	await new Promise((resolve) => setTimeout(resolve, 2500));
	// Stopped, so the database is read as the server left it (its copy is removed at the end).
	await server.signal('SIGTERM');

	const statements = [
		...new Set(
			readFileSync(traceFile, 'utf8')
				.trim()
				.split('\n')
				.map((line) => JSON.parse(line))
		)
	];
	const db = new Database(server.database, { readonly: true });
	const rowsOf = new Map();
	/** Rows in a table, up to just over the tiny limit (counting all of a big one is slow). */
	const rows = (table) => {
		if (!rowsOf.has(table)) {
			const count = db
				.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM "${table}" LIMIT ${tinyRows + 1})`)
				.get().n;
			rowsOf.set(table, count);
		}
		return rowsOf.get(table);
	};
	const tables = new Set(
		db
			.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`)
			.all()
			.map((row) => row.name)
	);
	let flagged = 0;
	let explained = 0;
	console.log(
		`${statements.length} distinct statements, node ${process.version}, ${source ?? 'demo database'}`
	);
	console.log(`pages visited:\n  ${visited.join('\n  ')}\n`);
	for (const sql of statements) {
		// Only reads and writes have plans worth reading; schema and pragmas are start-up's.
		if (!/^\s*(select|insert|update|delete|with)\b/i.test(sql)) continue;
		let plan;
		try {
			const statement = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
			// Null for every parameter: the plan depends on the statement, not the values.
			const parameters = Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => null);
			plan = statement.all(...parameters);
		} catch (failure) {
			console.log(`${sql}\n  (not explained: ${failure.message})\n`);
			continue;
		}
		explained++;
		const lines = plan.map((step) => {
			const scanned = step.detail.match(/^SCAN (\S+)/)?.[1];
			const big = scanned && tables.has(scanned) && rows(scanned) > tinyRows;
			if (big) flagged++;
			return `${big ? '!!' : '  '} ${step.detail}`;
		});
		console.log(`${sql}\n${lines.join('\n')}\n`);
	}
	console.log(
		`${explained} statements explained; ${flagged} scans of a table with more than ${tinyRows} rows (marked !!)`
	);
	db.close();
} finally {
	await server.stop();
	rmSync(traceFile, { force: true });
}
