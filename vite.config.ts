import fs from 'node:fs';
import purgeCSSPlugin from '@fullhuman/postcss-purgecss';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Pages send no client framework (`csr = false`), so SvelteKit makes no client build of them. The
 * one script they send is bundled as a worker-style module (`?worker&url`) by the server build,
 * and this copies it to the client files the server serves, under the same immutable address.
 */
function pageScripts(): Plugin {
	const from = '.svelte-kit/output/server/_app/immutable/workers';
	return {
		name: 'joined-up-page-scripts',
		apply: 'build',
		writeBundle() {
			if (!fs.existsSync(from)) return;
			fs.cpSync(from, '.svelte-kit/output/client/_app/immutable/workers', { recursive: true });
		}
	};
}

/**
 * NHS.UK frontend's Sass gives whole components, most of whose rules no page uses (variants,
 * icons, the header's menus): the built stylesheets keep only rules whose class names, elements
 * and attributes appear in the templates and code, so each page's HTML and CSS arrive in one
 * round trip (tests/budgets.e2e.ts). Kept whatever the templates say:
 * - Svelte's scoping classes (`svelte-1x2y3z`), which its compiler adds to `<style>` blocks;
 * - an input's width class, which TextInput and DateInput build from a number
 *   (`nhsuk-input--width-{width}`).
 * Right-to-left rules (`[dir='rtl'] …`) stay by themselves: templates name the `dir` attribute.
 * Only for builds: in development a class added to a template would need a restart to show.
 */
const unusedRules = purgeCSSPlugin({
	content: ['src/**/*.{svelte,ts,html}'],
	safelist: {
		standard: [/^svelte-/, /^nhsuk-input--width-/]
	},
	// Links' addresses are built in templates (`href={`tel:${phone}`}`), which the extractor
	// cannot read, so rules on an address stay: without this, a printed plan lost the rule that
	// keeps NHS.UK's "(Link: tel:…)" from repeating each phone number.
	dynamicAttributes: ['href'],
	// Custom properties and keyframes nothing refers to go too; there are no font faces.
	variables: true,
	keyframes: true
});

/** The domain's unit tests, run on PostgreSQL as well as SQLite. */
const postgresUnits = ['src/lib/server/**/*.spec.ts', 'scripts/deprivation.spec.js'];
/** Specs about SQLite itself, or about parts that run on SQLite only (README, "Tests"). */
/** Specs about PostgreSQL alone, which the SQLite project leaves out. */
const onlyOnPostgres = ['src/lib/server/demo/postgres.spec.ts'];
const notOnPostgres = [
	// The demo is made in a SQLite file (npm run demo), and its FHIR check reads that file; its
	// copy into PostgreSQL has a spec of its own (onlyOnPostgres).
	'src/lib/server/fhir/conformance.spec.ts',
	'src/lib/server/demo/population.spec.ts',
	'src/lib/server/db/client.spec.ts',
	'src/lib/server/db/pg/**',
	'src/lib/server/db/postgres.spec.ts'
];

export default defineConfig(({ command }) => ({
	plugins: [sveltekit(), pageScripts()],
	css: {
		postcss: { plugins: command === 'build' ? [unusedRules] : [] },
		preprocessorOptions: {
			scss: {
				loadPaths: ['node_modules'],
				quietDeps: true
			}
		}
	},
	test: {
		environment: 'node',
		// Each test file gets its own module graph, and so its own fresh database. The server's log
		// (a message worker's failures, say) is not the tests' output.
		env: { DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent' },
		projects: [
			{
				extends: true,
				test: {
					name: 'sqlite',
					include: [
						'src/**/*.spec.ts',
						'scripts/**/*.spec.js',
						'bench/**/*.spec.js',
						'tests/**/*.spec.ts'
					],
					exclude: [...configDefaults.exclude, ...onlyOnPostgres]
				}
			},
			{
				// The domain's units again, each file on a PostgreSQL database of its own (README,
				// "Tests": what runs where).
				extends: true,
				test: {
					name: 'postgres',
					include: postgresUnits,
					exclude: notOnPostgres,
					globalSetup: 'tests/postgres-global.ts',
					setupFiles: 'tests/postgres-setup.ts'
				}
			}
		]
	}
}));
