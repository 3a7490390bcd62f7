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

/** Every key, with the interpolation variables its text uses. */
function flatten(tree: Tree): Map<string, string[]> {
	return new Map(
		texts(tree).map(([key, value]) => [
			key,
			[...value.matchAll(/{{\s*(\w+)\s*}}/g)].map((match) => match[1]!).sort()
		])
	);
}

const english = flatten(resources.en.translation as Tree);

describe('translations', () => {
	it('has a catalogue for every language offered, and offers every catalogue', () => {
		expect(Object.keys(resources).sort()).toEqual(languages.map((l) => l.code).sort());
	});

	for (const { code } of languages.filter((l) => l.code !== 'en')) {
		const locale = flatten(resources[code].translation as Tree);

		it(`${code} has every English key and no other`, () => {
			expect([...english.keys()].filter((key) => !locale.has(key))).toEqual([]);
			expect([...locale.keys()].filter((key) => !english.has(key))).toEqual([]);
		});

		it(`${code} uses the same interpolation variables as English`, () => {
			const differing = [...english].filter(
				([key, variables]) => locale.has(key) && locale.get(key)!.join() !== variables.join()
			);
			expect(differing).toEqual([]);
		});

		it(`${code} has no empty text`, () => {
			const empty = texts(resources[code].translation as Tree)
				.filter(([, value]) => value.trim() === '')
				.map(([key]) => key);
			expect(empty).toEqual([]);
		});
	}
});
