import { describe, expect, it, vi } from 'vitest';
import { database, tables } from '../db';
import { giveUpTurn, takeTurn } from '../jobs';
import { aService } from '../test-data';
import { markAllStale, staleServices, startInsightSummaries } from './summaries';

const db = database();

describe('marking every service stale', () => {
	it('marks each once, however often', async () => {
		await aService();
		await aService();
		await db.delete(tables.insightStale);
		await markAllStale();
		await markAllStale();
		const services = await db.select({ id: tables.services.id }).from(tables.services);
		expect((await staleServices(1000)).toSorted()).toEqual(services.map((s) => s.id).toSorted());
	});
});

// Issue 26: several app instances, and one of them keeps the summaries.
describe('keeping the summaries in one instance', () => {
	it('steps only while its turn, and lets go of it when stopped', { timeout: 30_000 }, async () => {
		const { service } = await aService();
		await db.insert(tables.insightStale).values({ serviceId: service.id }).onConflictDoNothing();
		// Another instance is keeping them.
		expect(await takeTurn('insight.summaries', 'another', 60_000)).toBe(true);

		const stop = await startInsightSummaries();
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(await staleServices(1000)).toContain(service.id);

		// It stops (its lease let go), and this one takes over at its next look.
		await giveUpTurn('insight.summaries', 'another');
		// Its next look is up to 2 s away when idle; a loaded CI machine can take longer.
		await vi.waitFor(async () => expect(await staleServices(1000)).toEqual([]), {
			timeout: 20_000,
			interval: 50
		});

		await stop();
		expect(await db.select().from(tables.jobLeases)).toEqual([]);
	});
});
