// Reading a text someone sent us: numbers in any script's digits, each language's own words and
// English, loosely (case, spaces, punctuation, emoji), and never a guess at a longer message.
import { describe, expect, it } from 'vitest';
import { translatorFor } from '$lib/i18n';
import { languageCodes } from '$lib/i18n/languages';
import { readReply, type ReplyWord } from './reply';

const kinds: ReplyWord[] = ['keep', 'cancel', 'help', 'stop', 'start'];
const wordsOf = (language: (typeof languageCodes)[number], kind: ReplyWord) =>
	translatorFor(language)(`texts.words.${kind}`).split('|');

describe('a number', () => {
	it.each([
		['2', 2],
		['  2. ', 2],
		['2!', 2],
		['(3)', 3],
		['0', 0],
		['12', 12],
		['2️⃣', 2],
		['２', 2],
		['\u200f٢\u200f', 2],
		['٣', 3],
		['۴', 4],
		['০', 0],
		['৩', 3],
		['੨', 2],
		['૧', 1],
		['௪', 4],
		['४', 4],
		['١٢', 12]
	])('%j reads as %i', (body, value) => {
		expect(readReply(body, 'en')).toEqual({ kind: 'number', value });
	});

	it.each(['123', '1 2', '2 please', '1٢', '2abc', '-', '2.5'])('%j is not one', (body) => {
		expect(readReply(body, 'en')).toEqual({ kind: 'unknown' });
	});
});

describe('words', () => {
	it.each(languageCodes)('%s: every word of the language reads as its kind', (language) => {
		for (const kind of kinds) {
			for (const word of wordsOf(language, kind)) {
				expect(readReply(word, language), `${language} ${word}`).toEqual({ kind });
				expect(readReply(` ${word.toUpperCase()}. `, language), `${language} ${word}`).toEqual({
					kind
				});
			}
		}
	});

	it.each(languageCodes)('%s: no word means two things, here or in English', (language) => {
		const meanings = new Map<string, ReplyWord>();
		for (const kind of kinds) {
			for (const word of wordsOf(language, kind)) {
				expect(meanings.get(word) ?? kind, `${language} ${word}`).toBe(kind);
				meanings.set(word, kind);
			}
		}
		for (const kind of kinds) {
			for (const word of wordsOf('en', kind)) {
				const there = meanings.get(word);
				if (there) expect(there, `${language} ${word}`).toBe(kind);
			}
		}
	});

	it('reads English in every language, after the person’s own words', () => {
		expect(readReply('Cancel.', 'pl')).toEqual({ kind: 'cancel' });
		expect(readReply('STOP', 'ar')).toEqual({ kind: 'stop' });
		expect(readReply('yes', 'zh-Hans')).toEqual({ kind: 'keep' });
		expect(readReply('Nie', 'pl')).toEqual({ kind: 'cancel' });
		expect(readReply('TAK!', 'pl')).toEqual({ kind: 'keep' });
	});

	it('reads loosely: case, spaces, punctuation, emoji, Arabic short vowels', () => {
		expect(readReply('  Cancel.  ', 'en')).toEqual({ kind: 'cancel' });
		expect(readReply('OK 👍', 'en')).toEqual({ kind: 'keep' });
		expect(readReply('yes\u0000', 'en')).toEqual({ kind: 'keep' });
		expect(readReply('نَعَم', 'ar')).toEqual({ kind: 'keep' });
		expect(readReply('الغاء', 'ar')).toEqual({ kind: 'cancel' });
		expect(readReply('İPTAL', 'tr')).toEqual({ kind: 'cancel' });
		expect(readReply('IPTAL', 'tr')).toEqual({ kind: 'cancel' });
		expect(readReply('d’accord', 'fr')).toEqual({ kind: 'keep' });
		expect(readReply('?', 'en')).toEqual({ kind: 'help' });
		expect(readReply('؟', 'ar')).toEqual({ kind: 'help' });
	});

	it('needs the whole reply to be the word, as networks do', () => {
		expect(readReply('stop texting me', 'en')).toEqual({ kind: 'unknown' });
		expect(readReply('please cancel it', 'en')).toEqual({ kind: 'unknown' });
		expect(readReply('no thanks', 'en')).toEqual({ kind: 'unknown' });
	});
});

describe('anything else', () => {
	it.each([
		['empty', ''],
		['spaces', '   \n\t '],
		['punctuation', '...!!'],
		['emoji', '😀🙏'],
		['control characters', '\u0000\u0007\u001b[2J'],
		['mixed scripts', 'да2 نعم'],
		['a sentence', 'I will come on Tuesday but not Wednesday'],
		['a lone surrogate', '\ud800'],
		['10 kB of garbage', 'x\u0000😀٢'.repeat(2500)],
		['a long reply ending in a number', `${'a'.repeat(400)} 2`]
	])('%s reads as unknown, without throwing', (_, body) => {
		expect(readReply(body, 'en')).toEqual({ kind: 'unknown' });
	});

	it('reads a number with a lot of space after it', () => {
		expect(readReply(`2${' '.repeat(10_000)}`, 'ar')).toEqual({ kind: 'number', value: 2 });
	});
});
