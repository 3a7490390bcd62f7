// Crash test: no booking is lost or made twice when the server dies under load, and a stop asked
// for with SIGTERM cuts no request off. Two runs, each on its own fresh demo database, with the
// demo patients booking free times through the check-your-answers form as a browser does: the
// answers cookie the earlier steps would have saved, the check page (for its one-time token), the
// form posted, and the confirmation page it leads to.
//
// - SIGKILL: part way through, the server is killed and started again on the same database. Each
//   booking sent but left without its confirmation page is then sent again once, with the same
//   form, as a person pressing the button again would.
// - SIGTERM: part way through, the server is asked to stop and no new request is started. Every
//   request already sent must be answered, and the server must exit 0 within SHUTDOWN_TIMEOUT,
//   having stopped its message worker and closed the database (no -wal file left behind).
//
// - PostgreSQL, two instances: a throwaway PostgreSQL (Debian's, as the tests use), two servers
//   over it sharing the bookings in turn, and part way one is killed with SIGKILL. The other
//   serves on throughout and takes the rest; what was on its way to the killed one is sent to it
//   (a form again with its token, a booking not yet at its form afresh), as a load balancer would.
//
// Then: PRAGMA integrity_check is ok (SQLite), every booking whose confirmation page arrived is in
// the database exactly once (by its reference, for the patient and time asked for), and no one
// holds two appointments for one time. Needs `npm run build` and Debian's `postgresql`. Loopback
// only, bounded in bookings and in time; exits 1 when a check fails.
//
//   node bench/crash.js [bookings per run, default 240] [connections, default 8]
import fs from 'node:fs';
import { availableParallelism } from 'node:os';
import { planBookings, signInToBook } from './booking.js';
import { benchDatabaseOf, placeholders } from './database.js';
import { startBenchPostgres, startBenchServer } from './server.js';

const bookingsPerRun = Number(process.argv[2] ?? 240);
const connections = Number(process.argv[3] ?? 8);
if (!(bookingsPerRun >= 10) || !(connections >= 1)) {
	console.error('usage: node bench/crash.js [bookings per run, at least 10] [connections]');
	process.exit(2);
}
/** Once this share of the run's bookings is confirmed, the signal waits for the next form sent. */
const signalAfterShare = 0.5;
/**
 * How long after that form is sent the signal goes: long enough for the request to reach the
 * server, short enough that it is still being booked, so each run catches a booking on its way.
 */
const signalDelayMilliseconds = 2;
const shutdownTimeoutSeconds = 10;
const requestTimeoutMilliseconds = 15_000;
/** The whole script gives up after this long; the servers are stopped on exit (server.js). */
const deadlineMilliseconds = 5 * 60_000;
const deadline = setTimeout(() => {
	console.error(`crash test: gave up after ${deadlineMilliseconds / 1000} s`);
	process.exit(1);
}, deadlineMilliseconds);
deadline.unref();

/** How a request ended without an answer, in the words the report uses. */
function failureOf(error) {
	if (error?.name === 'TimeoutError') return 'timeout';
	const code = error?.cause?.code ?? error?.code;
	if (code === 'ECONNREFUSED') return 'refused';
	// UND_ERR_SOCKET is undici's "other side closed": the connection went with the request on it.
	if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return 'reset';
	return `other (${code ?? error?.message})`;
}

class Stopped extends Error {}
class Unanswered extends Error {}

/**
 * One run's HTTP traffic. Every request is tracked while it is in flight, so that when the signal
 * is sent the ones it catches are known, and how each of them ended.
 */
function trafficTo(origin) {
	const inFlight = new Set();
	const traffic = {
		stopping: false,
		/** The requests in flight when the signal was sent, each with how it ended. */
		caught: [],
		/** Unexpected answers from the server, by what was asked and its status. */
		unexpected: [],
		/** Hears of each booking form as it is sent. */
		onFormSent: () => {},
		/** No new request from now on. */
		stop() {
			traffic.stopping = true;
		},
		/** Notes the requests in flight as the signal is sent. */
		catchInFlight() {
			traffic.caught = [...inFlight];
		},
		async request(path, init) {
			if (traffic.stopping) throw new Stopped();
			const entry = { path, outcome: 'in flight' };
			inFlight.add(entry);
			try {
				const response = await fetch(origin + path, {
					redirect: 'manual',
					signal: AbortSignal.timeout(requestTimeoutMilliseconds),
					...init
				});
				const body = await response.text();
				entry.outcome = 'answered';
				return { status: response.status, location: response.headers.get('location'), body };
			} catch (error) {
				entry.outcome = failureOf(error);
				throw new Unanswered(entry.outcome);
			} finally {
				inFlight.delete(entry);
			}
		}
	};
	return traffic;
}

