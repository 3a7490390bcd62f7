// Insight's pages at the size of a real ICS (issue 25: under 1 s at p95). Copies a generated
// database (bench/population.js; the original is only read), adds an ICS admin to the copy (the
// population has none) with the manifest's password, starts Joined Up's production build on it
// as a production server starts (the insight migration applies, every service starts stale),
// and measures with autocannon, while the summaries are first made and again once they all are:
// an admin's /staff/insight for every organisation, for one organisation, a staff member's
// (service lead's) own organisation, and a CSV download. Prints one table (req/s, p50, p95,
// p99), how long start-up and the first full pass of the summaries took, then stops the server
// and removes the copy, also when it fails or is interrupted. Build first: `npm run build`.
//
//   node bench/insight.js [database, default data/ics-2000000.db] [seconds per page, default 10]
//     [connections, default 10] [--manifest FILE, default <database>.json]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { measure } from './load.js';
import { benchDatabase, root, startBenchServer } from './server.js';

const { values: options, positionals } = parseArgs({
	allowPositionals: true,
	options: { manifest: { type: 'string' } }
});
const source = path.resolve(positionals[0] ?? path.join(root, 'data', 'ics-2000000.db'));
const seconds = Number(positionals[1] ?? 10);
const connections = Number(positionals[2] ?? 10);
if (!(seconds > 0) || !(connections >= 1)) {
	console.error('usage: node bench/insight.js [database] [seconds per page] [connections]');
	process.exit(2);
}
const manifest = JSON.parse(readFileSync(options.manifest ?? `${source}.json`, 'utf8'));
const port = 4281;
const scratchName = 'insight-bench.db';
const adminEmail = 'insight.admin@staff.example.org';

const scratch = benchDatabase(scratchName);
await scratch.copyFrom(source);
// An ICS admin like the manifest's staff member (same password), and that staff member's
// organisation, for the service lead's view.
const db = new Database(scratch.file);
const staff = db
	.prepare(
		'SELECT password_hash AS hash, organisation_id AS organisation FROM users WHERE email = ?'
	)
	.get(manifest.staff.email);
db.prepare("INSERT OR IGNORE INTO users (email, password_hash, role) VALUES (?, ?, 'admin')").run(
	adminEmail,
	staff.hash
);
db.close();
scratch.keep();

const startedAt = performance.now();
const server = startBenchServer({ port, databaseName: scratchName, reuseDatabase: true });
try {
	// The first start applies the insight migration to the copy (and checks its references).
	await server.ready(120);
	const startUpSeconds = (performance.now() - startedAt) / 1000;
	const admin = await server.signIn(adminEmail, manifest.password);
	const lead = await server.signIn(manifest.staff.email, manifest.password);
	const reader = new Database(scratch.file, { readonly: true, fileMustExist: true });
	const stale = () => reader.prepare('SELECT count(*) AS n FROM insight_stale').get().n;
	/** One request alone, timed: the first read of a page, before any figures are kept. */
	const once = async (cookie, pathname) => {
		const began = performance.now();
		const response = await fetch(server.origin + pathname, { headers: { cookie } });
		await response.text();
		return Number((performance.now() - began).toFixed(1));
	};

	const page = (cookie, pathname) => () => ({
		method: 'GET',
		path: pathname,
		headers: { cookie, accept: 'text/html' }
	});
	// Each request a different service (about 1,500), so that none is answered from figures kept
	// from an earlier one: what a page costs when it must read the summaries.
	const services = reader
		.prepare('SELECT id, organisation_id AS organisation FROM services ORDER BY id')
		.all();
	let turn = 0;
	const serviceInTurn = () => ({
		method: 'GET',
		path: '/staff/insight',
		headers: { cookie: admin, accept: 'text/html' },
		setupRequest: (request) => {
			const service = services[turn++ % services.length];
			return {
				...request,
				path: `/staff/insight?organisation=${service.organisation}&service=${service.id}`
			};
		}
	});
	const isPage = (status, body) => status === 200 && body.includes('Demand and capacity');
	const isCsv = (status, body, headers) =>
		status === 200 && String(headers['content-type']).startsWith('text/csv');
	const scenarios = [
		['admin, every organisation', page(admin, '/staff/insight'), isPage],
		[
			'admin, one organisation',
			page(admin, `/staff/insight?organisation=${staff.organisation}`),
			isPage
		],
		['admin, a different service each time (none kept)', serviceInTurn, isPage],
		['service lead, own organisation', page(lead, '/staff/insight'), isPage],
		[
			'admin, CSV (every organisation)',
			page(admin, '/staff/insight/download?table=capacity'),
			isCsv
		]
	];

	const rows = [];
	const staleAtStart = stale();
	const passStarted = performance.now();
	if (staleAtStart > 0) {
		// While the first pass runs: requests interleave with its steps instead of waiting.
		const { row } = await measure({
			origin: server.origin,
			connections,
			seconds: Math.min(seconds, 5),
			request: scenarios[0][1],
			isOk: scenarios[0][2]
		});
		rows.push({ page: `${scenarios[0][0]}, while summaries are made`, ...row });
	}
	while (stale() > 0) await new Promise((resolve) => setTimeout(resolve, 250));
	const passSeconds = (performance.now() - passStarted) / 1000;
	const firstReads = {
		'admin, every organisation': await once(admin, '/staff/insight'),
		'service lead, own organisation': await once(lead, '/staff/insight')
	};
	for (const [name, request, isOk] of scenarios) {
		const { row } = await measure({ origin: server.origin, connections, seconds, request, isOk });
		rows.push({ page: name, ...row });
	}
	console.log(
		`${path.basename(source)}: ${manifest.residents} residents; start-up ${startUpSeconds.toFixed(1)} s; ` +
			`${staleAtStart} services' summaries made in ${passSeconds.toFixed(1)} s (in the background, after start-up)`
	);
	reader.close();
	console.log('first read of a page alone (ms, nothing kept yet):', firstReads);
	console.table(rows);
} finally {
	await server.stop();
	scratch.remove();
}
