import { describe, expect, it } from 'vitest';
import { requestTopics } from '$lib/contact-requests';
import { serviceKinds } from '../db/schema';
import { fitsTopic, serviceKindsFor } from './topics';

describe('services that fit what a request is about', () => {
	it('sends medicines to those who prescribe or review them, never to vaccination', () => {
		expect(fitsTopic('gp', 'medicines')).toBe(true);
		expect(fitsTopic('nursing', 'medicines')).toBe(true);
		expect(fitsTopic('vaccination', 'medicines')).toBe(false);
		expect(fitsTopic('social_prescribing', 'medicines')).toBe(false);
		expect(fitsTopic('hearing', 'medicines')).toBe(false);
		expect(fitsTopic('hearing', 'test_results')).toBe(true);
	});

	it('offers vaccination only for something else, and every kind for it', () => {
		for (const topic of requestTopics) {
			expect(fitsTopic('vaccination', topic)).toBe(topic === 'something_else');
		}
		expect([...serviceKindsFor.something_else].sort()).toEqual([...serviceKinds].sort());
	});

	it('gives every topic someone to ask, and a service of no recorded kind fits any', () => {
		for (const topic of requestTopics) {
			expect(serviceKindsFor[topic].length).toBeGreaterThan(0);
			expect(fitsTopic(null, topic)).toBe(true);
		}
		expect(fitsTopic('social_care', 'support_at_home')).toBe(true);
		expect(fitsTopic('social_care', 'test_results')).toBe(false);
	});
});
