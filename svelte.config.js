import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter(),
		// Pages are server-rendered; JavaScript only enhances. No inline script runs
		// without a hash or nonce, and nothing is loaded from another origin.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none'],
				'base-uri': ['self'],
				'object-src': ['none']
			}
		},
		// Cross-site form posts are refused in hooks.server.ts (web/origin.ts), for every route
		// but the FHIR token endpoint, where other organisations' servers post OAuth's form.
		csrf: { trustedOrigins: ['*'] },
		serviceWorker: { register: false },
		version: { pollInterval: 0 }
	}
};

export default config;
