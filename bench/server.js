// The production build on a loopback port with a fresh demo database, for the bench scripts:
// started, waited for, and stopped (also on exit and Ctrl-C), its database removed afterwards.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..');

export function startBenchServer({ port, databaseName }) {
	const origin = `http://127.0.0.1:${port}`;
	const database = path.join(root, 'data', databaseName);
	const removeDatabase = () => {
		for (const suffix of ['', '-wal', '-shm']) rmSync(database + suffix, { force: true });
	};
	removeDatabase();
	let log = '';
	const server = spawn('node', ['build'], {
		cwd: root,
		env: {
			...process.env,
			JOINED_UP_DEMO: 'true',
			DATABASE_PATH: database,
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: origin
		},
		stdio: ['ignore', 'ignore', 'pipe']
	});
	// Kept for a failed run: the server's last error output.
	server.stderr.on('data', (chunk) => (log = (log + chunk).slice(-4000)));
	let exited = false;
	const exit = new Promise((resolve) => server.on('exit', resolve)).then(() => (exited = true));
	const kill = () => {
		if (!exited) server.kill();
	};
	process.on('exit', kill);
	process.on('SIGINT', () => {
		kill();
		removeDatabase();
		process.exit(130);
	});

	return {
		origin,
		database,
		log: () => log,
		async ready() {
			for (let attempt = 0; attempt < 150 && !exited; attempt++) {
				try {
					if ((await fetch(`${origin}/healthz`)).ok) return;
				} catch {
					// not listening yet
				}
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
			throw new Error(`server did not start\n${log}`);
		},
		/** Stops the server and waits for it, so its database files are closed before they go. */
		async stop() {
			kill();
			const killLater = setTimeout(() => server.kill('SIGKILL'), 5000);
			await exit;
			clearTimeout(killLater);
			removeDatabase();
		}
	};
}
