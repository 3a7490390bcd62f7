// The deprivation loader reads the published files' headers, refuses what it cannot use, and
// loads all or nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
	DeprivationFileError,
	areaRow,
	decileColumn,
	fileKind,
	loadDeprivationFiles,
	loadDeprivationTexts,
	postcodeRow
} from './deprivation.js';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'joined-up-deprivation-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));
const written = (name, text) => {
	const file = path.join(folder, name);
	fs.writeFileSync(file, text);
	return file;
};

function migrated() {
	const sqlite = new Database(':memory:');
	migrate(drizzle(sqlite), { migrationsFolder: 'drizzle' });
	return sqlite;
}

// IoD2019 File 7's first columns, as published (a local authority name with a comma, quoted).
const indices2019 = [
	`\uFEFFLSOA code (2011),LSOA name (2011),Local Authority District code (2019),Local Authority District name (2019),Index of Multiple Deprivation (IMD) Score,"Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)",${decileColumn}`,
	'E01000001,City of London 001A,E09000001,City of London,6.208,29199,9',
	'E01014485,"Bristol 032A",E06000023,"Bristol, City of",52.1,1234,1'
].join('\r\n');
// The NSPL's columns around the ones read, in its lower case.
const nspl = [
	'pcd,pcd2,pcds,dointr,doterm,usertype,oseast1m,osnrth1m,lsoa11,msoa11',
	'EC1A1BB,EC1A 1BB,EC1A 1BB,198001,,0,531881,181428,E01000001,E02000001',
	'BS1 4ST,BS1  4ST,BS1 4ST,198001,,0,558000,172000,E01014485,E02003043',
	'EH1 1YZ,EH1  1YZ,EH1 1YZ,198001,,0,325000,673000,S01008677,S02001586',
	'GY1 1AA,GY1  1AA,GY1 1AA,198001,,0,,,,'
].join('\n');

describe('the header of a file', () => {
	it('tells the Indices file (2011 or 2021 areas) from a postcode lookup, a byte-order mark and all', () => {
		expect(
			fileKind(indices2019.split('\r\n')[0].split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/))
		).toMatchObject({
			kind: 'areas',
			census: '2011',
			area: 0
		});
		expect(fileKind(['LSOA code (2021)', 'LSOA name (2021)', decileColumn])).toEqual({
			kind: 'areas',
			census: '2021',
			area: 0,
			decile: 2
		});
		expect(fileKind(['PCDS', 'LSOA21', 'LSOA11'])).toEqual({
			kind: 'postcodes',
			postcode: 0,
			areas: [
				{ census: '2011', area: 2 },
				{ census: '2021', area: 1 }
			]
		});
	});

	it('refuses a file that is neither, saying which columns it needs', () => {
		expect(() => fileKind(['postcode', 'decile'], 'mine.csv')).toThrow(DeprivationFileError);
		expect(() => fileKind(['postcode', 'decile'], 'mine.csv')).toThrow(
			/^mine\.csv[^]*"LSOA code \(2011\)"/
		);
		// The decile without the small area is not enough.
		expect(() => fileKind([decileColumn, 'LSOA name (2011)'])).toThrow(/no "LSOA code/);
	});
});

describe('a row', () => {
	it('of the Indices must be an English small area with a decile 1 to 10', () => {
		const columns = { area: 0, decile: 1 };
		expect(areaRow(['E01000001', '9'], columns, 2)).toEqual({ lsoa: 'E01000001', decile: 9 });
		expect(() => areaRow(['W01000001', '3'], columns, 5)).toThrow(/line 5/);
		expect(() => areaRow(['E01000001', '11'], columns, 6)).toThrow(/line 6.*1 to 10/);
		expect(() => areaRow(['E01000001', '2.5'], columns, 7)).toThrow(DeprivationFileError);
		expect(() => areaRow(['E01000001', ''], columns, 8)).toThrow(DeprivationFileError);
	});

	it('of a postcode lookup is left out outside England or without a small area', () => {
		expect(postcodeRow(['EC1A 1BB', 'E01000001'], 0, 1)).toEqual({
			postcode: 'EC1A 1BB',
			lsoa: 'E01000001'
		});
		expect(postcodeRow(['EH1 1YZ', 'S01008677'], 0, 1)).toBeNull();
		expect(postcodeRow(['GY1 1AA', ''], 0, 1)).toBeNull();
	});
});