/** Posts the check page's form and reads the reference off the confirmation page. */
async function sendForm(traffic, origin, booking) {
	if (traffic.stopping) throw new Stopped();
	booking.sent = true;
	const posting = traffic.request('/appointments/book/check?/book', {
		method: 'POST',
		headers: {
			origin,
			cookie: booking.cookie,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ bookingToken: booking.token }).toString()
	});
	traffic.onFormSent();
	const posted = await posting;
	if (posted.status !== 303 || !/^\/appointments\/\d+\/confirmation$/.test(posted.location ?? '')) {
		traffic.unexpected.push(`booking form answered ${posted.status} ${posted.location ?? ''}`);
		booking.refused = true;
		return;
	}
	const confirmation = await traffic.request(posted.location, {
		headers: { cookie: booking.session, accept: 'text/html' }
	});
	const reference = /<bdi dir="ltr">([A-Z0-9]{3}) ([A-Z0-9]{3})<\/bdi>/.exec(confirmation.body);
	if (confirmation.status !== 200 || !reference) {
		traffic.unexpected.push(`confirmation page answered ${confirmation.status}`);
		return;
	}
	booking.reference = reference[1] + reference[2];
}

/** One booking from the check page on; what happened is written on the booking. */
async function book(traffic, origin, booking) {
	try {
		const check = await traffic.request('/appointments/book/check', {
			headers: { cookie: booking.cookie, accept: 'text/html' }
		});
		const token = /name="bookingToken" value="([^"]+)"/.exec(check.body)?.[1];
		if (check.status !== 200 || !token) {
			traffic.unexpected.push(`check page answered ${check.status}`);
			return;
		}
		booking.token = token;
		await sendForm(traffic, origin, booking);
	} catch (error) {
		if (!(error instanceof Stopped || error instanceof Unanswered)) throw error;
	}
}

/**
 * Books the plan with `connections` bookings at a time until it is done or the traffic stops.
 * `onConfirmed` hears of each confirmation, to send the signal part way.
 */
async function runLoad(traffic, origin, bookings, onConfirmed) {
	let next = 0;
	const bookOneAfterAnother = async () => {
		while (!traffic.stopping && next < bookings.length) {
			const booking = bookings[next++];
			await book(traffic, origin, booking);
			if (booking.reference) onConfirmed();
		}
	};
	await Promise.all(Array.from({ length: connections }, bookOneAfterAnother));
}

/**
 * What the database holds for the run's bookings: its integrity, how many confirmed bookings are
 * there exactly once (by reference, for the patient and time asked for, still booked), and
 * duplicates (a second appointment for one patient and time).
 */
async function inspect(server, bookings) {
	const db = await benchDatabaseOf(server);
	try {
		const integrity = server.database
			? (await db.rows('PRAGMA integrity_check')).map((row) => row.integrity_check).join('; ')
			: 'not asked (PostgreSQL)';
		const confirmed = bookings.filter((booking) => booking.reference);
		let found = 0;
		for (const booking of confirmed) {
			const rows = await db.rows(
				`SELECT patient_id AS "patientId", slot_id AS "slotId", status FROM appointments
				 WHERE reference = ?`,
				[booking.reference]
			);
			const [row] = rows;
			const same =
				rows.length === 1 &&
				row.patientId === booking.patientId &&
				row.slotId === booking.slotId &&
				row.status === 'booked';
			if (same) found++;
		}
		const slots = bookings.map((booking) => booking.slotId);
		const [{ appointments, pairs }] = await db.rows(
			`SELECT count(*) AS appointments, count(DISTINCT patient_id || ':' || slot_id) AS pairs
			 FROM appointments WHERE slot_id IN (${placeholders(slots)})`,
			slots
		);
		return {
			integrity,
			confirmed: confirmed.length,
			found,
			duplicates: appointments - pairs,
			inDatabase: appointments
		};
	} finally {
		await db.close();
	}
}

