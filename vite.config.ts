import fs from 'node:fs';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

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

export default defineConfig({
	plugins: [sveltekit(), pageScripts()],
	css: {
		preprocessorOptions: {
			scss: {
				loadPaths: ['node_modules'],
				quietDeps: true
			}
		}
	},
	test: {
		include: [
			'src/**/*.spec.ts',
			'scripts/**/*.spec.js',
			'bench/**/*.spec.js',
			'tests/**/*.spec.ts'
		],
		environment: 'node',
		// Each test file gets its own module graph, and so its own fresh in-memory database. The
		// server's log (a message worker's failures, say) is not the tests' output.
		env: { DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent' }
	}
});
