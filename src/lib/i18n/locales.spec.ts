import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resources } from './index';
import { languages } from './languages';

type Tree = { [key: string]: string | Tree };

/** Every text with its key as `a.b.c` (keys may hold dots themselves: `appointments.view`). */
function texts(tree: Tree, prefix = ''): [string, string][] {
	return Object.entries(tree).flatMap(([key, value]) =>
		typeof value === 'string' ? [[prefix + key, value]] : texts(value, `${prefix}${key}.`)
	);
}

/** i18next's plural forms (`count_one`, `count_few`…): each language has its own set. */
const pluralSuffix = /_(zero|one|two|few|many|other)$/;

/**
 * Every key, with the interpolation variables its text uses. The plural forms of a key count as
 * one key (languages have different forms), using the variables of all its forms together.
 */
function flatten(tree: Tree): Map<string, string[]> {
	const keys = new Map<string, Set<string>>();
	for (const [key, value] of texts(tree)) {
		const base = key.replace(pluralSuffix, '');
		const variables = keys.get(base) ?? new Set<string>();
		// A variable with its format, if any (`count, number`): the format must be kept too.
		for (const match of value.matchAll(/{{\s*(\w+)\s*(?:,\s*([^}]*?))?\s*}}/g)) {
			variables.add(match[2] ? `${match[1]}, ${match[2]}` : match[1]!);
		}
		keys.set(base, variables);
	}
	return new Map([...keys].map(([key, variables]) => [key, [...variables].sort()]));
}

/** The plural keys a language must have: every form its plural rules use, for each such key. */
function missingPluralForms(code: string, tree: Tree): string[] {
	const present = new Set(texts(tree).map(([key]) => key));
	const bases = new Set(
		[...present].filter((key) => pluralSuffix.test(key)).map((key) => key.replace(pluralSuffix, ''))
	);
	const forms = new Intl.PluralRules(code).resolvedOptions().pluralCategories;
	return [...bases].flatMap((base) =>
		forms.map((form) => `${base}_${form}`).filter((key) => !present.has(key))
	);
}

const english = flatten(resources.en.translation);

describe('translations', () => {
	it('has a file for every language offered, and offers every file', () => {
		// Only the language files: `locales/glossary/` holds each language's approved terms.
		const files = readdirSync(new URL('./locales', import.meta.url))
			.filter((file) => file.endsWith('.json'))
			.map((file) => file.replace(/\.json$/, ''));
		expect(files.sort()).toEqual(languages.map((l) => l.code).sort());
	});

	for (const { code } of languages.filter((l) => l.code !== 'en')) {
		const locale = flatten(resources[code].translation);

		it(`${code} has every English key and no other`, () => {
			expect([...english.keys()].filter((key) => !locale.has(key))).toEqual([]);
			expect([...locale.keys()].filter((key) => !english.has(key))).toEqual([]);
		});

		// Hazard H-006: a translation that misleads.
		it(`${code} uses the same interpolation variables as English`, () => {
			const differing = [...english].filter(
				([key, variables]) => locale.has(key) && locale.get(key)!.join() !== variables.join()
			);
			expect(differing).toEqual([]);
		});

		it(`${code} has every plural form its language uses`, () => {
			expect(missingPluralForms(code, resources[code].translation)).toEqual([]);
		});

		it(`${code} has no empty text`, () => {
			const empty = texts(resources[code].translation)
				.filter(([, value]) => value.trim() === '')
				.map(([key]) => key);
			expect(empty).toEqual([]);
		});
	}
});
