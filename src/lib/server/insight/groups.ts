// "Who is being left out": bookings, cancellations, no-shows and requests of the last 26 weeks,
// and the residents we have not heard from in 12 months, by age band, deprivation decile (and
// Core20), preferred language, communication needs and how people reached us; each group beside
// the number of the area's registered residents in it.
//
// These read every appointment of the ICS, so the pages never count them live: a summary
// (schema/insight.ts) is rebuilt from the facts in bounded chunks, each a short read, with the
// event loop free between them (better-sqlite3 is synchronous), and the pages read the newest
// finished build, a few hundred rows. Counts are raw: suppression is applied where they are shown.
import type Database from 'better-sqlite3';
import { addDays, londonDate, londonTime } from '$lib/time';
import { database, type Db } from '../db';
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

const eventSums = `SELECT dimension, group_key, sum(bookings) AS bookings,
	sum(cancellations) AS cancellations, sum(late_cancellations) AS late_cancellations,
	sum(no_shows) AS no_shows, sum(requests) AS requests
 FROM insight_group_events`;

/** What the page's figures are read with (exported for bench/insight.js's plans). */
export const readingStatements = {
	build: `SELECT id, finished_at, window_from, window_to, heard_since FROM insight_builds
		WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1`,
	allEvents: `${eventSums} WHERE build_id = ? GROUP BY dimension, group_key`,
	scopedEvents: `${eventSums}
		WHERE build_id = ? AND organisation_id IN (SELECT value FROM json_each(?))
		GROUP BY dimension, group_key`,
	population: `SELECT dimension, group_key, residents, not_heard_from
		FROM insight_group_population WHERE build_id = ?`
};

/**
 * The newest counted figures for a scope, or null before the first count has finished. Events
 * are those of the scope's organisations' services; the population and "not heard from" are the
 * whole area's, whichever organisations are in scope.
 */