/** For each form sent but never confirmed: the reference it was booked under, if it was. */
async function noteBookedBeforeKill(server, unanswered) {
	const db = await benchDatabaseOf(server);
	try {
		for (const booking of unanswered) {
			const [row] = await db.rows('SELECT reference FROM appointments WHERE booking_token = ?', [
				booking.token
			]);
			booking.bookedBeforeKill = row?.reference;
		}
	} finally {
		await db.close();
	}
}

const seconds = (milliseconds) => Number((milliseconds / 1000).toFixed(1));
const tally = (entries) =>
	entries.reduce(
		(counts, { outcome }) => ({ ...counts, [outcome]: (counts[outcome] ?? 0) + 1 }),
		{}
	);
const described = (counts) =>
	Object.entries(counts)
		.map(([outcome, count]) => `${count} ${outcome}`)
		.join(', ') || 'none';

/** A fresh server with the demo patients signed in and the run's bookings planned. */
async function prepare(port, databaseName, env = {}) {
	const server = startBenchServer({ port, databaseName, env });
	try {
		await server.ready();
		const { identifiers, bookings } = await planBookings(server, bookingsPerRun);
		await signInToBook(server, identifiers, bookings);
		return { server, bookings, patients: identifiers.length };
	} catch (error) {
		await server.stop();
		throw error;
	}
}

/** Runs the load and sends `signal` part way, just after a booking form is sent. */
async function loadUntilSignal(server, bookings, signal) {
	const traffic = trafficTo(server.origin);
	const armAt = Math.floor(bookings.length * signalAfterShare);
	let confirmed = 0;
	let ended;
	let signalledAt = 0;
	traffic.onFormSent = () => {
		if (confirmed < armAt || traffic.stopping) return;
		traffic.stop();
		setTimeout(() => {
			traffic.catchInFlight();
			signalledAt = performance.now();
			ended = server.signal(signal);
		}, signalDelayMilliseconds);
	};
	const started = performance.now();
	await runLoad(traffic, server.origin, bookings, () => confirmed++);
	if (!ended) throw new Error(`${signal} never sent: only ${confirmed} bookings confirmed`);
	const { code, signal: endedBy } = await ended;
	return {
		traffic,
		loadMilliseconds: signalledAt - started,
		exitMilliseconds: performance.now() - signalledAt,
		code,
		endedBy
	};
}

const failures = [];
const check = (ok, message) => {
	if (!ok) failures.push(message);
};

