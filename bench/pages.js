// Throughput and latency of the main pages on this machine, signed out and signed in.
// Starts the production build on a loopback port with a fresh demo database, sends a bounded
// number of requests, prints a table, and stops the server. Run `npm run build` first.
//
//   node bench/pages.js [requests per page, default 400] [concurrency, default 8]
import { measure as measureLoad } from './load.js';
import { startBenchServer } from './server.js';

const requestsPerPage = Number(process.argv[2] ?? 400);
const concurrency = Number(process.argv[3] ?? 8);
const server = startBenchServer({ port: 4391, databaseName: 'bench.db' });
const { origin } = server;

/** One page, `requestsPerPage` requests with `concurrency` in flight; only a 200 counts. */
async function measure(pathname, cookie) {
	const { row, statuses } = await measureLoad({
		origin,
		connections: concurrency,
		amount: requestsPerPage,
		request: () => ({ method: 'GET', path: pathname, headers: cookie ? { cookie } : {} }),
		isOk: (status) => status === 200
	});
	if (row.unexpected > 0 || row.errors > 0) {
		throw new Error(`${pathname}: statuses ${JSON.stringify(statuses)}, ${row.errors} errors`);
	}
	return {
		page: pathname + (cookie ? ' (signed in)' : ''),
		'req/s': row['req/s'],
		'p50 ms': row['p50 ms'],
		'p95 ms': row['p95 ms'],
		'p99 ms': row['p99 ms']
	};
}

try {
	await server.ready();
	const cookie = await server.signIn('patient@example.org');
	const staff = await server.signIn('staff@example.org');
	const rows = [];
	for (const pathname of ['/', '/sign-in', '/register', '/language', '/help']) {
		rows.push(await measure(pathname));
	}
	for (const pathname of [
		'/',
		'/settings',
		'/care-plans',
		'/care-plans/2',
		'/contact',
		'/contact/2'
	])
		rows.push(await measure(pathname, cookie));
	// The practice's request queue, and a request with its timeline.
	for (const pathname of ['/staff/requests', '/staff/requests/2'])
		rows.push(await measure(pathname, staff));
	console.log(
		`${requestsPerPage} requests per page, ${concurrency} at a time, node ${process.version}`
	);
	console.table(rows);
} finally {
	await server.stop();
}