describe('loading the files', () => {
	it('replaces the lookup with the files, postcodes kept compact, and says how many rows', async () => {
		const sqlite = migrated();
		sqlite.exec(`INSERT INTO deprivation_areas VALUES ('E01999999', 5)`);
		const loaded = await loadDeprivationFiles(sqlite, [
			written('nspl.csv', nspl),
			written('iod.csv', indices2019)
		]);
		expect(loaded).toEqual({ areas: 2, postcodes: 2, skipped: 2 });
		expect(sqlite.prepare('SELECT * FROM deprivation_areas ORDER BY lsoa_code').all()).toEqual([
			{ lsoa_code: 'E01000001', imd_decile: 9 },
			{ lsoa_code: 'E01014485', imd_decile: 1 }
		]);
		expect(sqlite.prepare('SELECT * FROM postcode_areas ORDER BY postcode').all()).toEqual([
			{ postcode: 'BS14ST', lsoa_code: 'E01014485' },
			{ postcode: 'EC1A1BB', lsoa_code: 'E01000001' }
		]);
	});

	it('loads nothing when a row is wrong, or the files use different censuses', async () => {
		const sqlite = migrated();
		sqlite.exec(`INSERT INTO deprivation_areas VALUES ('E01999999', 5)`);
		const broken = written('broken.csv', `${indices2019}\r\nE01000002,Somewhere,E09,Here,1,2,0`);
		await expect(loadDeprivationFiles(sqlite, [broken, written('nspl.csv', nspl)])).rejects.toThrow(
			/line 4/
		);
		const newer = written('nspl21.csv', 'pcds,lsoa21\nEC1A 1BB,E01000001');
		await expect(
			loadDeprivationFiles(sqlite, [written('iod.csv', indices2019), newer])
		).rejects.toThrow(/lsoa11/);
		await expect(loadDeprivationFiles(sqlite, [written('iod.csv', indices2019)])).rejects.toThrow(
			/no postcode lookup/
		);
		expect(sqlite.prepare('SELECT * FROM deprivation_areas').all()).toEqual([
			{ lsoa_code: 'E01999999', imd_decile: 5 }
		]);
	});

	it("loads the demo's made-up lookup, which covers every postcode the demo and bench draw", () => {
		const sqlite = migrated();
		const folder = 'src/lib/server/demo/deprivation';
		const loaded = loadDeprivationTexts(sqlite, {
			indices: fs.readFileSync(path.join(folder, 'made-up-iod.csv'), 'utf8'),
			postcodes: fs.readFileSync(path.join(folder, 'made-up-postcodes.csv'), 'utf8')
		});
		expect(loaded.areas).toBe(180);
		expect(loaded.postcodes).toBeGreaterThan(1400);
		const decile = sqlite.prepare(
			`SELECT imd_decile FROM postcode_areas JOIN deprivation_areas USING (lsoa_code) WHERE postcode = ?`
		);
		// Grace's postcode, and one the bench draws.
		expect(decile.pluck().get('E201QP')).toBeTypeOf('number');
		expect(decile.pluck().get('SE229TU')).toBeTypeOf('number');
	});
});

// With several instances the lookup is loaded into PostgreSQL (README, "Running several
// instances"): the postgres project runs this file on a database of its own (DATABASE_URL).
describe.runIf(process.env.DATABASE_URL)('loading the files into PostgreSQL', () => {
	/** A client on this file's PostgreSQL database, its lookup empty; ended after the test. */
	async function connected(onEnd) {
		const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
		await client.connect();
		onEnd(() => client.end());
		await client.query('DELETE FROM postcode_areas; DELETE FROM deprivation_areas');
		return client;
	}
	const rows = async (client, table) =>
		(await client.query(`SELECT * FROM ${table} ORDER BY 1`)).rows;

	it('gives the same lookup as SQLite, a postcode listed twice keeping its last area', async ({
		onTestFinished
	}) => {
		const client = await connected(onTestFinished);
		await client.query(`INSERT INTO deprivation_areas VALUES ('E01999999', 5)`);
		const files = [
			written('nspl.csv', `${nspl}\nEC1A 1BB,EC1A 1BB,EC1A 1BB,198001,,0,1,1,E01014485,E0`),
			written('iod.csv', indices2019)
		];
		const sqlite = migrated();
		expect(await loadDeprivationFiles(client, files)).toEqual(
			await loadDeprivationFiles(sqlite, files)
		);
		expect(await rows(client, 'deprivation_areas')).toEqual(
			sqlite.prepare('SELECT * FROM deprivation_areas ORDER BY 1').all()
		);
		const postcodes = await rows(client, 'postcode_areas');
		expect(postcodes).toEqual(sqlite.prepare('SELECT * FROM postcode_areas ORDER BY 1').all());
		expect(postcodes).toContainEqual({ postcode: 'EC1A1BB', lsoa_code: 'E01014485' });
	});

	it('loads nothing when an area is listed twice or the censuses differ', async ({
		onTestFinished
	}) => {
		const client = await connected(onTestFinished);
		await client.query(`INSERT INTO deprivation_areas VALUES ('E01999999', 5)`);
		const twice = written('twice.csv', `${indices2019}\r\nE01000001,Again,E09,Here,1,2,3`);
		await expect(loadDeprivationFiles(client, [twice, written('nspl.csv', nspl)])).rejects.toThrow(
			/E01000001 is listed twice/
		);
		const newer = written('nspl21.csv', 'pcds,lsoa21\nEC1A 1BB,E01000001');
		await expect(
			loadDeprivationFiles(client, [written('iod.csv', indices2019), newer])
		).rejects.toThrow(/lsoa11/);
		expect(await rows(client, 'deprivation_areas')).toEqual([
			{ lsoa_code: 'E01999999', imd_decile: 5 }
		]);
		expect(await rows(client, 'postcode_areas')).toEqual([]);
	});

	it(
		'writes a large lookup in batches, every postcode kept',
		{ timeout: 60_000 },
		async ({ onTestFinished }) => {
			const client = await connected(onTestFinished);
			const many = Array.from(
				{ length: 12_345 },
				(_, n) => `Z${n} 1AA,Z${n}  1AA,Z${n} 1AA,198001,,0,1,1,E01000001,E0`
			);
			const loaded = await loadDeprivationFiles(client, [
				written('iod.csv', indices2019),
				written('many.csv', [nspl, ...many].join('\n'))
			]);
			expect(loaded.postcodes).toBe(2 + many.length);
			const { rows: counted } = await client.query('SELECT count(*)::int AS n FROM postcode_areas');
			expect(counted[0].n).toBe(2 + many.length);
		}
	);
});
