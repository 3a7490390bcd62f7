// Each language's approved words for the terms residents meet everywhere (locales/glossary/<code>.json):
// every text whose English holds a term must use that language's approved word for it.
import { describe, expect, it } from 'vitest';
import { resources } from './index';
import { languages } from './languages';

type Tree = { [key: string]: string | Tree };
/**
 * A term's approved translation, and the forms a text may use: inflections, or stems. English
 * may list phrases that hold the term's words but mean something else (`except`).
 */
type Entry = { term: string; forms: string[]; except?: string[] };
type Glossary = Record<string, Entry>;

const glossaries = Object.fromEntries(
	Object.entries(
		import.meta.glob<Glossary>('./locales/glossary/*.json', { eager: true, import: 'default' })
	).map(([path, glossary]) => [path.replace(/^.*\/(.+)\.json$/, '$1'), glossary])
);

function texts(tree: Tree, prefix = ''): [string, string][] {
	return Object.entries(tree).flatMap(([key, value]) =>
		typeof value === 'string' ? [[prefix + key, value]] : texts(value, `${prefix}${key}.`)
	);
}

/**
 * A form as a pattern, ignoring case: its words in order, and `*` for any ending inside a word
 * ("plan* opieki" takes "planu opieki" and "planów opieki").
 */
export function formPattern(form: string, wholeWords = false): RegExp {
	const escaped = form
		.split('*')
		.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
		.join('[\\p{L}\\p{M}]*');
	// English terms are whole words ("act for", never "contact for"); other languages' stems are
	// often inside a word (Arabic "ينوب").
	return new RegExp(wholeWords ? `(?<![\\p{L}])${escaped}` : escaped, 'iu');
}

const usesAny = (text: string, forms: string[]) =>
	forms.some((form) => formPattern(form).test(text));

/** Whether an English text uses a term, outside the phrases that mean something else. */
function englishUses(text: string, { forms, except = [] }: Entry): boolean {
	const rest = except.reduce(
		(left, phrase) => left.replace(new RegExp(formPattern(phrase, true).source, 'giu'), ' '),
		text
	);
	return forms.some((form) => formPattern(form, true).test(rest));
}

/** i18next's plural forms: a language's `_few` or `_many` translates English `_other`. */
const pluralSuffix = /_(zero|one|two|few|many|other)$/;

const english = new Map(texts(resources.en.translation));
const englishOf = (key: string) =>
	english.get(key) ?? english.get(key.replace(pluralSuffix, '_other'));

/** Every text of a language whose English uses a term, without that language's approved form. */
export function inconsistencies(code: string, translation: Tree): string[] {
	const glossary = glossaries[code]!;
	return Object.entries(glossaries.en!).flatMap(([id, englishEntry]) =>
		texts(translation)
			.filter(([key]) => englishUses(englishOf(key) ?? '', englishEntry))
			.filter(([, text]) => !usesAny(text, glossary[id]!.forms))
			.map(([key, text]) => `${id} (${glossary[id]!.term}) missing in ${key}: ${text}`)
	);
}

describe('glossary', () => {
	it('has an entry for every term in every language, and no other', () => {
		const ids = Object.keys(glossaries.en!).sort();
		expect(ids).toEqual([
			'actingFor',
			'carePlan',
			'consent',
			'faceToFace',
			'gpPractice',
			'linkWorker'
		]);
		for (const { code } of languages) {
			expect(Object.keys(glossaries[code] ?? {}).sort(), code).toEqual(ids);
			for (const entry of Object.values(glossaries[code]!)) {
				expect(usesAny(entry.term, entry.forms), `${code}: ${entry.term}`).toBe(true);
			}
		}
	});

	it('a form matches its inflections, and finds a text that does not use it', () => {
		expect(formPattern('plan* opieki').test('Twojego planu opieki')).toBe(true);
		expect(inconsistencies('pl', { carePlans: { title: 'Twoje plany leczenia' } } as Tree)).toEqual(
			['carePlan (plan opieki) missing in carePlans.title: Twoje plany leczenia']
		);
	});

	for (const { code } of languages.filter((l) => l.code !== 'en')) {
		// Hazard H-006: a translation that misleads.
		it(`${code} uses its approved term wherever English uses a glossary term`, () => {
			expect(inconsistencies(code, resources[code].translation)).toEqual([]);
		});
	}
});
