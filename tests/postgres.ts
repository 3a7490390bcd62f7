// A throwaway PostgreSQL server for tests: Debian's `postgresql` package binaries, a data folder
// of its own in the temp folder, a free loopback port, and nothing left behind when it stops. No
// container and no service: it is started for a test run and gone after it.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface ThrowawayPostgres {
	/** `postgres://` address of the database made at start (`joinedup`). */
	url: string;
	/** Makes another empty database on the same server and gives its address. */
	createDatabase(name: string): Promise<string>;
	/** Stops the server and removes its folder. */
	stop(): Promise<void>;
}

/** The role every database belongs to; trust authentication, so no password. */
const user = 'joinedup';

/**
 * The newest installed PostgreSQL's server binaries: Debian puts each major version's in
 * /usr/lib/postgresql/<version>/bin, outside PATH. POSTGRES_BIN names another folder.
 */
export function postgresBinaries(): string {
	const candidates = process.env.POSTGRES_BIN
		? [process.env.POSTGRES_BIN]
		: (fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql') : [])
				.filter((version) => /^\d+$/.test(version))
				.sort((a, b) => Number(b) - Number(a))
				.map((version) => `/usr/lib/postgresql/${version}/bin`);
	const found = candidates.find((bin) =>
		['initdb', 'pg_ctl', 'postgres'].every((name) => fs.existsSync(path.join(bin, name)))
	);
	if (!found) {
		throw new Error(
			'No PostgreSQL server binaries (initdb, pg_ctl, postgres) in /usr/lib/postgresql/<version>/bin' +
				(process.env.POSTGRES_BIN ? ` or POSTGRES_BIN (${process.env.POSTGRES_BIN})` : '') +
				': install them with `apt-get install postgresql` (Debian), as .ci/run does.'
		);
	}
	return found;
}

/** PostgreSQL refuses to run as root; as root (CI, this machine), its programs run as `postgres`. */
function asServerUser(): { uid: number; gid: number } | null {
	if (process.getuid?.() !== 0) return null;
	const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
	try {
		return { uid: id('-u'), gid: id('-g') };
	} catch {
		throw new Error(
			'Running as root, PostgreSQL needs its own `postgres` user to run as: `apt-get install postgresql` makes it.'
		);
	}
}

function run(bin: string, program: string, args: string[], cwd: string, owner: object | null) {
	const command = owner ? 'runuser' : path.join(bin, program);
	const commandArgs = owner ? ['-u', 'postgres', '--', path.join(bin, program), ...args] : args;
	const result = spawnSync(command, commandArgs, { cwd, encoding: 'utf8' });
	if (result.status !== 0) {
		throw new Error(
			`${program} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}${result.stderr}`
		);
	}
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

export async function startPostgres(): Promise<ThrowawayPostgres> {
	const bin = postgresBinaries();
	const owner = asServerUser();
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'joined-up-postgres-'));
	const data = path.join(folder, 'data');
	const log = path.join(folder, 'server.log');
	if (owner) fs.chownSync(folder, owner.uid, owner.gid);
	const port = await freePort();
	let running = false;
	const stopNow = () => {
		if (running) {
			running = false;
			spawnSync(...stopCommand(bin, data, owner, 'immediate'), { cwd: folder });
		}
		fs.rmSync(folder, { recursive: true, force: true });
	};
	// A test run that ends without stop() (a crash, Ctrl-C) still leaves no server behind.
	process.once('exit', stopNow);
	try {
		// C collation sorts text by its bytes, as SQLite's BINARY does, so ORDER BY agrees.
		run(
			bin,
			'initdb',
			[
				'-D',
				data,
				'--auth=trust',
				`--username=${user}`,
				'--encoding=UTF8',
				'--locale=C',
				'--no-sync'
			],
			folder,
			owner
		);
		// fsync off only because the data is thrown away: a crash may lose it, and nobody minds.
		const settings = `-c listen_addresses=127.0.0.1 -p ${port} -k ${folder} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
		run(
			bin,
			'pg_ctl',
			['-D', data, '-l', log, '-w', '-t', '60', '-o', settings, 'start'],
			folder,
			owner
		);
		running = true;
	} catch (error) {
		const serverLog = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
		stopNow();
		process.removeListener('exit', stopNow);
		throw new Error(
			`${(error as Error).message}${serverLog ? `\nserver log:\n${serverLog}` : ''}`,
			{ cause: error }
		);
	}
	const address = (database: string) => `postgres://${user}@127.0.0.1:${port}/${database}`;
	const createDatabase = async (name: string) => {
		const client = new pg.Client({ connectionString: address('postgres') });
		await client.connect();
		try {
			await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
		} finally {
			await client.end();
		}
		return address(name);
	};
	const url = await createDatabase('joinedup');
	return {
		url,
		createDatabase,
		async stop() {
			process.removeListener('exit', stopNow);
			if (running) {
				running = false;
				spawnSync(...stopCommand(bin, data, owner, 'fast'), { cwd: folder });
			}
			fs.rmSync(folder, { recursive: true, force: true });
		}
	};
}

function stopCommand(
	bin: string,
	data: string,
	owner: object | null,
	mode: 'fast' | 'immediate'
): [string, string[]] {
	const args = ['-D', data, '-m', mode, '-w', 'stop'];
	const pgCtl = path.join(bin, 'pg_ctl');
	return owner ? ['runuser', ['-u', 'postgres', '--', pgCtl, ...args]] : [pgCtl, args];
}
