// "Who is being left out": bookings, cancellations, no-shows and requests of the last 26 weeks,
// and the residents we have not heard from in 12 months, by age band, deprivation decile (and
// Core20), preferred language, communication needs and how people reached us; each group beside
// the number of the area's registered residents in it.
//
// These read every appointment of the ICS, so the pages never count them live: a summary
// (schema/insight.ts) is rebuilt from the facts in bounded chunks, each a short read, with the
// event loop free between them (on SQLite, better-sqlite3 is synchronous: a long read would hold
// every request), and the pages read the newest finished build, a few hundred rows. The same SQL
// runs on SQLite and PostgreSQL. Counts are raw: suppression is applied where they are shown.
import { sql, type SQL } from 'drizzle-orm';
import { addDays, londonDate, londonTime } from '$lib/time';
import {
	database,
	execute,
	firstRowOf,
	rowsOf,
	sqliteText,
	transaction,
	type Db,
	type Executor
} from '../db';
import { communicationNeedKinds, type InsightDimension } from '../db/schema';
import { thisInstance, turnOf } from '../jobs';

export type { InsightDimension };

/** Age bands, by age on the day of the build; `unknown` for a request not yet matched to a record. */
export const ageBands = ['0-17', '18-34', '35-49', '50-64', '65-79', '80+'] as const;
const ageBandFloors = [0, 18, 35, 50, 65, 80];

/** Deciles 1 (most deprived 10%) to 10; `unknown` when the postcode is not in the lookup. */
export const decileGroups = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', 'unknown'] as const;

/** Core20: the most deprived 20% of areas in England (deciles 1 and 2). */
export const core20Groups = ['core20', 'not_core20', 'unknown'] as const;

/**
 * Recorded communication needs: each kind, an interpreter (any language), or none recorded. A
 * person with several needs is in several groups.
 */
export const needGroups = [...communicationNeedKinds, 'interpreter', 'none'] as const;

/**
 * How people reached us, for each event: themselves on the web, a carer acting for them (a proxy),
 * a link worker's assisted session, a text reply, or staff. A booking (and its no-show) counts by
 * how it was booked; a cancellation by how it was booked, or as a text reply when it was cancelled
 * by replying to a text; a request by how it was made, or as a text reply when it was asked for by
 * replying to one ("4 for us to call you").
 */
export const reachedGroups = ['web', 'carer', 'link_worker', 'text_reply', 'staff'] as const;
const reachedOfVia: Record<string, (typeof reachedGroups)[number]> = {
	self: 'web',
	proxy: 'carer',
	assisted: 'link_worker',
	staff: 'staff'
};

/** The events counted, in the order each row holds them. */
export const groupMeasures = [
	'bookings',
	'cancellations',
	'lateCancellations',
	'noShows',
	'requests'
] as const;
export type GroupMeasure = (typeof groupMeasures)[number];

/** One group of one breakdown: raw counts of its residents and events. */
export type GroupRow = {
	dimension: InsightDimension;
	/** A stable code (`18-34`, `3`, `core20`, `pl`, `bsl`, `text_reply`): the page translates it. */
	group: string;
	/** The area's registered residents in the group; null for how people reached us (a group of events, not of people). */
	population: number | null;
} & Record<GroupMeasure, number>;

/** Residents with no contact of any kind in 12 months, in one group. */
export type NotHeardFromRow = {
	dimension: Exclude<InsightDimension, 'reached'>;
	group: string;
	population: number;
	notHeardFrom: number;
};

export type WhoIsLeftOut = {
	/** When the figures were counted, and the 26 weeks they cover. */
	countedAt: Date;
	windowFrom: Date;
	windowTo: Date;
	/** Since when "not heard from" means no contact: 12 months before `countedAt`. */
	heardSince: Date;
	groups: GroupRow[];
	notHeardFrom: NotHeardFromRow[];
};

/** Every organisation, or only these (the access rule decides which: access/policy.ts). */
export type InsightScope = 'all' | number[];

const weeksCounted = 26;
const day = 24 * 60 * 60 * 1000;

type EventSums = {
	dimension: InsightDimension;
	group_key: string;
	bookings: number;
	cancellations: number;
	late_cancellations: number;
	no_shows: number;
	requests: number;
};

