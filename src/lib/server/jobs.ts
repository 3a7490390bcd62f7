// The server's scheduled jobs run once across app instances: several instances share one database
// (issue 26), each with its own timers, and a job's tick does its work only in the instance that
// holds the job's lease (the job_leases table). A lease is held for a while, not until let go, so a
// job an instance was doing when it died passes to another once the lease runs out.
import { randomUUID } from 'node:crypto';
import { and, eq, lte, or } from 'drizzle-orm';
import { database, tables } from './db';

const { jobLeases } = tables;

/** The jobs, by the names their leases go by. */
export type JobName =
	| 'appointments.reminders'
	| 'messages.deliveries'
	| 'security-log.pruning'
	| 'texts.forgetting'
	| 'texts.polling'
	| 'insight.summaries'
	| 'insight.groups';

/** This process, as a lease names its holder: a new one at each start. */
export const thisInstance: string = randomUUID();

/**
 * Takes job `name` until `forMs` after `now` when nobody holds it, its lease has run out, or
 * `holder` holds it already (then it is held longer); true when `holder` now holds it. Each
 * statement is atomic on both databases, so of several instances asking at once one gets it: a
 * second insert does nothing, and a second update finds the lease no longer out.
 */
export async function takeTurn(
	name: JobName,
	holder: string,
	forMs: number,
	now = new Date()
): Promise<boolean> {
	const until = new Date(now.getTime() + forMs);
	const db = database();
	const first = await db
		.insert(jobLeases)
		.values({ name, holder, until })
		.onConflictDoNothing({ target: jobLeases.name })
		.returning({ name: jobLeases.name });
	if (first.length > 0) return true;
	const taken = await db
		.update(jobLeases)
		.set({ holder, until })
		.where(
			and(eq(jobLeases.name, name), or(eq(jobLeases.holder, holder), lte(jobLeases.until, now)))
		)
		.returning({ name: jobLeases.name });
	return taken.length > 0;
}

/** Lets go of a job at shutdown, so another instance takes it on its next tick. */
export async function giveUpTurn(name: JobName, holder: string): Promise<void> {
	await database()
		.delete(jobLeases)
		.where(and(eq(jobLeases.name, name), eq(jobLeases.holder, holder)));
}

export interface Turn {
	/**
	 * Whether this instance holds the job now, taking or keeping its lease. The database is asked
	 * only once half the lease has gone by: a job that steps every few milliseconds would
	 * otherwise write its lease on every step.
	 */
	held(now?: Date): Promise<boolean>;
	/** Lets go of it, if held (at shutdown). */
	giveUp(): Promise<void>;
}

/**
 * A job's turn for one instance. `forMs` is how long a lease lasts: for a job run every so often,
 * its period, so that it runs once a period whichever instance's timer comes first; for a job that
 * works in steps, a little while, kept while it steps, so that another takes over soon after a
 * death.
 */
export function turnOf(name: JobName, forMs: number, holder = thisInstance): Turn {
	let heldUntil = 0;
	return {
		async held(now = new Date()) {
			if (now.getTime() < heldUntil - forMs / 2) return true;
			heldUntil = 0;
			if (!(await takeTurn(name, holder, forMs, now))) return false;
			heldUntil = now.getTime() + forMs;
			return true;
		},
		async giveUp() {
			if (heldUntil === 0) return;
			heldUntil = 0;
			await giveUpTurn(name, holder);
		}
	};
}

/**
 * `work`, done on a tick only when this instance holds the job (undefined when another does):
 * what a timer calls instead of `work` itself. `forMs` as for `turnOf`.
 */
export function inTurn<Args extends unknown[], Result>(
	name: JobName,
	forMs: number,
	work: (...args: Args) => Promise<Result>,
	holder = thisInstance
): (...args: Args) => Promise<Result | undefined> {
	const turn = turnOf(name, forMs, holder);
	return async (...args) => ((await turn.held()) ? await work(...args) : undefined);
}