async function killedRun() {
	const databaseName = 'bench-crash.db';
	const port = 4394;
	const { server, bookings, patients } = await prepare(port, databaseName);
	let restarted;
	try {
		const { traffic, loadMilliseconds, endedBy } = await loadUntilSignal(
			server,
			bookings,
			'SIGKILL'
		);
		check(endedBy === 'SIGKILL', `SIGKILL run: the server ended by ${endedBy}, not SIGKILL`);
		const walBytes = fs.statSync(`${server.database}-wal`, { throwIfNoEntry: false })?.size ?? 0;

		const restarting = performance.now();
		restarted = startBenchServer({ port, databaseName, reuseDatabase: true });
		await restarted.ready();
		const restartMilliseconds = performance.now() - restarting;
		const afterRestart = await inspect(restarted, bookings);

		// Sent but never confirmed: the form again, with its token. Those the server booked before
		// it died must come back with the same appointment, not a second one.
		const unanswered = bookings.filter((b) => b.sent && !b.reference && !b.refused);
		await noteBookedBeforeKill(restarted, unanswered);
		const again = trafficTo(restarted.origin);
		for (const booking of unanswered) {
			try {
				await sendForm(again, restarted.origin, booking);
			} catch (error) {
				if (!(error instanceof Unanswered)) throw error;
			}
		}
		const bookedBeforeKill = unanswered.filter((b) => b.bookedBeforeKill);
		const sameAgain = bookedBeforeKill.filter((b) => b.reference === b.bookedBeforeKill).length;
		const afterResend = await inspect(restarted, bookings);

		const attempted = bookings.filter((b) => b.sent).length;
		console.log(
			`SIGKILL after ${afterRestart.confirmed} confirmed bookings (${seconds(loadMilliseconds)} s of load); ` +
				`${patients} demo patients, ${connections} at a time; ${walBytes} bytes left in the -wal file`
		);
		console.log(
			`  requests in flight when killed: ${traffic.caught.length} (${described(tally(traffic.caught))})`
		);
		console.log(
			`  restarted in ${seconds(restartMilliseconds)} s: integrity_check ${afterRestart.integrity}; ` +
				`${afterRestart.found} of ${afterRestart.confirmed} confirmed bookings found exactly once; ` +
				`duplicates ${afterRestart.duplicates}; ${afterRestart.inDatabase - afterRestart.confirmed} ` +
				`booked whose confirmation page never arrived`
		);
		console.log(
			`  sent again: ${unanswered.length} unconfirmed form(s); ${bookedBeforeKill.length} of them ` +
				`booked before the kill (${sameAgain} given the same reference again), ` +
				`${unanswered.filter((b) => b.reference && !b.bookedBeforeKill).length} booked now; ` +
				`${afterResend.found} of ${afterResend.confirmed} confirmed found exactly once; ` +
				`duplicates ${afterResend.duplicates}`
		);
		const unexpected = [...traffic.unexpected, ...again.unexpected];
		if (unexpected.length > 0) console.log(`  unexpected answers: ${unexpected.join('; ')}`);

		check(
			afterRestart.integrity === 'ok',
			`SIGKILL run: integrity_check ${afterRestart.integrity}`
		);
		for (const [when, found] of [
			['after restart', afterRestart],
			['after sending again', afterResend]
		]) {
			check(
				found.found === found.confirmed,
				`SIGKILL run, ${when}: ${found.confirmed - found.found} confirmed bookings not found exactly once`
			);
			check(found.duplicates === 0, `SIGKILL run, ${when}: ${found.duplicates} duplicates`);
		}
		const stillUnconfirmed = unanswered.filter((b) => !b.reference).length;
		check(stillUnconfirmed === 0, `SIGKILL run: ${stillUnconfirmed} forms sent again unconfirmed`);
		check(
			sameAgain === bookedBeforeKill.length,
			'SIGKILL run: a booking sent again got a new reference'
		);
		check(unexpected.length === 0, `SIGKILL run: ${unexpected.length} unexpected answers`);
		return {
			run: 'SIGKILL, restart',
			attempted,
			confirmed: afterResend.confirmed,
			found: afterResend.found,
			duplicates: afterResend.duplicates,
			'in flight at signal': traffic.caught.length,
			'cut off': traffic.caught.filter((entry) => entry.outcome !== 'answered').length,
			integrity: afterRestart.integrity,
			'load s': seconds(loadMilliseconds)
		};
	} finally {
		// The killed server holds nothing; stopping the restarted one removes the database.
		await (restarted ?? server).stop();
	}
}

async function stoppedRun() {
	const { server, bookings } = await prepare(4395, 'bench-graceful.db', {
		SHUTDOWN_TIMEOUT: String(shutdownTimeoutSeconds)
	});
	try {
		const { traffic, loadMilliseconds, exitMilliseconds, code, endedBy } = await loadUntilSignal(
			server,
			bookings,
			'SIGTERM'
		);
		const left = ['-wal', '-shm'].filter((suffix) => fs.existsSync(server.database + suffix));
		// Said by src/lib/server/shutdown.ts once the message worker has stopped and the database
		// is closed. (An exit closes the database anyway, so the files left cannot tell.)
		const closedDown = server.output().includes('"event":"server.stopped"');
		const found = await inspect(server, bookings);
		const cutOff = traffic.caught.filter((entry) => entry.outcome !== 'answered');
		const attempted = bookings.filter((b) => b.sent).length;

		console.log(
			`SIGTERM after ${found.confirmed} confirmed bookings (${seconds(loadMilliseconds)} s of load)`
		);
		console.log(
			`  requests in flight at SIGTERM: ${traffic.caught.length} (${described(tally(traffic.caught))})`
		);
		console.log(
			`  server exited with ${endedBy ?? `code ${code}`} ${seconds(exitMilliseconds)} s after ` +
				`SIGTERM (SHUTDOWN_TIMEOUT ${shutdownTimeoutSeconds} s), ` +
				`${closedDown ? 'having stopped the message worker and closed the database' : 'without closing down'}; ` +
				`database files left: ` +
				`${left.length > 0 ? left.join(', ') : 'the database only'}`
		);
		console.log(
			`  integrity_check ${found.integrity}; ${found.found} of ${found.confirmed} confirmed ` +
				`bookings found exactly once; duplicates ${found.duplicates}; ` +
				`${found.inDatabase - found.confirmed} booked whose confirmation page was not asked for`
		);
		if (traffic.unexpected.length > 0) {
			console.log(`  unexpected answers: ${traffic.unexpected.join('; ')}`);
		}

		check(code === 0, `SIGTERM run: the server exited with ${endedBy ?? `code ${code}`}`);
		check(
			exitMilliseconds < shutdownTimeoutSeconds * 1000,
			`SIGTERM run: the server took ${seconds(exitMilliseconds)} s to exit`
		);
		check(cutOff.length === 0, `SIGTERM run: ${cutOff.length} requests in flight were cut off`);
		check(closedDown, 'SIGTERM run: the server did not log server.stopped (shutdown.ts)');
		check(left.length === 0, `SIGTERM run: the database was not closed (${left.join(', ')} left)`);
		check(found.integrity === 'ok', `SIGTERM run: integrity_check ${found.integrity}`);
		check(
			found.found === found.confirmed,
			`SIGTERM run: ${found.confirmed - found.found} confirmed bookings not found exactly once`
		);
		check(found.duplicates === 0, `SIGTERM run: ${found.duplicates} duplicates`);
		check(
			traffic.unexpected.length === 0,
			`SIGTERM run: ${traffic.unexpected.length} unexpected answers`
		);
		return {
			run: 'SIGTERM',
			attempted,
			confirmed: found.confirmed,
			found: found.found,
			duplicates: found.duplicates,
			'in flight at signal': traffic.caught.length,
			'cut off': cutOff.length,
			integrity: found.integrity,
			'load s': seconds(loadMilliseconds)
		};
	} finally {
		await server.stop();
	}
}

