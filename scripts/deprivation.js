// Reading the published deprivation files into the lookup the insight pages group residents by
// (src/lib/server/db/schema/insight.ts): the English Indices of Deprivation's file of every small
// area's decile, and ONS's postcode lookup saying which small area each postcode is in.
// Used by `npm run insight:load-deprivation` (load-deprivation.js) and by the demo, which loads
// its made-up lookup the same way (src/lib/server/demo/deprivation/).
import fs from 'node:fs';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';

/** The decile column of the English Indices of Deprivation (2019 File 7, 2025 File 7). */
export const decileColumn =
	'Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)';

/**
 * The small-area code columns, by the census whose areas a file uses: the Indices' column and
 * the postcode lookup's (NSPL and ONSPD name it `lsoa11` or `lsoa21`). Both files must use the
 * same census's areas: IoD2019 uses 2011's, IoD2025 2021's.
 */
export const areaVintages = [
	{ census: '2011', indices: 'LSOA code (2011)', postcodes: 'lsoa11' },
	{ census: '2021', indices: 'LSOA code (2021)', postcodes: 'lsoa21' }
];

/** The postcode columns of ONS's lookups, preferred first: `pcds` is the one-space form. */
export const postcodeColumns = ['pcds', 'pcd', 'pcd7', 'pcd8', 'pcd2'];

/** What the command expects, for its usage text and errors. */
export const expectedColumns = `The Indices of Deprivation file (IoD2019 or IoD2025 "File 7", CSV) needs the columns
  "LSOA code (2011)" (IoD2019) or "LSOA code (2021)" (IoD2025), and
  "${decileColumn}".
The postcode file (ONS's National Statistics Postcode Lookup, NSPL, or the ONS Postcode Directory,
CSV) needs a postcode column (${postcodeColumns.join(', ')}) and the small area of the same census:
  "lsoa11" with IoD2019, "lsoa21" with IoD2025.
Other columns are ignored; column names of the postcode file are matched whatever their case.`;

/**
 * @typedef {{ kind: 'areas', census: string, area: number, decile: number }} AreasFile
 * @typedef {{ kind: 'postcodes', postcode: number, areas: { census: string, area: number }[] }} PostcodesFile
 */

/** A file that cannot be loaded, with a message meant for the operator. */
export class DeprivationFileError extends Error {
	name = 'DeprivationFileError';
}

const englishArea = /^E01\d{6}$/;

/**
 * What a file is, from its header row: the Indices (`areas`) or a postcode lookup
 * (`postcodes`), and where its columns are. Throws when it is neither.
 * @param {string[]} header
 * @param {string} name the file's name, for the message
 * @returns {AreasFile | PostcodesFile}
 */
export function fileKind(header, name = 'the file') {
	const columns = header.map((column, n) => (n === 0 ? column.replace(/^\uFEFF/, '') : column));
	const at = (/** @type {string} */ wanted) => columns.findIndex((c) => c.trim() === wanted);
	const atAnyCase = (/** @type {string} */ wanted) =>
		columns.findIndex((c) => c.trim().toLowerCase() === wanted);
	const decile = at(decileColumn);
	if (decile >= 0) {
		const vintage = areaVintages.find((v) => at(v.indices) >= 0);
		if (!vintage) {
			throw new DeprivationFileError(
				`${name} has the decile column but no "LSOA code (2011)" or "LSOA code (2021)" column.\n${expectedColumns}`
			);
		}
		return { kind: 'areas', census: vintage.census, area: at(vintage.indices), decile };
	}
	const postcode = postcodeColumns.map(atAnyCase).find((n) => n >= 0);
	const areas = areaVintages
		.map((v) => ({ census: v.census, area: atAnyCase(v.postcodes) }))
		.filter((v) => v.area >= 0);
	if (postcode !== undefined && areas.length > 0) {
		return { kind: 'postcodes', postcode, areas };
	}
	throw new DeprivationFileError(
		`${name} is neither the Indices of Deprivation file nor a postcode lookup: its header is not as expected.\n${expectedColumns}`
	);
}

/**
 * One row of the Indices: the area and its decile, or an error naming the line.
 * @param {string[]} record
 * @param {{ area: number, decile: number }} columns
 * @param {number} line
 */
export function areaRow(record, columns, line) {
	const lsoa = (record[columns.area] ?? '').trim();
	const decile = Number((record[columns.decile] ?? '').trim());
	if (!englishArea.test(lsoa)) {
		throw new DeprivationFileError(`line ${line}: "${lsoa}" is not an English LSOA code`);
	}
	if (!Number.isInteger(decile) || decile < 1 || decile > 10) {
		throw new DeprivationFileError(
			`line ${line}: the decile of ${lsoa} is not a whole number 1 to 10`
		);
	}
	return { lsoa, decile };
}

