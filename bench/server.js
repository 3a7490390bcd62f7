// Servers for the bench scripts: the production build on a loopback port with a fresh demo
// database (or a copy of a generated one), and the yardstick (bench/yardstick, a bare SvelteKit
// app); each started, waited for, and stopped (also on exit and Ctrl-C), a bench database removed
// afterwards. The crash bench also starts a server again on the database a killed one left behind.
// On PostgreSQL, a throwaway server of its own, and Joined Up's servers over it.
import { spawn } from 'node:child_process';
import { copyFile, rm } from 'node:fs/promises';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';

export const root = path.resolve(import.meta.dirname, '..');
export const yardstickRoot = path.join(root, 'bench', 'yardstick');

/** What Ctrl-C must undo: servers to stop and scratch databases to remove, in that order. */
const onInterrupt = new Set();
process.once('SIGINT', () => {
	for (const undo of onInterrupt) undo();
	process.exit(130);
});

/**
 * A database under `data/` for one bench run, removed by `remove()` and on Ctrl-C (with its WAL
 * and shared-memory files). `copyFrom` copies a generated database there first: the original is
 * only ever read.
 */
export function benchDatabase(databaseName) {
	const file = path.join(root, 'data', databaseName);
	const remove = () => {
		for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
	};
	onInterrupt.add(remove);
	return {
		file,
		remove() {
			remove();
			onInterrupt.delete(remove);
		},
		/** Stops removing it on Ctrl-C: the caller keeps it. */
		keep() {
			onInterrupt.delete(remove);
		},
		async copyFrom(source) {
			await rm(file, { force: true });
			for (const suffix of ['-wal', '-shm']) await rm(file + suffix, { force: true });
			await copyFile(source, file);
			// A WAL left beside the database holds some of it: the copy needs it too. Never the
			// shared-memory index, which belongs to whoever has the original open; SQLite rebuilds
			// the copy's from its WAL.
			if (existsSync(`${source}-wal`)) await copyFile(`${source}-wal`, `${file}-wal`);
		}
	};
}

/**
 * `node build` in `cwd` on a loopback port: its output kept for a failed run, its exit awaited,
 * killed on exit and on Ctrl-C. `ready()` waits for the first 200 from `readyPath`.
 */
function startNodeServer({ cwd, port, env, readyPath, nodeArgs = [] }) {
	const origin = `http://127.0.0.1:${port}`;
	let log = '';
	const spawnedAt = performance.now();
	const server = spawn('node', [...nodeArgs, 'build'], {
		cwd,
		env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ORIGIN: origin, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	// Kept for a failed run: the server's last error output.
	server.stderr.on('data', (chunk) => (log = (log + chunk).slice(-4000)));
	// Its last ordinary output, for a bench to see what it said while stopping.
	let output = '';
	server.stdout.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
	let exited = false;
	/** How the server ended: its exit code, or the signal that ended it. */
	const exit = new Promise((resolve) =>
		server.on('exit', (code, signal) => resolve({ code, signal }))
	).then((ended) => {
		exited = true;
		onInterrupt.delete(kill);
		return ended;
	});
	const kill = () => {
		if (!exited) server.kill();
	};
	process.on('exit', kill);
	onInterrupt.add(kill);

	return {
		origin,
		pid: server.pid,
		log: () => log,
		output: () => output,
		/**
		 * Waits for the first 200 from `readyPath`, polling every 100 ms for at most
		 * `timeoutSeconds`; returns the milliseconds from spawning the server to that answer.
		 */
		async ready(timeoutSeconds = 15) {
			const until = performance.now() + timeoutSeconds * 1000;
			while (!exited && performance.now() < until) {
				try {
					if ((await fetch(origin + readyPath)).ok) return performance.now() - spawnedAt;
				} catch {
					// not listening yet
				}
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
			throw new Error(`server in ${cwd} did not start\n${log}`);
		},
		/** Sends the server a signal and waits for it to end. */
		async signal(name) {
			server.kill(name);
			return exit;
		},
		/** Stops the server and waits for it, so the files it has open are closed. */
		async stop() {
			kill();
			const killLater = setTimeout(() => server.kill('SIGKILL'), 5000);
			await exit;
			clearTimeout(killLater);
		}
	};
}

/**
 * A throwaway PostgreSQL server (tests/postgres.ts: Debian's, on a loopback port, its data in a
 * temporary folder), for bench servers started with its `url`; gone on `stop()` and on exit.
 */
export async function startBenchPostgres() {
	const { startPostgres } = await tsImport('../tests/postgres.ts', import.meta.url);
	return await startPostgres();
}

/**
 * Joined Up's production build. `reuseDatabase`: open the database as it is, the way a production
 * server starts (not in demo mode, which would replace it). `keepDatabase`: leave it in place
 * when the server stops (otherwise it is removed, a copy included). `databaseUrl`: PostgreSQL at
 * that address instead of a SQLite file (the demo is copied there; nothing is removed after).
 * `env`: more settings for the server, such as SHUTDOWN_TIMEOUT.
 */
export function startBenchServer({
	port,
	databaseName,
	databaseUrl = null,
	reuseDatabase = false,
	keepDatabase = false,
	env = {},
	nodeArgs = []
}) {
	const database = databaseUrl ? null : benchDatabase(databaseName);
	if (!reuseDatabase) database?.remove();
	if (keepDatabase) database?.keep();
	const server = startNodeServer({
		cwd: root,
		port,
		readyPath: '/healthz',
		nodeArgs,
		env: {
			...(reuseDatabase ? {} : { JOINED_UP_DEMO: 'true' }),
			...(databaseUrl
				? { DATABASE_URL: databaseUrl }
				: { DATABASE_PATH: database.file, DATABASE_URL: '' }),
			...env
		}
	});
	const { origin } = server;

	return {
		...server,
		database: database?.file ?? null,
		databaseUrl,
		/** Signs an account in through the sign-in form; returns its session cookie. */
		async signIn(identifier, password = 'joined-up-demo') {
			const response = await this.post('/sign-in', '', { identifier, password });
			const cookie = response.headers.get('set-cookie')?.split(';')[0];
			if (response.status !== 303 || !cookie?.startsWith('session=')) {
				throw new Error(`sign-in of ${identifier} failed: ${response.status}`);
			}
			return cookie;
		},
		/** Sends a form as a browser without JavaScript does; the response, not followed. */
		post(pathname, cookie, fields) {
			return fetch(origin + pathname, {
				method: 'POST',
				redirect: 'manual',
				headers: {
					origin,
					...(cookie ? { cookie } : {}),
					accept: 'text/html',
					'content-type': 'application/x-www-form-urlencoded'
				},
				body: new URLSearchParams(fields).toString()
			});
		},
		/** Stops the server and waits for it, so its database files are closed before they go. */
		async stop() {
			await server.stop();
			if (!keepDatabase) database?.remove();
		}
	};
}

/** The yardstick, bench/yardstick's own build (`npm run build --prefix bench/yardstick`). */
export function startYardstick({ port }) {
	if (!existsSync(path.join(yardstickRoot, 'build', 'index.js'))) {
		throw new Error('the yardstick is not built: npm run build --prefix bench/yardstick');
	}
	return startNodeServer({ cwd: yardstickRoot, port, readyPath: '/', env: {} });
}
