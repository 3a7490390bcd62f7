// The yardstick: bare SvelteKit with the same adapter as Joined Up, and nothing else, so that
// bench/ics.js can say how far each of Joined Up's pages is from what SvelteKit itself does here.
import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	kit: { adapter: adapter() }
};

export default config;
