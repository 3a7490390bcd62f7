import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { database, tables } from './db';
import { giveUpTurn, inTurn, takeTurn, turnOf } from './jobs';

const now = new Date('2026-11-23T09:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);

beforeEach(async () => {
	await database().delete(tables.jobLeases);
});

describe('a job’s lease', () => {
	it('goes to one of two instances asking at once, and stays with it while it lasts', async () => {
		const asked = await Promise.all([
			takeTurn('security-log.pruning', 'one', 60_000, now),
			takeTurn('security-log.pruning', 'two', 60_000, now)
		]);
		expect(asked.toSorted()).toEqual([false, true]);
		const [holder, other] = asked[0] ? ['one', 'two'] : ['two', 'one'];
		expect(await takeTurn('security-log.pruning', other!, 60_000, later(59_999))).toBe(false);
		// The holder keeps it longer by asking again.
		expect(await takeTurn('security-log.pruning', holder!, 60_000, later(30_000))).toBe(true);
		expect(await takeTurn('security-log.pruning', other!, 60_000, later(60_000))).toBe(false);
	});

	it('passes to another instance once it has run out (its holder died)', async () => {
		expect(await takeTurn('texts.forgetting', 'one', 60_000, now)).toBe(true);
		expect(await takeTurn('texts.forgetting', 'two', 60_000, later(60_000))).toBe(true);
		expect(await takeTurn('texts.forgetting', 'one', 60_000, later(60_001))).toBe(false);
		const [lease] = await database().select().from(tables.jobLeases);
		expect(lease).toEqual({ name: 'texts.forgetting', holder: 'two', until: later(120_000) });
	});

	it('passes at once when its holder lets go, and is no other job’s', async () => {
		expect(await takeTurn('insight.summaries', 'one', 60_000, now)).toBe(true);
		expect(await takeTurn('insight.groups', 'two', 60_000, now)).toBe(true);
		// Only the holder can let go.
		await giveUpTurn('insight.summaries', 'two');
		expect(await takeTurn('insight.summaries', 'two', 60_000, now)).toBe(false);
		await giveUpTurn('insight.summaries', 'one');
		expect(await takeTurn('insight.summaries', 'two', 60_000, now)).toBe(true);
	});
});

describe('a job’s turn', () => {
	it('asks the database again only once half the lease has gone by', async () => {
		const one = turnOf('insight.summaries', 60_000, 'one');
		const two = turnOf('insight.summaries', 60_000, 'two');
		expect(await one.held(now)).toBe(true);
		// The lease is taken over behind its back (as if it had stalled past its lease)...
		await database().delete(tables.jobLeases);
		expect(await two.held(later(1))).toBe(true);
		// ...which it notices when it next renews, and stops.
		expect(await one.held(later(29_999))).toBe(true);
		expect(await one.held(later(30_000))).toBe(false);
		await two.giveUp();
		expect(await one.held(later(30_001))).toBe(true);
	});
});

describe('a job run in turn', () => {
	afterEach(() => {
		vi.useRealTimers();
	});

	it('runs once when two instances tick together, and once a period after', async () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		vi.setSystemTime(now);
		const day = 24 * 60 * 60_000;
		let runs = 0;
		const prune = async () => ++runs;
		const [one, two] = [
			inTurn('security-log.pruning', day, prune, 'one'),
			inTurn('security-log.pruning', day, prune, 'two')
		];

		const ticked = await Promise.all([one(), two()]);
		expect(runs).toBe(1);
		expect(ticked.filter((result) => result === undefined)).toHaveLength(1);

		// Their timers do not keep step: the other's comes an hour later, and does nothing.
		vi.setSystemTime(later(60 * 60_000));
		await (ticked[0] === undefined ? one() : two());
		expect(runs).toBe(1);

		vi.setSystemTime(later(day + 60 * 60_000));
		await Promise.all([one(), two()]);
		expect(runs).toBe(2);
	});
});
