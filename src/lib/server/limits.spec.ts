import { describe, expect, it } from 'vitest';
import { countTry, forgetTries, heldBack, limitPolicies } from './limits';

describe('limits', () => {
	it('holds back a key after its allowance, for the policy’s time, and no other key', async () => {
		const { points, blockDuration } = limitPolicies.signInAccount;
		for (let i = 1; i < points; i++) {
			expect(await countTry('signInAccount', 'email:guessed@example.org')).toBeNull();
		}
		expect(await heldBack('signInAccount', 'email:guessed@example.org')).toBeNull();
		const until = await countTry('signInAccount', 'email:guessed@example.org');
		expect(until).not.toBeNull();
		const waitSeconds = (until!.getTime() - Date.now()) / 1000;
		expect(waitSeconds).toBeGreaterThan(blockDuration - 5);
		expect(waitSeconds).toBeLessThanOrEqual(blockDuration);
		expect(await heldBack('signInAccount', 'email:guessed@example.org')).not.toBeNull();
		expect(await heldBack('signInAccount', 'email:someone-else@example.org')).toBeNull();
		// Each limit counts apart: the same key under another limit is free.
		expect(await heldBack('invitationCode', 'email:guessed@example.org')).toBeNull();
	});

	it('forgets what was counted after a success', async () => {
		for (let i = 1; i < limitPolicies.signInAccount.points; i++) {
			await countTry('signInAccount', 'email:slip@example.org');
		}
		await forgetTries('signInAccount', 'email:slip@example.org');
		expect(await countTry('signInAccount', 'email:slip@example.org')).toBeNull();
	});

	it('counts per address with the configured allowance', async () => {
		const { points } = limitPolicies.signInAddress;
		expect(points).toBe(50);
		let heldAt = 0;
		for (let i = 1; i <= points && !heldAt; i++) {
			if (await countTry('signInAddress', '203.0.113.7')) heldAt = i;
		}
		expect(heldAt).toBe(points);
	});
});