type PopulationRow = {
	dimension: Exclude<InsightDimension, 'reached'>;
	group_key: string;
	residents: number;
	not_heard_from: number;
};

type BuildRow = {
	id: number;
	finished_at: number;
	window_from: number;
	window_to: number;
	heard_since: number;
};

/** What the page's figures are read with. */
const reading = {
	build: () =>
		sql`SELECT id, finished_at, window_from, window_to, heard_since FROM insight_builds
			WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1`,
	/** Every organisation's events (`organisations` null), or only these (never none). */
	events: (buildId: number, organisations: number[] | null) =>
		sql`SELECT dimension, group_key, sum(bookings) AS bookings,
			sum(cancellations) AS cancellations, sum(late_cancellations) AS late_cancellations,
			sum(no_shows) AS no_shows, sum(requests) AS requests
		 FROM insight_group_events WHERE build_id = ${buildId}${
				organisations
					? sql` AND organisation_id IN (${sql.join(
							organisations.map((id) => sql`${id}`),
							sql`, `
						)})`
					: sql.empty()
			}
		 GROUP BY dimension, group_key`,
	population: (buildId: number) =>
		sql`SELECT dimension, group_key, residents, not_heard_from
			FROM insight_group_population WHERE build_id = ${buildId}`,
	stillFinished: (buildId: number) =>
		sql`SELECT finished_at FROM insight_builds WHERE id = ${buildId}`
};

/** The reading's statements as SQLite is given them (for bench/insight-groups.js's plans). */
export const readingStatements = {
	build: sqliteText(reading.build()),
	allEvents: sqliteText(reading.events(0, null)),
	scopedEvents: sqliteText(reading.events(0, [0])),
	population: sqliteText(reading.population(0))
};

/**
 * The newest counted figures for a scope, or null before the first count has finished. Events
 * are those of the scope's organisations' services; the population and "not heard from" are the
 * whole area's, whichever organisations are in scope.
 */
export async function whoIsLeftOut(
	scope: InsightScope,
	db: Executor = database()
): Promise<WhoIsLeftOut | null> {
	const organisations = scope === 'all' ? null : scope.filter((id) => Number.isSafeInteger(id));
	for (;;) {
		const build = await firstRowOf<BuildRow>(db, reading.build());
		if (!build) return null;
		const events =
			organisations?.length === 0
				? []
				: await rowsOf<EventSums>(db, reading.events(build.id, organisations));
		const population = await rowsOf<PopulationRow>(db, reading.population(build.id));
		// On PostgreSQL another instance's count may have finished meanwhile and begun removing
		// this one, part of whose rows would then be gone: a build is unmarked before its rows go.
		const still = await firstRowOf<{ finished_at: number | null }>(
			db,
			reading.stillFinished(build.id)
		);
		if (still?.finished_at != null) return figuresOf(build, events, population);
	}
}

function figuresOf(
	build: BuildRow,
	events: EventSums[],
	population: PopulationRow[]
): WhoIsLeftOut {
	const counted = new Map(events.map((row) => [`${row.dimension}:${row.group_key}`, row]));
	const residents = new Map(population.map((row) => [`${row.dimension}:${row.group_key}`, row]));

	const groups: GroupRow[] = [];
	const notHeardFrom: NotHeardFromRow[] = [];
	for (const [dimension, keys] of groupsOf(population, events)) {
		for (const group of keys) {
			const events = counted.get(`${dimension}:${group}`);
			const people = residents.get(`${dimension}:${group}`);
			groups.push({
				dimension,
				group,
				population: dimension === 'reached' ? null : (people?.residents ?? 0),
				bookings: events?.bookings ?? 0,
				cancellations: events?.cancellations ?? 0,
				lateCancellations: events?.late_cancellations ?? 0,
				noShows: events?.no_shows ?? 0,
				requests: events?.requests ?? 0
			});
			if (dimension !== 'reached') {
				notHeardFrom.push({
					dimension,
					group,
					population: people?.residents ?? 0,
					notHeardFrom: people?.not_heard_from ?? 0
				});
			}
		}
	}
	return {
		countedAt: new Date(build.finished_at),
		windowFrom: new Date(build.window_from),
		windowTo: new Date(build.window_to),
		heardSince: new Date(build.heard_since),
		groups,
		notHeardFrom
	};
}

