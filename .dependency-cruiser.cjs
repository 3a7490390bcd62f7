// The layers of README's "Layout of the code", checked by `npm run lint` (dependency-cruiser):
//
//   routes, hooks.server.ts   ->  web/, access/guards.ts  ->  domain areas  ->  db/
//
// Nothing points up. Unit tests (*.spec.ts) are left out: a test may reach across the layers it
// checks, and its imports are not the app's.

/** Modules under lib/server that are not the domain: HTTP's own (web/, the guards) and the demo. */
const notDomain = [
	'^src/lib/server/web/',
	'^src/lib/server/access/guards[.]ts$',
	'^src/lib/server/demo/'
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
	forbidden: [
		{
			name: 'db-is-the-bottom',
			comment:
				'db/ holds the schema, the client and migrations; it imports nothing from the domain (only config.ts, for where the database is), so any area can use it without a cycle.',
			severity: 'error',
			from: { path: '^src/lib/server/db/' },
			to: {
				path: '^src/lib/server/',
				pathNot: ['^src/lib/server/db/', '^src/lib/server/config[.]ts$']
			}
		},
		{
			name: 'domain-not-web',
			comment:
				'Domain modules are plain TypeScript any adapter can call (a page, a FHIR endpoint, a text-message webhook): never SvelteKit, its $app modules, cookies or route helpers (web/), nor the guards.',
			severity: 'error',
			from: { path: '^src/lib/server/', pathNot: notDomain },
			to: {
				path: [
					'(^|/)node_modules/@sveltejs/kit/',
					'^[$]app/',
					'^src/lib/server/web/',
					'^src/lib/server/access/guards[.]ts$'
				]
			}
		},
		{
			name: 'routes-not-db',
			comment:
				'Routes and the server hook are adapters: they call domain functions, never a table, drizzle or the driver, so every query stays in the domain where a second backend can replace it.',
			severity: 'error',
			from: { path: ['^src/routes/', '^src/hooks[.]server[.]ts$'] },
			to: {
				path: [
					'^src/lib/server/db/',
					'(^|/)node_modules/(@types/)?(drizzle-orm|better-sqlite3|pg)/',
					'^(drizzle-orm|better-sqlite3|pg)(/|$)'
				]
			}
		},
		{
			name: 'demo-only-at-start-up',
			comment:
				"The demo's seeder is loaded by the server's start-up in demo mode (startup.ts) and by tests, never by a page or the domain: it is built into a chunk of its own, which a production server never loads.",
			severity: 'error',
			from: { pathNot: ['^src/lib/server/demo/', '^src/lib/server/startup[.]ts$'] },
			to: { path: '^src/lib/server/demo/' }
		},
		{
			name: 'client-not-server',
			comment:
				'Code that reaches the browser (components, the client script, the service worker, every .svelte file) never imports server code, which holds the database and secrets.',
			severity: 'error',
			from: {
				path: [
					'^src/lib/components/',
					'^src/lib/client/',
					'[.]svelte$',
					'^src/service-worker[.]ts$'
				]
			},
			to: { path: '^src/lib/server/' }
		},
		{
			name: 'no-circular',
			comment:
				'A module that reaches itself through its imports has no clear place in the layers and loads in an order nobody chose.',
			severity: 'error',
			from: {},
			to: { circular: true }
		},
		{
			name: 'no-folder-cycles',
			comment:
				'Folders (areas) depend one way too: two areas that import each other are one area in two places, and will not come apart when an adapter needs only one of them.',
			severity: 'error',
			scope: 'folder',
			from: {},
			to: { circular: true }
		}
	],
	options: {
		doNotFollow: { path: 'node_modules' },
		exclude: { path: '[.]spec[.]ts$' },
		// $lib resolves through SvelteKit's generated paths (`svelte-kit sync` writes them);
		// tsconfig.depcruise.json only adds the baseUrl the resolver needs to read them.
		tsConfig: { fileName: 'tsconfig.depcruise.json' },
		// Type-only imports count: a domain module importing a SvelteKit type still depends on it.
		tsPreCompilationDeps: true,
		enhancedResolveOptions: {
			exportsFields: ['exports'],
			conditionNames: ['import', 'require', 'node', 'default', 'types'],
			extensions: ['.ts', '.js', '.svelte']
		},
		reporterOptions: { text: { highlightFocused: true } }
	}
};
