import type { Cookies } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import type { DraftOwner } from './drafts';
import { bookingDraft, clearJourneys, contactDraft } from './journeys';

describe('clearJourneys', () => {
	it('clears every journey’s answers, and an invitation code not yet shown, each at its path', () => {
		const values = new Map<string, string>();
		const deleted: { name: string; path: string }[] = [];
		const cookies: Cookies = {
			get: (name) => values.get(name),
			getAll: () => [...values].map(([name, value]) => ({ name, value })),
			set: (name, value) => void values.set(name, value),
			delete: (name, { path }) => {
				values.delete(name);
				deleted.push({ name, path });
			},
			serialize: () => ''
		};
		const url = new URL('https://joinedup.example/act-for');
		const owner: DraftOwner = {
			actor: { userId: 5, role: 'patient', patientId: 50, organisationId: null },
			subject: { patientId: 60, givenName: 'Test', familyName: 'Person' },
			via: 'proxy'
		};
		bookingDraft.save(cookies, url, owner, {
			service: 3,
			needs: { interpreterLanguage: 'Somali' }
		});
		contactDraft.save(cookies, url, owner, { topic: 'test_results', details: 'My scan' });
		values.set('invitation', 'a code');

		clearJourneys(cookies, url);
		expect(values.size).toBe(0);
		expect(deleted).toEqual(
			expect.arrayContaining([
				{ name: 'booking', path: '/appointments/book' },
				{ name: 'contact', path: '/contact' },
				{ name: 'invitation', path: '/people/invited' },
				{ name: 'invitation', path: '/assist/relationship/recorded' }
			])
		);
		expect(bookingDraft.read(cookies, owner)).toEqual({});
		expect(contactDraft.read(cookies, owner)).toEqual({});
	});
});