export function whoIsLeftOut(scope: InsightScope, db: Db = database()): WhoIsLeftOut | null {
	const sqlite = db.$client;
	const build = sqlite.prepare(readingStatements.build).get() as
		| {
				id: number;
				finished_at: number;
				window_from: number;
				window_to: number;
				heard_since: number;
		  }
		| undefined;
	if (!build) return null;
	const organisations = scope === 'all' ? null : scope.filter((id) => Number.isSafeInteger(id));
	const events = sqlite
		.prepare(organisations ? readingStatements.scopedEvents : readingStatements.allEvents)
		.all(build.id, ...(organisations ? [JSON.stringify(organisations)] : [])) as {
		dimension: InsightDimension;
		group_key: string;
		bookings: number;
		cancellations: number;
		late_cancellations: number;
		no_shows: number;
		requests: number;
	}[];
	const population = sqlite.prepare(readingStatements.population).all(build.id) as {
		dimension: Exclude<InsightDimension, 'reached'>;
		group_key: string;
		residents: number;
		not_heard_from: number;
	}[];
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

/** The statements that read the facts, a chunk each (exported for bench/insight.js's plans). */
export const countingStatements = {
	residentChunk: `SELECT p.id, p.date_of_birth, d.imd_decile, u.language AS account_language,
			n.interpreter_language, n.needs,
			EXISTS (SELECT 1 FROM activity_log l WHERE l.subject_patient_id = p.id AND l.at >= @since)
			OR EXISTS (SELECT 1 FROM contact_requests r WHERE r.patient_id = p.id AND r.created_at >= @since)
			OR EXISTS (SELECT 1 FROM appointments a JOIN slots s ON s.id = a.slot_id
				WHERE a.patient_id = p.id AND (s.starts_at >= @since OR a.created_at >= @since)) AS heard
		 FROM patients p
		 LEFT JOIN postcode_areas pa ON pa.postcode = upper(replace(p.postcode, ' ', ''))
		 LEFT JOIN deprivation_areas d ON d.lsoa_code = pa.lsoa_code
		 LEFT JOIN users u ON u.patient_id = p.id
		 LEFT JOIN communication_needs n ON n.patient_id = p.id
		 WHERE p.id > @after ORDER BY p.id LIMIT @limit`,
	// The next slots in time order (a keyset on slots_start, whose entries hold the id), each
	// with its appointments: a step reads a bounded number of slots however busy the diaries.
	appointmentChunk: `SELECT s.id AS slot_id, s.starts_at, a.patient_id, a.status, a.booked_via,
			a.cancelled_at, v.organisation_id, v.cancellation_cutoff_minutes,
			a.status = 'cancelled' AND EXISTS (SELECT 1 FROM text_questions q
				JOIN received_texts t ON t.question_id = q.id
				WHERE q.appointment_id = a.id AND t.outcome = 'cancelled') AS cancelled_by_text
		 FROM (SELECT id, service_id, starts_at FROM slots INDEXED BY slots_start
			WHERE (starts_at, id) > (@start, @slot) AND starts_at < @to
			ORDER BY starts_at, id LIMIT @limit) s
		 LEFT JOIN appointments a ON a.slot_id = s.id
		 JOIN services v ON v.id = s.service_id`,
	requestChunk: `SELECT r.id, r.patient_id, r.made_via, r.asked_by_text_about, r.created_at, v.organisation_id
		 FROM contact_requests r JOIN services v ON v.id = r.service_id
		 WHERE r.id > ? ORDER BY r.id LIMIT ?`
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
 * Counts the figures afresh, a step at a time: each `next()` reads one bounded chunk. The new
 * build is read only once finished; the builds before it are then removed, a chunk at a time.
 */
export function* countingSteps(
	db: Db = database(),
	now = new Date()
): Generator<CountingStep, number> {
	const sqlite = db.$client;
	const today = londonDate(now);
	const windowFrom = londonTime(addDays(today, -7 * weeksCounted), '00:00').getTime();
	const windowTo = now.getTime();
	const heardSince = now.getTime() - 365 * day;
	const buildId = Number(
		sqlite
			.prepare(
				`INSERT INTO insight_builds (started_at, window_from, window_to, heard_since) VALUES (?, ?, ?, ?)`
			)
			.run(now.getTime(), windowFrom, windowTo, heardSince).lastInsertRowid
	);

	// Residents: their groups, the area's population in each, and who we have not heard from.
	const maxId =
		(sqlite.prepare(`SELECT max(id) FROM patients`).pluck().get() as number | null) ?? 0;
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
	const residentChunk = sqlite.prepare(countingStatements.residentChunk);
	let after = 0;
	for (;;) {
		const rows = residentChunk.all({ since: heardSince, after, limit: residentsPerStep }) as {
			id: number;
			date_of_birth: string;
			imd_decile: number | null;
			account_language: string | null;
			interpreter_language: string | null;
			needs: string | null;
			heard: number;
		}[];
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
		yield 'residents';
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

	// Appointments for times in the window, a few hours of every diary at a time (slots_start).
	const appointmentChunk = sqlite.prepare(countingStatements.appointmentChunk);
	let cursor = { start: windowFrom, slot: 0 };
	for (;;) {
		const rows = appointmentChunk.all({
			...cursor,
			to: windowTo,
			limit: slotsPerStep
		}) as {
			slot_id: number;
			starts_at: number;
			patient_id: number | null;
			status: string | null;
			booked_via: string;
			cancelled_at: number | null;
			organisation_id: number;
			cancellation_cutoff_minutes: number;
			cancelled_by_text: number;
		}[];
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
					row.cancelled_by_text ? 'text_reply' : reached,
					cancellations,
					isLate ? late : undefined
				);
			} else if (row.status === 'did_not_attend') {
				countEvent(row.organisation_id, row.patient_id, reached, noShows);
			}
		}
		yield 'appointments';
	}

	// Requests to be seen made in the window, by id (they are made in id order).
	const requestChunk = sqlite.prepare(countingStatements.requestChunk);
	after = 0;
	for (;;) {
		const rows = requestChunk.all(after, requestsPerStep) as {
			id: number;
			patient_id: number | null;
			made_via: string;
			asked_by_text_about: number | null;
			created_at: number;
			organisation_id: number;
		}[];
		for (const row of rows) {
			if (row.created_at < windowFrom || row.created_at >= windowTo) continue;
			const reached =
				row.asked_by_text_about !== null ? 'text_reply' : (reachedOfVia[row.made_via] ?? 'staff');
			countEvent(row.organisation_id, row.patient_id, reached, requests);
		}
		if (rows.length < requestsPerStep) break;
		after = rows.at(-1)!.id;
		yield 'requests';
	}

	// The counts written, then the build marked finished: readers switch to it at once.
	const writeEvent = sqlite.prepare(
		`INSERT INTO insight_group_events (build_id, organisation_id, dimension, group_key, bookings,
			cancellations, late_cancellations, no_shows, requests) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	);
	const writePopulation = sqlite.prepare(
		`INSERT INTO insight_group_population (build_id, dimension, group_key, residents, not_heard_from)
		 VALUES (?, ?, ?, ?, ?)`
	);
	const eventRows = [...events];
	for (let start = 0; start < eventRows.length; start += 5_000) {
		writeRows(sqlite, () => {
			for (const [key, counts] of eventRows.slice(start, start + 5_000)) {
				const [organisation, dimension, group] = key.split('\u0000');
				writeEvent.run(buildId, Number(organisation), dimension, group, ...counts);
			}
		});
		yield 'writing';
	}
	writeRows(sqlite, () => {
		for (const [key, [people, notHeard]] of population) {
			const [dimension, group] = key.split('\u0000');
			writePopulation.run(buildId, dimension, group, people, notHeard);
		}
		sqlite
			.prepare(`UPDATE insight_builds SET finished_at = ? WHERE id = ?`)
			.run(Date.now(), buildId);
	});
	yield 'finishing';

	// Earlier builds, now unread, removed a chunk at a time.
	for (const table of ['insight_group_events', 'insight_group_population']) {
		const remove = sqlite.prepare(
			`DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE build_id < ? LIMIT 5000)`
		);
		while (remove.run(buildId).changes > 0) yield 'removing';
	}
	sqlite.prepare(`DELETE FROM insight_builds WHERE id < ?`).run(buildId);
	return buildId;
}

/** What a step of the count did. */
export type CountingStep =
	'residents' | 'appointments' | 'requests' | 'writing' | 'finishing' | 'removing';

/** Counts the figures afresh in one go (the demo at start-up, tests); returns the build's id. */
export function countNow(db: Db = database(), now = new Date()): number {
	const steps = countingSteps(db, now);
	for (;;) {
		const step = steps.next();
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
export function startCountingInsight(
	db: () => Db = database,
	holder = thisInstance
): () => Promise<void> {
	let stopped = false;
	let interrupted = false;
	let running: Promise<void> | null = null;
	const turn = turnOf('insight.groups', countEvery, holder);
	const count = async () => {
		if (!(await turn.held())) return;
		const steps = countingSteps(db());
		for (;;) {
			if (stopped) {
				interrupted = true;
				return;
			}
			if (steps.next().done) return;
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

function writeRows(sqlite: Database.Database, write: () => void): void {
	sqlite.transaction(write).immediate();
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