/**
 * One row of a postcode lookup: the postcode and its English small area; null for a postcode
 * outside England or with no small area (Scottish, Welsh, Channel Islands, non-geographic).
 * @param {string[]} record
 * @param {number} postcodeAt
 * @param {number} areaAt
 */
export function postcodeRow(record, postcodeAt, areaAt) {
	const postcode = (record[postcodeAt] ?? '').trim();
	const lsoa = (record[areaAt] ?? '').trim();
	if (!postcode || !englishArea.test(lsoa)) return null;
	return { postcode, lsoa };
}

/**
 * Loads the files into the lookup, replacing what was there, in one transaction: nothing
 * changes unless every file is sound. Large files are read as a stream. The database is the
 * SQLite file (better-sqlite3) or, with several instances, PostgreSQL (a node-postgres client).
 * @param {import('better-sqlite3').Database | import('pg').Client} database
 * @param {string[]} files
 * @returns {Promise<{ areas: number, postcodes: number, skipped: number }>}
 */
export async function loadDeprivationFiles(database, files) {
	/** @type {{ census: string, rows: { lsoa: string, decile: number }[] } | null} */
	let indices = null;
	/** @type {{ file: string, header: string[] }[]} */
	const postcodeFiles = [];
	for (const file of files) {
		const header = await firstRecord(file);
		const kind = fileKind(header, file);
		if (kind.kind === 'areas') {
			if (indices) throw new DeprivationFileError('give one Indices of Deprivation file, not two');
			indices = { census: kind.census, rows: [] };
			let line = 0;
			for await (const record of records(file)) {
				// The header is line 1.
				if (++line > 1) indices.rows.push(areaRow(record, kind, line));
			}
		} else postcodeFiles.push({ file, header });
	}
	if (!indices)
		throw new DeprivationFileError(`no Indices of Deprivation file.\n${expectedColumns}`);
	if (postcodeFiles.length === 0)
		throw new DeprivationFileError(`no postcode lookup.\n${expectedColumns}`);

	const write = 'prepare' in database ? writer(database) : postgresWriter(database);
	let postcodes = 0;
	let skipped = 0;
	await write.begin();
	try {
		await write.clear();
		for (const row of indices.rows) await write.area(row);
		for (const { file, header } of postcodeFiles) {
			const kind = fileKind(header, file);
			if (kind.kind !== 'postcodes') continue;
			const area = kind.areas.find((a) => a.census === indices.census);
			if (!area) {
				throw new DeprivationFileError(
					`${file} has no small-area column of the ${indices.census} census, which the Indices file uses ("lsoa${indices.census.slice(2)}").`
				);
			}
			let first = true;
			for await (const record of records(file)) {
				if (first) {
					first = false;
					continue;
				}
				const row = postcodeRow(record, kind.postcode, area.area);
				if (row) {
					await write.postcode(row);
					postcodes++;
				} else skipped++;
			}
		}
		await write.commit();
	} catch (error) {
		await write.rollback();
		throw error;
	}
	return { areas: indices.rows.length, postcodes, skipped };
}

/**
 * The same for small files read at once, inside the caller's transaction (the demo's made-up
 * lookup, loaded while the demo is seeded).
 * @param {import('better-sqlite3').Database} sqlite
 * @param {{ indices: string, postcodes: string }} texts the two files' contents
 */
export function loadDeprivationTexts(sqlite, texts) {
	/** @type {string[][]} */
	const [indicesHeader = [], ...areaRecords] = parseSync(texts.indices, {
		bom: true,
		relax_column_count: true
	});
	const indices = fileKind(indicesHeader, 'the Indices file');
	/** @type {string[][]} */
	const [postcodeHeader = [], ...postcodeRecords] = parseSync(texts.postcodes, {
		bom: true,
		relax_column_count: true
	});
	const lookup = fileKind(postcodeHeader, 'the postcode file');
	if (indices.kind !== 'areas' || lookup.kind !== 'postcodes') {
		throw new DeprivationFileError('the files are not an Indices file and a postcode lookup');
	}
	const area = lookup.areas.find((a) => a.census === indices.census);
	if (!area) throw new DeprivationFileError('the files use small areas of different censuses');
	const write = writer(sqlite);
	write.clear();
	areaRecords.forEach((record, n) => write.area(areaRow(record, indices, n + 2)));
	let postcodes = 0;
	for (const record of postcodeRecords) {
		const row = postcodeRow(record, lookup.postcode, area.area);
		if (row) {
			write.postcode(row);
			postcodes++;
		}
	}
	return { areas: areaRecords.length, postcodes };
}

