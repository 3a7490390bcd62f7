// Closes what the server opened at start-up, once it has stopped serving. adapter-node handles
// SIGTERM and SIGINT itself: it stops accepting connections, lets requests in flight finish (for
// up to SHUTDOWN_TIMEOUT seconds, then cuts the rest off) and only then emits
// `sveltekit:shutdown`, so by the time this runs no request can reach the database.
import { closeDatabase } from './db';
import { log } from './log';

/** At shutdown, stops what was started (the message worker, the log's pruning), then closes. */
export function closeOnShutdown(...stops: (() => Promise<void>)[]): void {
	process.once('sveltekit:shutdown', async (reason: string) => {
		try {
			// These first: a message being sent is recorded as sent or queued again before the
			// database goes.
			await Promise.all(stops.map((stop) => stop()));
		} finally {
			// The last connection closing checkpoints the write-ahead log into the database file
			// and removes the -wal and -shm files: one complete file is left, ready to copy.
			await closeDatabase();
			log.info({ event: 'server.stopped', reason }, 'stopped');
			log.flush();
		}
	});
}