/**
 * Each breakdown's groups in order: the fixed ones always (a group with nobody in it is worth
 * seeing), then languages as residents chose them, most residents first.
 */
function groupsOf(
	population: { dimension: string; group_key: string; residents: number }[],
	events: { dimension: string; group_key: string }[]
): [InsightDimension, string[]][] {
	const languages = new Map<string, number>();
	for (const row of population) {
		if (row.dimension === 'language') languages.set(row.group_key, row.residents);
	}
	for (const row of events) {
		if (row.dimension === 'language' && !languages.has(row.group_key))
			languages.set(row.group_key, 0);
	}
	const spoken = [...languages]
		.filter(([code]) => code !== 'not_recorded')
		.sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
		.map(([code]) => code);
	return [
		['age', [...ageBands, 'unknown']],
		['decile', [...decileGroups]],
		['core20', [...core20Groups]],
		['language', [...spoken, 'not_recorded']],
		['needs', [...needGroups]],
		['reached', [...reachedGroups]]
	];
}

// ---------------------------------------------------------------------------------------------
// Counting

/** How many rows one step reads at most: each step is a short read, whatever the ICS's size. */
const residentsPerStep = 5_000;
const requestsPerStep = 20_000;
const slotsPerStep = 2_000;

/** The statements that read the facts, a chunk each. */
const chunkOf = {
	// The three checks search activity_log_subject, contact_requests_patient and
	// appointments_patient. CASE gives 0 or 1 on both databases (PostgreSQL's EXISTS is a boolean).
	residents: (heardSince: number, after: number) =>
		sql`SELECT p.id, p.date_of_birth, d.imd_decile, u.language AS account_language,
			n.interpreter_language, n.needs,
			CASE WHEN EXISTS (SELECT 1 FROM activity_log l
					WHERE l.subject_patient_id = p.id AND l.at >= ${heardSince})
				OR EXISTS (SELECT 1 FROM contact_requests r
					WHERE r.patient_id = p.id AND r.created_at >= ${heardSince})
				OR EXISTS (SELECT 1 FROM appointments a JOIN slots s ON s.id = a.slot_id
					WHERE a.patient_id = p.id AND (s.starts_at >= ${heardSince} OR a.created_at >= ${heardSince}))
				THEN 1 ELSE 0 END AS heard
		 FROM patients p
		 LEFT JOIN postcode_areas pa ON pa.postcode = upper(replace(p.postcode, ' ', ''))
		 LEFT JOIN deprivation_areas d ON d.lsoa_code = pa.lsoa_code
		 LEFT JOIN users u ON u.patient_id = p.id
		 LEFT JOIN communication_needs n ON n.patient_id = p.id
		 WHERE p.id > ${after} ORDER BY p.id LIMIT ${residentsPerStep}`,
	// The next slots in time order (a keyset on start and id, which slots_start holds), each with
	// its appointments: a step reads a bounded number of slots however busy the diaries.
	// `starts_at >= start` beside the row comparison lets PostgreSQL search slots_start too.
	appointments: (after: { start: number; slot: number }, to: number) =>
		sql`SELECT s.id AS slot_id, s.starts_at, a.patient_id, a.status, a.booked_via,
			a.cancelled_at, v.organisation_id, v.cancellation_cutoff_minutes,
			CASE WHEN a.status = 'cancelled' AND EXISTS (SELECT 1 FROM text_questions q
				JOIN received_texts t ON t.question_id = q.id
				WHERE q.appointment_id = a.id AND t.outcome = 'cancelled') THEN 1 ELSE 0 END AS cancelled_by_text
		 FROM (SELECT id, service_id, starts_at FROM slots
			WHERE (starts_at, id) > (${after.start}, ${after.slot}) AND starts_at >= ${after.start}
				AND starts_at < ${to}
			ORDER BY starts_at, id LIMIT ${slotsPerStep}) s
		 LEFT JOIN appointments a ON a.slot_id = s.id
		 JOIN services v ON v.id = s.service_id`,
	requests: (after: number) =>
		sql`SELECT r.id, r.patient_id, r.made_via, r.asked_by_text_about, r.created_at, v.organisation_id
		 FROM contact_requests r JOIN services v ON v.id = r.service_id
		 WHERE r.id > ${after} ORDER BY r.id LIMIT ${requestsPerStep}`
};