/**
 * PostgreSQL, two instances over one database, as a load balancer shares them: the bookings go to
 * each in turn, and part way one instance is killed with SIGKILL. From then on the balancer sends
 * everything to the other. What was on its way to the killed one goes to the survivor: a form
 * left without its confirmation is sent again with the same token (a person pressing the button
 * again), and a booking that had not reached its form begins afresh.
 */
async function instanceKilledRun() {
	const postgres = await startBenchPostgres();
	// The first copies the demo into PostgreSQL (demo mode); the second, started after, uses it.
	const doomed = startBenchServer({ port: 4396, databaseUrl: postgres.url });
	let survivor;
	try {
		await doomed.ready(120);
		survivor = startBenchServer({ port: 4397, databaseUrl: postgres.url, reuseDatabase: true });
		await survivor.ready(60);
		const { identifiers, bookings } = await planBookings(survivor, bookingsPerRun);
		// Sessions are rows in the database: signed in through one instance, known to both.
		await signInToBook(doomed, identifiers, bookings);
		const toDoomed = trafficTo(doomed.origin);
		const toSurvivor = trafficTo(survivor.origin);
		const armAt = Math.floor(bookings.length * signalAfterShare);
		let confirmed = 0;
		let confirmedAfterKill = 0;
		let killed;
		toDoomed.onFormSent = () => {
			if (confirmed < armAt || toDoomed.stopping) return;
			toDoomed.stop();
			setTimeout(() => {
				toDoomed.catchInFlight();
				toSurvivor.catchInFlight();
				killed = doomed.signal('SIGKILL');
			}, signalDelayMilliseconds);
		};
		const started = performance.now();
		let next = 0;
		const bookOneAfterAnother = async () => {
			while (next < bookings.length) {
				const index = next++;
				const booking = bookings[index];
				const [instance, traffic] =
					index % 2 === 0 && !toDoomed.stopping ? [doomed, toDoomed] : [survivor, toSurvivor];
				booking.killedInstance = instance === doomed;
				const killedAlready = toDoomed.stopping;
				await book(traffic, instance.origin, booking);
				if (booking.reference) {
					confirmed++;
					if (killedAlready) confirmedAfterKill++;
				}
			}
		};
		await Promise.all(Array.from({ length: connections }, bookOneAfterAnother));
		const loadMilliseconds = performance.now() - started;
		if (!killed) throw new Error(`SIGKILL never sent: only ${confirmed} bookings confirmed`);
		const { signal: endedBy } = await killed;
		check(endedBy === 'SIGKILL', `two instances: the killed one ended by ${endedBy}`);

		const left = bookings.filter((b) => b.killedInstance && !b.reference && !b.refused);
		const resent = left.filter((b) => b.sent);
		await noteBookedBeforeKill(survivor, resent);
		const beforeResend = await inspect(survivor, bookings);
		for (const booking of left) {
			try {
				if (booking.sent) await sendForm(toSurvivor, survivor.origin, booking);
				else await book(toSurvivor, survivor.origin, booking);
			} catch (error) {
				if (!(error instanceof Unanswered)) throw error;
			}
		}
		const bookedBeforeKill = resent.filter((b) => b.bookedBeforeKill);
		const sameAgain = bookedBeforeKill.filter((b) => b.reference === b.bookedBeforeKill).length;
		const found = await inspect(survivor, bookings);
		const survivorCutOff = toSurvivor.caught.filter((entry) => entry.outcome !== 'answered');
		const attempted = bookings.filter((b) => b.sent).length;

		console.log(
			`PostgreSQL, two instances: one killed with SIGKILL after ${confirmed - confirmedAfterKill} ` +
				`confirmed bookings; the other confirmed ${confirmedAfterKill} more while the load went on ` +
				`(${seconds(loadMilliseconds)} s of load, ${connections} at a time)`
		);
		console.log(
			`  requests in flight when killed: ${toDoomed.caught.length} to the killed instance ` +
				`(${described(tally(toDoomed.caught))}), ${toSurvivor.caught.length} to the other ` +
				`(${described(tally(toSurvivor.caught))})`
		);
		console.log(
			`  before sending again: ${beforeResend.found} of ${beforeResend.confirmed} confirmed ` +
				`bookings found exactly once; duplicates ${beforeResend.duplicates}`
		);
		console.log(
			`  sent to the other instance: ${resent.length} unconfirmed form(s) again, ` +
				`${bookedBeforeKill.length} of them booked before the kill (${sameAgain} given the same ` +
				`reference again); ${left.length - resent.length} booking(s) begun afresh; ` +
				`${found.found} of ${found.confirmed} confirmed found exactly once; duplicates ${found.duplicates}`
		);
		const unexpected = [...toDoomed.unexpected, ...toSurvivor.unexpected];
		if (unexpected.length > 0) console.log(`  unexpected answers: ${unexpected.join('; ')}`);

		for (const [when, counted] of [
			['before sending again', beforeResend],
			['after sending again', found]
		]) {
			check(
				counted.found === counted.confirmed,
				`two instances, ${when}: ${counted.confirmed - counted.found} confirmed bookings not found exactly once`
			);
			check(counted.duplicates === 0, `two instances, ${when}: ${counted.duplicates} duplicates`);
		}
		check(
			confirmedAfterKill > 0,
			'two instances: the other instance confirmed nothing after the kill'
		);
		check(
			survivorCutOff.length === 0,
			`two instances: ${survivorCutOff.length} requests to the other instance were cut off`
		);
		const unconfirmed = bookings.filter((b) => !b.reference).length;
		check(unconfirmed === 0, `two instances: ${unconfirmed} bookings never confirmed`);
		check(
			sameAgain === bookedBeforeKill.length,
			'two instances: a booking sent again got a new reference'
		);
		check(unexpected.length === 0, `two instances: ${unexpected.length} unexpected answers`);
		return {
			run: 'PostgreSQL, 2 instances, SIGKILL one',
			attempted,
			confirmed: found.confirmed,
			found: found.found,
			duplicates: found.duplicates,
			'in flight at signal': toDoomed.caught.length,
			'cut off': toDoomed.caught.filter((entry) => entry.outcome !== 'answered').length,
			integrity: found.integrity,
			'load s': seconds(loadMilliseconds)
		};
	} finally {
		await doomed.stop();
		await survivor?.stop();
		await postgres.stop();
	}
}

const started = performance.now();
try {
	console.log(
		`${new Date().toISOString().slice(0, 10)}, node ${process.version}, ` +
			`${availableParallelism()} CPUs, ${bookingsPerRun} bookings planned per run, ` +
			`signal ${signalDelayMilliseconds} ms after the first form sent once ` +
			`${signalAfterShare * 100}% are confirmed`
	);
	const rows = [await killedRun(), await stoppedRun(), await instanceKilledRun()];
	console.table(rows);
	console.log(`${seconds(performance.now() - started)} s in all`);
} catch (error) {
	failures.push(error instanceof Error ? error.message : String(error));
}
if (failures.length > 0) {
	for (const failure of failures) console.error(`FAILED: ${failure}`);
	process.exitCode = 1;
} else {
	console.log('All checks passed.');
}
