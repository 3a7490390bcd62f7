// PostgreSQL twin of ../../schema/jobs.ts, table for table (../schema.spec.ts).
// Leases on the server's scheduled jobs (reminders, pruning, insight's counts): several app
// instances share one database, and a job runs only in the one holding its lease (server/jobs.ts).
import { pgTable, text } from 'drizzle-orm/pg-core';
import { timestampMs } from '../types';

export const jobLeases = pgTable('job_leases', {
	/** The job, as server/jobs.ts names it. */
	name: text('name').primaryKey(),
	/** The process holding it: a random id each process takes at start. */
	holder: text('holder').notNull(),
	/** Held until then; past it, any instance may take the job over. */
	until: timestampMs('until').notNull()
});
