// Loads the deprivation lookup the insight pages group residents by, from the published files,
// replacing the one loaded before, in one transaction.
//
//   npm run insight:load-deprivation -- <indices.csv> <postcodes.csv> [more postcode files]
//
// The database is found as the server finds it: PostgreSQL at DATABASE_URL, or the SQLite file
// (DATABASE_PATH, or data/joined-up.db). The files, and where to get them: README.md
// ("Deprivation lookup").
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { liveDatabasePath } from './db-backup.js';
import { DeprivationFileError, expectedColumns, loadDeprivationFiles } from './deprivation.js';

const usage = `usage: npm run insight:load-deprivation -- <indices.csv> <postcodes.csv> [more postcode files]

${expectedColumns}`;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	const files = process.argv.slice(2);
	if (files.length < 2 || files.includes('--help')) {
		console.error(usage);
		process.exit(2);
	}
	const postgresUrl = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '')
		? process.env.DATABASE_URL
		: null;
	const file = postgresUrl ? null : path.resolve(liveDatabasePath());
	/** @type {Database.Database | pg.Client} */
	let database;
	if (postgresUrl) {
		database = new pg.Client({ connectionString: postgresUrl });
		await database.connect();
	} else {
		database = new Database(/** @type {string} */ (file), { fileMustExist: true });
		database.pragma('busy_timeout = 5000');
	}
	const began = performance.now();
	try {
		const loaded = await loadDeprivationFiles(database, files);
		console.log(
			`Loaded ${loaded.areas} small areas and ${loaded.postcodes} postcodes into ${file ?? 'PostgreSQL (DATABASE_URL)'} ` +
				`(${loaded.skipped} postcodes outside England or with no small area left out) ` +
				`in ${((performance.now() - began) / 1000).toFixed(1)} s.`
		);
	} catch (error) {
		if (!(error instanceof DeprivationFileError)) throw error;
		console.error(`Nothing was loaded: ${error.message}`);
		process.exitCode = 1;
	} finally {
		if ('prepare' in database) database.close();
		else await database.end();
	}
}
