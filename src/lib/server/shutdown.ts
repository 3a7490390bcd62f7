// Closes what the server opened at start-up, once it has stopped serving. adapter-node handles
// SIGTERM and SIGINT itself: it stops accepting connections, lets requests in flight finish (for
// up to SHUTDOWN_TIMEOUT seconds, then cuts the rest off) and only then emits
// `sveltekit:shutdown`, so by the time this runs no request can reach the database.
import { closeDatabase } from './db';
import { log } from './log';

export function closeOnShutdown(stopMessageWorker: () => Promise<void>): void {
	process.once('sveltekit:shutdown', async (reason: string) => {
		try {
			// The worker first: a message it is sending is recorded as sent or queued again
			// before the database goes.
			await stopMessageWorker();
		} finally {
			// The last connection closing checkpoints the write-ahead log into the database file
			// and removes the -wal and -shm files: one complete file is left, ready to copy.
			closeDatabase();
			log.info({ event: 'server.stopped', reason }, 'stopped');
			log.flush();
		}
	});
}
