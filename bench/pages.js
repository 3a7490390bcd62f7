// Throughput and latency of the main pages on this machine, signed out and signed in.
// Starts the production build on a loopback port with a fresh demo database, sends a bounded
// number of requests, prints a table, and stops the server. Run `npm run build` first.
//
//   node bench/pages.js [requests per page, default 400] [concurrency, default 8]
import { startBenchServer } from './server.js';

const requestsPerPage = Number(process.argv[2] ?? 400);
const concurrency = Number(process.argv[3] ?? 8);
const server = startBenchServer({ port: 4391, databaseName: 'bench.db' });
const { origin } = server;

async function measure(pathname, cookie) {
	const latencies = [];
	let next = 0;
	const started = performance.now();
	async function worker() {
		while (next < requestsPerPage) {
			next++;
			const t0 = performance.now();
			const response = await fetch(origin + pathname, { headers: cookie ? { cookie } : {} });
			await response.arrayBuffer();
			if (response.status !== 200) throw new Error(`${pathname}: ${response.status}`);
			latencies.push(performance.now() - t0);
		}
	}
	await Promise.all(Array.from({ length: concurrency }, worker));
	const seconds = (performance.now() - started) / 1000;
	latencies.sort((a, b) => a - b);
	const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
	return {
		page: pathname + (cookie ? ' (signed in)' : ''),
		'req/s': Math.round(requestsPerPage / seconds),
		'p50 ms': at(0.5).toFixed(1),
		'p95 ms': at(0.95).toFixed(1),
		'p99 ms': at(0.99).toFixed(1)
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
