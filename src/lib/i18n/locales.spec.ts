import { describe, expect, it } from 'vitest';
import { resources } from './index';
import { languages } from './languages';

type Tree = { [key: string]: string | Tree };

/** Every key as `a.b.c`, with the interpolation variables its text uses. */
function flatten(tree: Tree, prefix = ''): Map<string, string[]> {
	const entries = new Map<string, string[]>();
	for (const [key, value] of Object.entries(tree)) {
		const path = prefix + key;
		if (typeof value === 'string') {
			const variables = [...value.matchAll(/{{\s*(\w+)\s*}}/g)].map((match) => match[1]!).sort();
			entries.set(path, variables);
		} else {
			for (const [inner, variables] of flatten(value, `${path}.`)) entries.set(inner, variables);
		}
	}
	return entries;
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
			const table = resources[code].translation as Tree;
			const empty = [...flatten(table).keys()].filter((key) => {
				const value = key
					.split('.')
					.reduce<string | Tree>((node, part) => (node as Tree)[part]!, table);
				return typeof value === 'string' && value.trim() === '';
			});
			expect(empty).toEqual([]);
		});
	}
});
