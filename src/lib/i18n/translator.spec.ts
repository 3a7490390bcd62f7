import { describe, expect, it } from 'vitest';
import { translatorFor } from '.';

describe('a language’s translator', () => {
	// Every request asks for one: it is made once for each language, not for each request.
	it('is made once for each language, and answers in that language alone', () => {
		expect(translatorFor('ar')).toBe(translatorFor('ar'));
		expect(translatorFor('ar')).not.toBe(translatorFor('en'));
		expect(translatorFor('en')('actFor.yourself')).not.toBe(translatorFor('ar')('actFor.yourself'));
	});

	it('fills in what it is given, every time', () => {
		const t = translatorFor('en');
		expect(t('staff:requests.count', { count: 1 })).toBe('1 request');
		expect(t('staff:requests.count', { count: 3 })).toBe('3 requests');
		expect(t('actFor.yourself')).toBe(t('actFor.yourself'));
	});
});
