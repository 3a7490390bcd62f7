// Leases on the server's scheduled jobs (reminders, pruning, insight's counts): several app
// instances share one database, and a job runs only in the one holding its lease (server/jobs.ts).
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const jobLeases = sqliteTable('job_leases', {
	/** The job, as server/jobs.ts names it. */
	name: text('name').primaryKey(),
	/** The process holding it: a random id each process takes at start. */
	holder: text('holder').notNull(),
	/** Held until then; past it, any instance may take the job over. */
	until: integer('until', { mode: 'timestamp_ms' }).notNull()
});
