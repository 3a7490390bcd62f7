import { describe, expect, it } from 'vitest';
import { directionOf, negotiateLanguage } from './languages';

describe('negotiateLanguage', () => {
	it('takes the highest weighted supported language', () => {
		expect(negotiateLanguage('de;q=0.9, ar;q=0.8, en;q=0.5')).toBe('ar');
		expect(negotiateLanguage('en;q=0.2, pl;q=0.7')).toBe('pl');
	});

	it('matches a regional tag by its primary subtag', () => {
		expect(negotiateLanguage('bn-BD')).toBe('bn');
		expect(negotiateLanguage('PL-pl,en')).toBe('pl');
	});

	it('offers Chinese in Simplified characters and Punjabi in Gurmukhi only', () => {
		expect(negotiateLanguage('zh-CN')).toBe('zh-Hans');
		expect(negotiateLanguage('zh-Hans-HK')).toBe('zh-Hans');
		expect(negotiateLanguage('zh')).toBe('zh-Hans');
		expect(negotiateLanguage('zh-TW, zh-Hant, fr;q=0.5')).toBe('fr');
		expect(negotiateLanguage('pa-IN')).toBe('pa');
		expect(negotiateLanguage('pa-Arab-PK, pa-PK, ur;q=0.4')).toBe('ur');
	});

	it('keeps header order between equal weights', () => {
		expect(negotiateLanguage('bn, ar')).toBe('bn');
	});

	it('ignores refused and unknown languages', () => {
		expect(negotiateLanguage('ar;q=0, xx, pl')).toBe('pl');
		expect(negotiateLanguage('de, nl')).toBeNull();
		expect(negotiateLanguage('')).toBeNull();
		expect(negotiateLanguage(null)).toBeNull();
	});
});

describe('directionOf', () => {
	it('is right to left for Arabic and Urdu only, of the languages offered', () => {
		expect(directionOf('ar')).toBe('rtl');
		expect(directionOf('ur')).toBe('rtl');
		expect(directionOf('ta')).toBe('ltr');
		expect(directionOf('en')).toBe('ltr');
		expect(directionOf('bn')).toBe('ltr');
	});
});
