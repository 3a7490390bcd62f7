// A consistent copy of the live database, made with SQLite's online backup, safe while the server
// runs. Copying the file instead could catch a page half written, or miss the changes still in
// the -wal file.
//
//   npm run db:backup -- <file>
//
// The database is found as the server finds it (src/lib/server/config.ts): DATABASE_PATH, or
// data/demo.db when JOINED_UP_DEMO=true, or data/joined-up.db. How to restore: README.md.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';

/** The same rule as src/lib/server/config.ts, which a plain Node script cannot import. */
export function liveDatabasePath(env = process.env) {
	return (
		env.DATABASE_PATH ??
		path.join('data', env.JOINED_UP_DEMO === 'true' ? 'demo.db' : 'joined-up.db')
	);
}

/** A backup that could not be made, with a message meant for the person running it. */
export class BackupFailed extends Error {
	name = 'BackupFailed';
}

/**
 * Copies the database at `from` to the new file `to`, checks the copy, and returns what it wrote.
 * @param {string} from
 * @param {string} to
 * @returns {Promise<{ file: string, pages: number, bytes: number }>}
 */
export async function backUpDatabase(from, to) {
	const source = path.resolve(from);
	const target = path.resolve(to);
	if (source === target) {
		throw new BackupFailed('the backup must be a different file from the database');
	}
	if (!fs.existsSync(source)) throw new BackupFailed(`there is no database at ${source}`);
	// Never over an earlier backup, or over a database someone means to restore.
	if (fs.existsSync(target)) {
		throw new BackupFailed(`${target} already exists; choose a new file name`);
	}
	if (!fs.existsSync(path.dirname(target))) {
		throw new BackupFailed(`the folder ${path.dirname(target)} does not exist`);
	}

	// Written under another name and renamed once checked, so a backup that fails part way never
	// leaves a file that looks like a good one.
	const partial = `${target}.partial`;
	const removePartial = () => {
		for (const suffix of ['', '-wal', '-shm', '-journal']) {
			fs.rmSync(partial + suffix, { force: true });
		}
	};
	removePartial();
	let live;
	try {
		live = new Database(source, { readonly: true, fileMustExist: true });
		live.pragma('busy_timeout = 5000');
		// All pages in one step. In WAL mode a reader holds up no writer, so the server carries on
		// while the copy is made; in several steps, each write the server made between two of them
		// would start the copy again, and on a busy server it might never finish.
		const { totalPages } = await live.backup(partial, { progress: () => 0x7fffffff });
		const copy = new Database(partial, { fileMustExist: true });
		try {
			const integrity = copy.pragma('integrity_check', { simple: true });
			if (integrity !== 'ok') {
				throw new BackupFailed(`the copy failed its integrity check: ${integrity}`);
			}
			// A backup is one file: the copy keeps no write-ahead log of its own.
			copy.pragma('journal_mode = DELETE');
		} finally {
			copy.close();
		}
		fs.renameSync(partial, target);
		return { file: target, pages: totalPages, bytes: fs.statSync(target).size };
	} catch (error) {
		removePartial();
		if (error instanceof BackupFailed) throw error;
		throw new BackupFailed(error instanceof Error ? error.message : String(error));
	} finally {
		live?.close();
	}
}

async function main() {
	const [file, ...rest] = process.argv.slice(2);
	if (!file || rest.length > 0) {
		console.error(
			'usage: npm run db:backup -- <file>   (a new file, e.g. backups/joined-up-2026-11-23.db)'
		);
		process.exit(2);
	}
	const from = liveDatabasePath();
	try {
		const { file: written, pages, bytes } = await backUpDatabase(from, file);
		console.log(
			`Backed up ${path.resolve(from)} to ${written} (${pages} pages, ${bytes} bytes, integrity ok)`
		);
	} catch (error) {
		console.error(`db:backup failed: ${error instanceof Error ? error.message : error}`);
		process.exit(1);
	}
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
	await main();
}
