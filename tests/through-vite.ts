// The app's server code, for the test harness: its modules use Vite's JSON and glob imports and
// the `$lib` alias, so they are loaded through Vite, as the app's own build reads them.
import path from 'node:path';
import { runnerImport } from 'vite';

const root = path.resolve(import.meta.dirname, '..');

/** A module under tests/ (domain.ts, fhir-conformance.ts) and everything it imports, via Vite. */
export async function throughVite<Module>(file: string): Promise<Module> {
	const { module } = await runnerImport<Module>(path.join(root, 'tests', file), {
		configFile: false,
		root,
		logLevel: 'error',
		resolve: { alias: { $lib: path.join(root, 'src', 'lib') } }
	});
	return module;
}