/** The same as SQLite is given them (for bench/insight-groups.js's plans). */
export const countingStatements = {
	residentChunk: sqliteText(chunkOf.residents(0, 0)),
	appointmentChunk: sqliteText(chunkOf.appointments({ start: 0, slot: 0 }, 0)),
	requestChunk: sqliteText(chunkOf.requests(0))
};

/** What is known of each resident for grouping, by patient id (typed arrays: millions of them). */
type Residents = {
	age: Int8Array;
	decile: Int8Array;
	language: Int16Array;
	needs: Int32Array;
	known: Uint8Array;
};

const interpreterBit = 1 << communicationNeedKinds.length;

/**
 * What the count asks of the database, one thing at a time, and is answered: rows read, rows a
 * statement changed, statements written in one transaction, or a chunk done (the event loop may
 * turn). The count is written once, as a generator of these; a driver answers them on a SQLite
 * connection synchronously (countingSteps: the demo seeder's own connection) or on the app's
 * database, SQLite or PostgreSQL, asynchronously (counting: the server).
 */
type Ask = { read: SQL } | { change: SQL } | { write: SQL[] } | { step: CountingStep };

function* read<Row>(query: SQL): Generator<Ask, Row[], unknown> {
	return (yield { read: query }) as Row[];
}

function* change(statement: SQL): Generator<Ask, number, unknown> {
	return (yield { change: statement }) as number;
}

/** Rows written by one statement: SQLite takes at most 32,766 values in one. */
const rowsPerWrite = 1_000;

function inserts(into: SQL, rows: SQL[]): SQL[] {
	const statements: SQL[] = [];
	for (let start = 0; start < rows.length; start += rowsPerWrite) {
		statements.push(
			sql`${into} VALUES ${sql.join(rows.slice(start, start + rowsPerWrite), sql`, `)}`
		);
	}
	return statements;
}

/**
 * The count: reads the facts a bounded chunk at a time, then writes the new build, finishes it
 * (readers switch to it at once) and removes the builds before it, a chunk at a time. Its SQL is
 * the same on SQLite and PostgreSQL (the seeder's SQLite connection runs it in a process whose
 * app database may be PostgreSQL), so it names tables, not the dialect's helpers.
 */
