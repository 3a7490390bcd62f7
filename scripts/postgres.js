// A throwaway PostgreSQL server for trying Joined Up on PostgreSQL by hand (two instances, a
// bench): started with an empty database, stopped and deleted on Ctrl-C. The same server the
// unit tests start (tests/postgres.ts).
//
//   node scripts/postgres.js            prints DATABASE_URL=postgres://… and waits
import { tsImport } from 'tsx/esm/api';

/** @type {typeof import('../tests/postgres')} */
const { startPostgres } = await tsImport('../tests/postgres.ts', import.meta.url);

const server = await startPostgres();
console.log(`DATABASE_URL=${server.url}`);
console.error('PostgreSQL is running; Ctrl-C stops it and deletes its data.');
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
	process.once(signal, () => {
		server.stop().then(() => process.exit(0));
	});
}
// Keeps the process (and so the server) alive until a signal.
setInterval(() => {}, 1 << 30);
