// Counting a text message's fragments as GOV.UK Notify does: the expected figures are Notify's
// own, from alphagov/notifications-utils tests/test_template_types.py and test_sanitise_text.py.
import { describe, expect, it } from 'vitest';
import { textLength } from './fragments';

const fragments = (text: string) => textLength(text).fragments;

describe('a text in the GSM alphabet', () => {
	it.each([
		['a'.repeat(160), 1],
		['a'.repeat(161), 2],
		['a'.repeat(306), 2],
		['a'.repeat(307), 3],
		['a'.repeat(459), 3],
		['a'.repeat(460), 4],
		// Welsh letters that are in GSM
		['à'.repeat(160), 1],
		['à'.repeat(161), 2],
		['à'.repeat(612), 4],
		['à'.repeat(613), 5],
		['à'.repeat(919), 7]
	])('%# fits 160 in one fragment, 153 a fragment beyond', (text, expected) => {
		expect(textLength(text)).toMatchObject({ encoding: 'gsm', fragments: expected });
	});

	it.each([
		['^'.repeat(80), 1, 160],
		['^'.repeat(81), 2, 162],
		['a'.repeat(158) + '|', 1, 160],
		['a'.repeat(159) + '|', 2, 161],
		['a'.repeat(304) + '[', 2, 306],
		['a'.repeat(304) + '[]', 3, 308],
		['€'.repeat(3), 1, 6]
	])('%# counts the extension table twice', (text, expected, characters) => {
		expect(textLength(text)).toMatchObject({ fragments: expected, characters });
	});
});

describe('a text with a Welsh letter outside GSM', () => {
	it.each([
		['ÿ'.repeat(70), 1],
		['ÿ'.repeat(71), 2],
		['ÿ'.repeat(134), 2],
		['ÿ'.repeat(135), 3],
		['ÿ'.repeat(268), 4],
		['ÿ'.repeat(403), 7],
		['à'.repeat(70) + 'ÿ', 2],
		['â'.repeat(69) + '{', 1],
		['â'.repeat(70) + '{', 2],
		['â'.repeat(134) + '}', 3]
	])('%# goes as UCS-2: 70 in one fragment, 67 a fragment beyond', (text, expected) => {
		expect(textLength(text)).toMatchObject({ encoding: 'ucs2', fragments: expected });
	});
});

describe('characters Notify downgrades to GSM', () => {
	it('counts curly quotes, dashes, ellipses and accents as what Notify sends', () => {
		// "– — “ ” …" is sent as '- - " " ...': 11 GSM characters.
		expect(textLength('– — “ ” …')).toEqual({
			encoding: 'gsm',
			characters: 11,
			fragments: 1,
			notSentByNotify: []
		});
		// Polish and Romanian letters lose their accents; "ł" has Notify's own replacement.
		expect(textLength('Cześć, Łazienki, ș, ț, ă')).toMatchObject({
			encoding: 'gsm',
			characters: 24
		});
		// But "ó" is a Welsh letter too: Notify keeps it, and the text goes as UCS-2.
		expect(textLength('Łódź').encoding).toBe('ucs2');
		expect(textLength('a'.repeat(159) + '’')).toMatchObject({ encoding: 'gsm', fragments: 1 });
		// Zero-width characters go; a non-breaking space is a space.
		expect(textLength('a\u200bb\u00a0c')).toMatchObject({ encoding: 'gsm', characters: 4 });
	});

	it('tidies whitespace as Notify does before counting', () => {
		expect(textLength('  Hello  there ,\n\n\n\nbye  ').characters).toBe(
			'Hello there,\n\nbye'.length
		);
	});

	it('counts the service name Notify puts first', () => {
		expect(textLength('a'.repeat(149), 'Joined Up')).toMatchObject({
			characters: 160,
			fragments: 1
		});
		expect(fragments('a'.repeat(149))).toBe(1);
		expect(textLength('a'.repeat(150), 'Joined Up').fragments).toBe(2);
	});
});

describe('a text Notify cannot send as written', () => {
	it('is counted in UTF-16 code units as UCS-2, and names what Notify would replace', () => {
		// Notify's own example counts: "مرحبا Test 𠮷 😀" is 16 code units.
		expect(textLength('مرحبا Test 𠮷 😀')).toEqual({
			encoding: 'ucs2',
			characters: 16,
			fragments: 1,
			notSentByNotify: ['م', 'ر', 'ح', 'ب', 'ا', '𠮷', '😀']
		});
		// Notify takes zero-width joiners out: four emoji of two code units each are left.
		expect(textLength('👨‍👩‍👧‍👦').characters).toBe(8);
		expect(textLength('你好').characters).toBe(2);
		expect(textLength('नमस्ते').characters).toBe(6);
		// Turkish dotless i has no decomposition and no replacement.
		expect(textLength('Kırmızı').notSentByNotify).toEqual(['ı']);
	});

	it('fits 70 in one fragment and 67 a fragment beyond', () => {
		expect(fragments('ب'.repeat(70))).toBe(1);
		expect(fragments('ب'.repeat(71))).toBe(2);
		expect(fragments('ب'.repeat(201))).toBe(3);
		expect(fragments('ب'.repeat(202))).toBe(4);
		expect(fragments('😀'.repeat(35))).toBe(1);
		expect(fragments('😀'.repeat(36))).toBe(2);
	});

	it('is nothing when empty', () => {
		expect(textLength('  \n ')).toEqual({
			encoding: 'gsm',
			characters: 0,
			fragments: 0,
			notSentByNotify: []
		});
	});
});