function* countingAsks(now: Date): Generator<Ask, number, unknown> {
	const today = londonDate(now);
	const windowFrom = londonTime(addDays(today, -7 * weeksCounted), '00:00').getTime();
	const windowTo = now.getTime();
	const heardSince = now.getTime() - 365 * day;
	const [build] = yield* read<{ id: number }>(
		sql`INSERT INTO insight_builds (started_at, window_from, window_to, heard_since)
			VALUES (${now.getTime()}, ${windowFrom}, ${windowTo}, ${heardSince}) RETURNING id`
	);
	const buildId = build!.id;

	// Residents: their groups, the area's population in each, and who we have not heard from.
	const [highest] = yield* read<{ max_id: number | null }>(
		sql`SELECT max(id) AS max_id FROM patients`
	);
	const maxId = highest?.max_id ?? 0;
	const residents: Residents = {
		age: new Int8Array(maxId + 1),
		decile: new Int8Array(maxId + 1),
		language: new Int16Array(maxId + 1),
		needs: new Int32Array(maxId + 1),
		known: new Uint8Array(maxId + 1)
	};
	const languageCodes: string[] = ['not_recorded'];
	const languageIndex = new Map([['not_recorded', 0]]);
	const population = new Map<string, [number, number]>();
	const countPerson = (dimension: string, group: string, heard: boolean) => {
		const key = `${dimension}\u0000${group}`;
		const counts = population.get(key) ?? [0, 0];
		counts[0]++;
		if (!heard) counts[1]++;
		population.set(key, counts);
	};
	let after = 0;
	for (;;) {
		const rows = yield* read<{
			id: number;
			date_of_birth: string;
			imd_decile: number | null;
			account_language: string | null;
			interpreter_language: string | null;
			needs: string | null;
			heard: number;
		}>(chunkOf.residents(heardSince, after));
		for (const row of rows) {
			const id = row.id;
			const heard = row.heard === 1;
			const age = ageBandOf(row.date_of_birth, today);
			const language = row.account_language ?? row.interpreter_language ?? 'not_recorded';
			let index = languageIndex.get(language);
			if (index === undefined) {
				index = languageCodes.push(language) - 1;
				languageIndex.set(language, index);
			}
			let needs = row.interpreter_language ? interpreterBit : 0;
			for (const kind of row.needs ? (JSON.parse(row.needs) as string[]) : []) {
				const bit = communicationNeedKinds.indexOf(kind as (typeof communicationNeedKinds)[number]);
				if (bit >= 0) needs |= 1 << bit;
			}
			residents.known[id] = 1;
			residents.age[id] = age;
			residents.decile[id] = row.imd_decile ?? 0;
			residents.language[id] = index;
			residents.needs[id] = needs;
			for (const [dimension, group] of groupsOfResident(residents, id, languageCodes)) {
				countPerson(dimension, group, heard);
			}
		}
		if (rows.length < residentsPerStep) break;
		after = rows.at(-1)!.id;
		yield { step: 'residents' };
	}

	// Events: each counted under its organisation and each of its resident's groups.
	const events = new Map<string, Int32Array>();
	const countEvent = (
		organisationId: number,
		patientId: number | null,
		reached: string,
		measure: number,
		also?: number
	) => {
		const groups =
			patientId !== null && patientId < residents.known.length && residents.known[patientId]
				? groupsOfResident(residents, patientId, languageCodes)
				: unknownGroups;
		for (const [dimension, group] of [...groups, ['reached', reached] as const]) {
			const key = `${organisationId}\u0000${dimension}\u0000${group}`;
			let counts = events.get(key);
			if (!counts) events.set(key, (counts = new Int32Array(groupMeasures.length)));
			counts[measure]!++;
			if (also !== undefined) counts[also]!++;
		}
	};
	const bookings = groupMeasures.indexOf('bookings');
	const cancellations = groupMeasures.indexOf('cancellations');
	const late = groupMeasures.indexOf('lateCancellations');
	const noShows = groupMeasures.indexOf('noShows');
	const requests = groupMeasures.indexOf('requests');

	// Appointments for times in the window, a few hours of every diary at a time.
	let cursor = { start: windowFrom, slot: 0 };
	for (;;) {
		const rows = yield* read<{
			slot_id: number;
			starts_at: number;
			patient_id: number | null;
			status: string | null;
			booked_via: string;
			cancelled_at: number | null;
			organisation_id: number;
			cancellation_cutoff_minutes: number;
			cancelled_by_text: number;
		}>(chunkOf.appointments(cursor, windowTo));
		if (rows.length === 0) break;
		const last = rows.reduce((a, b) =>
			b.starts_at > a.starts_at || (b.starts_at === a.starts_at && b.slot_id > a.slot_id) ? b : a
		);
		cursor = { start: last.starts_at, slot: last.slot_id };
		for (const row of rows) {
			// A slot nobody booked.
			if (row.status === null) continue;
			const reached = reachedOfVia[row.booked_via] ?? 'staff';
			countEvent(row.organisation_id, row.patient_id, reached, bookings);
			if (row.status === 'cancelled') {
				const isLate =
					row.cancelled_at !== null &&
					row.cancelled_at > row.starts_at - row.cancellation_cutoff_minutes * 60_000;
				countEvent(
					row.organisation_id,
					row.patient_id,
					row.cancelled_by_text === 1 ? 'text_reply' : reached,
					cancellations,
					isLate ? late : undefined
				);
			} else if (row.status === 'did_not_attend') {
				countEvent(row.organisation_id, row.patient_id, reached, noShows);
			}
		}
		yield { step: 'appointments' };
	}

	// Requests to be seen made in the window, by id (they are made in id order).
	after = 0;
	for (;;) {
		const rows = yield* read<{
			id: number;
			patient_id: number | null;
			made_via: string;
			asked_by_text_about: number | null;
			created_at: number;
			organisation_id: number;
		}>(chunkOf.requests(after));
		for (const row of rows) {
			if (row.created_at < windowFrom || row.created_at >= windowTo) continue;
			const reached =
				row.asked_by_text_about !== null ? 'text_reply' : (reachedOfVia[row.made_via] ?? 'staff');
			countEvent(row.organisation_id, row.patient_id, reached, requests);
		}
		if (rows.length < requestsPerStep) break;
		after = rows.at(-1)!.id;
		yield { step: 'requests' };
	}

	// The counts written, then the build marked finished: readers switch to it at once.
	// A thousand rows a step: making a statement of them is most of a step's work.
	const eventRows = [...events];
	for (let start = 0; start < eventRows.length; start += rowsPerWrite) {
		const values = eventRows.slice(start, start + rowsPerWrite).map(([key, counts]) => {
			const [organisation, dimension, group] = key.split('\u0000');
			const [booked, cancelled, late, noShow, requested] = counts;
			return sql`(${buildId}, ${Number(organisation)}, ${dimension}, ${group}, ${booked}, ${cancelled}, ${late}, ${noShow}, ${requested})`;
		});
		yield {
			write: inserts(
				sql`INSERT INTO insight_group_events (build_id, organisation_id, dimension, group_key,
					bookings, cancellations, late_cancellations, no_shows, requests)`,
				values
			)
		};
		yield { step: 'writing' };
	}
	const populationRows = [...population].map(([key, [people, notHeard]]) => {
		const [dimension, group] = key.split('\u0000');
		return sql`(${buildId}, ${dimension}, ${group}, ${people}, ${notHeard})`;
	});
	yield {
		write: [
			...inserts(
				sql`INSERT INTO insight_group_population (build_id, dimension, group_key, residents,
					not_heard_from)`,
				populationRows
			),
			sql`UPDATE insight_builds SET finished_at = ${Date.now()} WHERE id = ${buildId}`
		]
	};
	yield { step: 'finishing' };

	// Earlier builds, now unread, removed a chunk at a time. Each is unmarked first, so that a
	// reader that chose one just before sees it gone and reads again (whoIsLeftOut).
	yield* change(sql`UPDATE insight_builds SET finished_at = NULL WHERE id < ${buildId}`);
	while (
		(yield* change(sql`DELETE FROM insight_group_events
			WHERE (build_id, organisation_id, dimension, group_key) IN (
				SELECT build_id, organisation_id, dimension, group_key FROM insight_group_events
				WHERE build_id < ${buildId} LIMIT 5000)`)) > 0
	) {
		yield { step: 'removing' };
	}
	while (
		(yield* change(sql`DELETE FROM insight_group_population
			WHERE (build_id, dimension, group_key) IN (
				SELECT build_id, dimension, group_key FROM insight_group_population
				WHERE build_id < ${buildId} LIMIT 5000)`)) > 0
	) {
		yield { step: 'removing' };
	}
	yield* change(sql`DELETE FROM insight_builds WHERE id < ${buildId}`);
	return buildId;
}

