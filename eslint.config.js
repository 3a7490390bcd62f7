import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	{
		// Every query is awaited: a promise left floating is a write that may not have happened
		// yet, or a refusal nobody sees (the domain's functions are async over the database).
		files: ['src/**/*.ts', 'tests/**/*.ts'],
		// Outside the project's tsconfig (the service worker has its own; a dot-folder route).
		ignores: ['src/service-worker.ts', 'src/routes/**/.well-known/**'],
		languageOptions: { parserOptions: { projectService: true } },
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			// Listeners and timers may be async: each catches its own errors, and a promise
			// handed where nothing waits is what no-floating-promises is for.
			'@typescript-eslint/no-misused-promises': [
				'error',
				{ checksVoidReturn: { arguments: false } }
			],
			'@typescript-eslint/await-thenable': 'error'
		}
	},
	{
		rules: {
			// Joined Up is served at the root of its origin (no `paths.base`), and links are plain
			// server-rendered hrefs, so resolve() would add nothing.
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			// The yardstick's own build output (bench/yardstick, built on demand by bench:ics).
			'bench/yardstick/build/',
			'bench/yardstick/.svelte-kit/',
			'node_modules/',
			'data/',
			'test-results/',
			'playwright-report/'
		]
	}
);
