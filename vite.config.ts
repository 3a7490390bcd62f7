import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	css: {
		preprocessorOptions: {
			scss: {
				loadPaths: ['node_modules'],
				quietDeps: true
			}
		}
	},
	test: {
		include: ['src/**/*.spec.ts'],
		environment: 'node',
		// Each test file gets its own module graph, and so its own fresh in-memory database.
		env: { DATABASE_PATH: ':memory:' }
	}
});