/** What a step of the count did. */
export type CountingStep =
	'residents' | 'appointments' | 'requests' | 'writing' | 'finishing' | 'removing';

/**
 * Counts the figures afresh on a SQLite connection of its own, synchronously, a step at a time:
 * each `next()` reads one bounded chunk. For the demo seeder, which makes its database in a SQLite
 * file whichever database the app uses, and bench/insight-groups.js; the server counts with
 * `counting`.
 */
export function* countingSteps(db: Db, now = new Date()): Generator<CountingStep, number> {
	const asks = countingAsks(now);
	let next = asks.next();
	while (!next.done) {
		const ask = next.value;
		if ('step' in ask) {
			yield ask.step;
			next = asks.next();
		} else if ('read' in ask) next = asks.next(db.all(ask.read));
		else if ('change' in ask) next = asks.next(db.run(ask.change).changes);
		else {
			const { write } = ask;
			db.$client.transaction(() => write.forEach((statement) => db.run(statement))).immediate();
			next = asks.next();
		}
	}
	return next.value;
}

/** Counts the figures afresh in one go on a SQLite connection (the demo's); returns the build's id. */
export function countNow(db: Db, now = new Date()): number {
	const steps = countingSteps(db, now);
	for (;;) {
		const step = steps.next();
		if (step.done) return step.value;
	}
}

