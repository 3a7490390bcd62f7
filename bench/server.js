// The production build on a loopback port with a fresh demo database, for the bench scripts:
// started, waited for, and stopped (also on exit and Ctrl-C), its database removed afterwards.
// The crash bench also starts a server again on the database a killed one left behind.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..');

/**
 * `reuseDatabase`: open the database as it is, the way a production server starts (not in demo
 * mode, which would replace it). `env`: more settings for the server, such as SHUTDOWN_TIMEOUT.
 */
export function startBenchServer({ port, databaseName, reuseDatabase = false, env = {} }) {
	const origin = `http://127.0.0.1:${port}`;
	const database = path.join(root, 'data', databaseName);
	const removeDatabase = () => {
		for (const suffix of ['', '-wal', '-shm']) rmSync(database + suffix, { force: true });
	};
	if (!reuseDatabase) removeDatabase();
	let log = '';
	const server = spawn('node', ['build'], {
		cwd: root,
		env: {
			...process.env,
			...(reuseDatabase ? {} : { JOINED_UP_DEMO: 'true' }),
			DATABASE_PATH: database,
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: origin,
			...env
		},
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
		return ended;
	});
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
		output: () => output,
		/** Waits for the server to answer; on a big database its first start migrates for a while. */
		async ready(seconds = 15) {
			for (let attempt = 0; attempt < seconds * 10 && !exited; attempt++) {
				try {
					if ((await fetch(`${origin}/healthz`)).ok) return;
				} catch {
					// not listening yet
				}
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
			throw new Error(`server did not start\n${log}`);
		},
		/** Signs an account in through the sign-in form (a demo one by default); returns its session cookie. */
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
		/** Sends the server a signal and waits for it to end; its database is left as it was. */
		async signal(name) {
			server.kill(name);
			return exit;
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