/** @param {import('better-sqlite3').Database} sqlite */
function writer(sqlite) {
	const area = sqlite.prepare(
		'INSERT INTO deprivation_areas (lsoa_code, imd_decile) VALUES (@lsoa, @decile)'
	);
	// Postcodes compact, as assist.ts compares them: upper case, no spaces. A postcode listed
	// twice (a lookup's terminated and live rows) keeps its last small area.
	const postcode = sqlite.prepare(
		`INSERT INTO postcode_areas (postcode, lsoa_code) VALUES (upper(replace(@postcode, ' ', '')), @lsoa)
		 ON CONFLICT (postcode) DO UPDATE SET lsoa_code = excluded.lsoa_code`
	);
	return {
		begin: () => sqlite.exec('BEGIN IMMEDIATE'),
		commit: () => sqlite.exec('COMMIT'),
		rollback: () => sqlite.exec('ROLLBACK'),
		clear: () => sqlite.exec('DELETE FROM postcode_areas; DELETE FROM deprivation_areas;'),
		area: (/** @type {{ lsoa: string, decile: number }} */ row) => {
			try {
				area.run(row);
			} catch {
				throw new DeprivationFileError(`${row.lsoa} is listed twice in the Indices file`);
			}
		},
		postcode: (/** @type {{ postcode: string, lsoa: string }} */ row) => postcode.run(row)
	};
}

/** Rows sent to PostgreSQL in one statement: a round trip per row would take minutes for the NSPL. */
const rowsPerInsert = 5_000;

/**
 * The same writes on PostgreSQL, in batches. Postcodes are made compact here, as SQLite's
 * statement does; one listed twice keeps its last small area (a batch holds each once, as one
 * statement may not update a row twice).
 * @param {import('pg').Client} client
 */
function postgresWriter(client) {
	/** @type {Set<string>} */
	const areasSeen = new Set();
	/** @type {{ lsoa: string, decile: number }[]} */
	let areas = [];
	/** @type {Map<string, string>} */
	let postcodes = new Map();
	/** `INSERT … VALUES ($1, $2), ($3, $4), …` for `rows` pairs of values. */
	const values = (/** @type {number} */ rows) =>
		Array.from({ length: rows }, (_, n) => `($${2 * n + 1}, $${2 * n + 2})`).join(', ');
	const flushAreas = async () => {
		if (areas.length === 0) return;
		await client.query(
			`INSERT INTO deprivation_areas (lsoa_code, imd_decile) VALUES ${values(areas.length)}`,
			areas.flatMap((row) => [row.lsoa, row.decile])
		);
		areas = [];
	};
	const flushPostcodes = async () => {
		if (postcodes.size === 0) return;
		await client.query(
			`INSERT INTO postcode_areas (postcode, lsoa_code) VALUES ${values(postcodes.size)}
			 ON CONFLICT (postcode) DO UPDATE SET lsoa_code = excluded.lsoa_code`,
			[...postcodes].flat()
		);
		postcodes = new Map();
	};
	return {
		begin: () => client.query('BEGIN'),
		commit: async () => {
			await flushAreas();
			await flushPostcodes();
			await client.query('COMMIT');
		},
		rollback: () => client.query('ROLLBACK'),
		clear: () => client.query('DELETE FROM postcode_areas; DELETE FROM deprivation_areas'),
		area: async (/** @type {{ lsoa: string, decile: number }} */ row) => {
			if (areasSeen.has(row.lsoa)) {
				throw new DeprivationFileError(`${row.lsoa} is listed twice in the Indices file`);
			}
			areasSeen.add(row.lsoa);
			areas.push(row);
			if (areas.length >= rowsPerInsert) await flushAreas();
		},
		postcode: async (/** @type {{ postcode: string, lsoa: string }} */ row) => {
			const compact = row.postcode.replaceAll(' ', '').toUpperCase();
			postcodes.delete(compact);
			postcodes.set(compact, row.lsoa);
			if (postcodes.size >= rowsPerInsert) await flushPostcodes();
		}
	};
}

/** @param {string} file */
function records(file) {
	return fs
		.createReadStream(file)
		.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true }));
}

/** @param {string} file */
async function firstRecord(file) {
	if (!fs.existsSync(file)) throw new DeprivationFileError(`there is no file ${file}`);
	for await (const record of records(file)) return /** @type {string[]} */ (record);
	throw new DeprivationFileError(`${file} is empty`);
}
