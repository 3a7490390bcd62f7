import { describe, expect, it } from 'vitest';
import { resources } from './index';
import { languages } from './languages';

type Tree = { [key: string]: string | Tree };

// PageTitle.svelte puts `common.titleActingFor` inside `common.title`, which adds " – Joined Up".
describe('page titles', () => {
	for (const { code } of languages) {
		it(`${code} names the service once in a title when acting for someone`, () => {
			const common = resources[code].translation.common as Tree;
			expect(common.titleActingFor).not.toMatch(/Joined Up/);
			expect(common.title).toMatch(/Joined Up/);
		});
	}
});