/**
 * Counts the figures afresh on the app's database (SQLite or PostgreSQL), a step at a time. On
 * SQLite each step's queries run synchronously one after another, so a step is one short stretch
 * of the event loop, as countingSteps's; the writes' transactions await nothing but their queries.
 */
export async function* counting(now = new Date()): AsyncGenerator<CountingStep, number> {
	const asks = countingAsks(now);
	let next = asks.next();
	while (!next.done) {
		const ask = next.value;
		if ('step' in ask) {
			yield ask.step;
			next = asks.next();
		} else if ('read' in ask) next = asks.next(await rowsOf(database(), ask.read));
		else if ('change' in ask) next = asks.next(await execute(database(), ask.change));
		else {
			const { write } = ask;
			// Writes only, nothing read to keep: no need of the write lock, which on PostgreSQL
			// would hold every instance's bookings back while these rows go in.
			await transaction(async (tx) => {
				for (const statement of write) await execute(tx, statement);
			});
			next = asks.next();
		}
	}
	return next.value;
}

/** Counts the figures afresh in one go on the app's database (tests); returns the build's id. */
export async function countAfresh(now = new Date()): Promise<number> {
	const steps = counting(now);
	for (;;) {
		const step = await steps.next();
		if (step.done) return step.value;
	}
}

/** How often the figures are counted afresh while the server runs. */
const countEvery = 3 * 60 * 60 * 1000;

/**
 * Counts the figures soon after start-up and then every three hours, one chunk per turn of the
 * event loop so that pages are answered in between; returns a stop for shutdown. With several
 * instances, once every three hours by whichever comes first (../jobs.ts): its lease is the
 * period, kept while it counts; a count stopped part-way lets go, so another may count afresh.
 */
export function startCountingInsight(holder = thisInstance): () => Promise<void> {
	let stopped = false;
	let interrupted = false;
	let running: Promise<void> | null = null;
	const turn = turnOf('insight.groups', countEvery, holder);
	const count = async () => {
		if (!(await turn.held())) return;
		const steps = counting();
		for (;;) {
			if (stopped) {
				interrupted = true;
				return;
			}
			if ((await steps.next()).done) return;
			await new Promise((resolve) => setImmediate(resolve));
			// Another instance took over while this one stalled past its lease.
			if (!(await turn.held())) return;
		}
	};
	const run = () => {
		if (running || stopped) return;
		running = count()
			.catch((error: unknown) => console.error('insight: counting failed', error))
			.finally(() => (running = null));
	};
	const first = setTimeout(run, 5_000);
	const timer = setInterval(run, countEvery);
	first.unref();
	timer.unref();
	return async () => {
		stopped = true;
		clearTimeout(first);
		clearInterval(timer);
		await running;
		// Left to run out if it cannot be let go: another instance counts after the lease.
		if (interrupted) await turn.giveUp().catch((error: unknown) => console.error('insight', error));
	};
}

/** The age band's index, by age on `today` (an ISO date). */
export function ageBandOf(dateOfBirth: string, today: string): number {
	const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
	const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
	const age = ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
	let band = 0;
	while (band + 1 < ageBandFloors.length && age >= ageBandFloors[band + 1]!) band++;
	return band;
}

const unknownGroups: [string, string][] = [
	['age', 'unknown'],
	['decile', 'unknown'],
	['core20', 'unknown'],
	['language', 'not_recorded'],
	['needs', 'none']
];

/** The groups a resident is in, one per breakdown (several for their needs). */
function groupsOfResident(
	residents: Residents,
	id: number,
	languageCodes: string[]
): [string, string][] {
	const decile = residents.decile[id]!;
	const groups: [string, string][] = [
		['age', ageBands[residents.age[id]!]!],
		['decile', decile === 0 ? 'unknown' : String(decile)],
		['core20', decile === 0 ? 'unknown' : decile <= 2 ? 'core20' : 'not_core20'],
		['language', languageCodes[residents.language[id]!]!]
	];
	const needs = residents.needs[id]!;
	if (needs === 0) groups.push(['needs', 'none']);
	else {
		communicationNeedKinds.forEach((kind, bit) => {
			if (needs & (1 << bit)) groups.push(['needs', kind]);
		});
		if (needs & interpreterBit) groups.push(['needs', 'interpreter']);
	}
	return groups;
}
