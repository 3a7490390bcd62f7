import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { database, tables } from '../db';
import { giveUpTurn, takeTurn } from '../jobs';
import { aFreeSlot, aService } from '../test-data';
import { markAllStale, refreshService, staleServices, startInsightSummaries } from './summaries';

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

// Issue 26: a page in each of two instances may count the same stale service at the same moment
// (freshen); each week's rows are replaced whole, so the two must not interleave.
describe('counting one service in two places at once', () => {
	it('leaves each week counted once', { timeout: 30_000 }, async () => {
		const clinic = await aService();
		const now = new Date('2026-12-02T12:00:00Z');
		for (let day = 0; day < 150; day++) {
			await aFreeSlot(clinic, new Date(now.getTime() - day * 86_400_000));
		}
		await Promise.all(Array.from({ length: 8 }, () => refreshService(clinic.service.id, now)));
		const weeks = await db
			.select({ week: tables.insightWeeks.week, offered: tables.insightWeeks.offered })
			.from(tables.insightWeeks)
			.where(eq(tables.insightWeeks.serviceId, clinic.service.id));
		expect(weeks.reduce((sum, week) => sum + week.offered, 0)).toBe(150);
		expect(new Set(weeks.map((week) => week.week)).size).toBe(weeks.length);
	});
});
