// What the timing benches share: one form posted and timed, and the figures printed each way
// side by side. Each bench asks whether a page answers sooner when a person or an account
// exists than when it does not (see reset-timing.js, registration-timing.js,
// find-record-timing.js).
import Database from 'better-sqlite3';

/**
 * Posts a form to the server as a browser would, and how long the answer took (ms). Refuses an
 * answer other than a redirect, to `expectedLocation` when given.
 */
export async function timedPost(origin, path, fields, { cookie, expectedLocation } = {}) {
	const started = performance.now();
	const response = await fetch(`${origin}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin,
			...(cookie ? { cookie } : {}),
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'text/html'
		},
		body: new URLSearchParams(fields).toString()
	});
	await response.arrayBuffer();
	const took = performance.now() - started;
	const location = response.headers.get('location');
	if (response.status !== 303 || (expectedLocation && location !== expectedLocation)) {
		throw new Error(`POST ${path}: ${response.status} ${location ?? ''}`);
	}
	return took;
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** Prints p10, median and p90 of each way's times, and how far apart the first two medians are. */
export function printTimings(title, times) {
	console.log(title);
	console.log('way         p10     median  p90');
	const medians = [];
	for (const [way, list] of Object.entries(times)) {
		const sorted = list.toSorted((a, b) => a - b);
		medians.push(quantile(sorted, 0.5));
		console.log(
			`${way.padEnd(10)}  ${[0.1, 0.5, 0.9].map((q) => quantile(sorted, q).toFixed(2).padStart(6)).join('  ')}`
		);
	}
	console.log(`median difference: ${(medians[0] - medians[1]).toFixed(2)} ms`);
}

/**
 * Adds `count` patient accounts to a bench server's database, named by `emailOf(i)`, each with
 * the demo patient's password hash: the "address that has an account" side of a timing bench.
 */
export function addPatientAccounts(database, count, emailOf) {
	const db = new Database(database, { fileMustExist: true });
	try {
		const copy = db.prepare(
			`INSERT INTO users (email, password_hash, role)
			 SELECT ?, password_hash, 'patient' FROM users WHERE email = 'patient@example.org'`
		);
		db.transaction(() => {
			for (let i = 0; i < count; i++) copy.run(emailOf(i));
		})();
	} finally {
		db.close();
	}
}
