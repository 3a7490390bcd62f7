// Throughput and latency of the main pages and of booking on this machine, on SQLite and on
// PostgreSQL, side by side in one run. For each database in turn: the production build on a
// loopback port with a fresh demo (on PostgreSQL, a throwaway server of Debian's, the demo copied
// into it), a bounded number of requests to each page, signed out and signed in, then bookings,
// each a different free time; the server stopped. Prints one table. Run `npm run build` first.
//
//   node bench/pages.js [requests per page, default 400] [concurrency, default 8]
import { availableParallelism } from 'node:os';
import { planBookings, signInToBook } from './booking.js';
import { measure as measureLoad } from './load.js';
import { startBenchPostgres, startBenchServer } from './server.js';

const requestsPerPage = Number(process.argv[2] ?? 400);
const concurrency = Number(process.argv[3] ?? 8);
if (!(requestsPerPage >= 10) || !(concurrency >= 1)) {
	console.error('usage: node bench/pages.js [requests per page, at least 10] [concurrency]');
	process.exit(2);
}
/** Bookings measured: as many as the demo's three patients have free times for, at most this. */
const bookingsMeasured = Math.min(requestsPerPage, 240);

const signedOut = ['/', '/sign-in', '/register', '/language', '/help'];
const signedIn = ['/', '/settings', '/care-plans', '/care-plans/2', '/contact', '/contact/2'];
/** The practice's request queue, and a request with its timeline. */
const staffPages = ['/staff/requests', '/staff/requests/2'];
const bookingRow = 'POST /appointments/book/check?/book (booking)';

/** One page, `requestsPerPage` requests with `concurrency` in flight; only a 200 counts. */
async function measurePage(origin, pathname, cookie) {
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
	return row;
}

/**
 * Booking: the check page's form, each request a different free time, as crash.js sends it. The
 * check pages (for their one-time tokens) are fetched first and not measured. Only a 303 to a
 * confirmation page counts.
 */
async function measureBooking(server) {
	const { identifiers, bookings } = await planBookings(server, bookingsMeasured);
	await signInToBook(server, identifiers, bookings);
	for (const booking of bookings) {
		const check = await fetch(server.origin + '/appointments/book/check', {
			headers: { cookie: booking.cookie, accept: 'text/html' }
		});
		booking.token = /name="bookingToken" value="([^"]+)"/.exec(await check.text())?.[1];
		if (!booking.token) throw new Error(`check page answered ${check.status} without a token`);
	}
	let next = 0;
	const { row, statuses } = await measureLoad({
		origin: server.origin,
		connections: concurrency,
		amount: bookings.length,
		request: () => ({
			method: 'POST',
			path: '/appointments/book/check?/book',
			setupRequest(request) {
				const booking = bookings[next++];
				return {
					...request,
					headers: {
						origin: server.origin,
						cookie: booking.cookie,
						accept: 'text/html',
						'content-type': 'application/x-www-form-urlencoded'
					},
					body: new URLSearchParams({ bookingToken: booking.token }).toString()
				};
			}
		}),
		isOk: (status, body, headers) =>
			status === 303 && /^\/appointments\/\d+\/confirmation$/.test(headers.location)
	});
	if (row.unexpected > 0 || row.errors > 0) {
		throw new Error(`booking: statuses ${JSON.stringify(statuses)}, ${row.errors} errors`);
	}
	return row;
}

/** Every page and booking on one server, by row name. */
async function measureAll(server) {
	await server.ready(120);
	const rows = new Map();
	for (const pathname of signedOut) rows.set(pathname, await measurePage(server.origin, pathname));
	const patient = await server.signIn('patient@example.org');
	for (const pathname of signedIn) {
		rows.set(`${pathname} (signed in)`, await measurePage(server.origin, pathname, patient));
	}
	const staff = await server.signIn('staff@example.org');
	for (const pathname of staffPages) {
		rows.set(`${pathname} (staff)`, await measurePage(server.origin, pathname, staff));
	}
	rows.set(bookingRow, await measureBooking(server));
	return rows;
}

const sqlite = startBenchServer({ port: 4391, databaseName: 'bench.db' });
let onSqlite;
try {
	onSqlite = await measureAll(sqlite);
} finally {
	await sqlite.stop();
}
const postgres = await startBenchPostgres();
let onPostgres;
try {
	const server = startBenchServer({ port: 4398, databaseUrl: postgres.url });
	try {
		onPostgres = await measureAll(server);
	} finally {
		await server.stop();
	}
} finally {
	await postgres.stop();
}

console.log(
	`${requestsPerPage} requests per page (${bookingsMeasured} bookings), ${concurrency} at a time, ` +
		`node ${process.version}, ${availableParallelism()} CPUs; PostgreSQL on the same machine`
);
console.table(
	[...onSqlite.keys()].map((name) => {
		const [a, b] = [onSqlite.get(name), onPostgres.get(name)];
		return {
			'page or form': name,
			'SQLite req/s': a['req/s'],
			'SQLite p50 ms': a['p50 ms'],
			'SQLite p95 ms': a['p95 ms'],
			'PostgreSQL req/s': b['req/s'],
			'PostgreSQL p50 ms': b['p50 ms'],
			'PostgreSQL p95 ms': b['p95 ms']
		};
	})
);
