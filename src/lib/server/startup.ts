// When the server starts: in demo mode a fresh demo database first; then the database opened
// (applying any migrations not yet applied), and the message worker, the security log's
// pruning, insight's weekly summaries and its counting of who is left out started, to be stopped
// at shutdown (shutdown.ts). With several instances, each of these does its scheduled work only in
// the instance holding that job's lease (jobs.ts), and this process's holder id is made at start.
import { databasePath, demoMode } from './config';
import { connectDatabase, usePostgres } from './db';
import { demoAccounts, demoPassword } from './demo-accounts';
import { queueDueReminders } from './appointments/reminders';
import { driverFromSettings, startMessageWorker } from './messages/worker';
import { startCountingInsight } from './insight/groups';
import { startInsightSummaries } from './insight/summaries';
import { startSecurityLogPruning } from './security-log';
import { startTextReplies } from './texts/notify';
import { closeOnShutdown } from './shutdown';

export async function startServer(): Promise<void> {
	if (demoMode) {
		// Loaded only in demo mode: the seeder is built into a chunk of its own, which a
		// production server never loads.
		const { createDemo } = await import('./demo/demo');
		await createDemo();
		const port = process.env.PORT ?? '3000';
		const where = usePostgres ? 'PostgreSQL at DATABASE_URL' : `database ${databasePath}`;
		console.log(`Joined Up demo on http://localhost:${port} (${where})`);
		console.log(`Demo accounts, all with the password ${demoPassword}:`);
		for (const account of demoAccounts) console.log(`  ${account.signInWith}`);
	}
	// Opening the database applies any migrations not yet applied.
	await connectDatabase();
	closeOnShutdown(
		startMessageWorker(driverFromSettings(), queueDueReminders),
		await startSecurityLogPruning(),
		await startInsightSummaries(),
		startCountingInsight(),
		...(await startTextReplies())
	);
}
