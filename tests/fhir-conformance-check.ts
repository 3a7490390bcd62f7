// Run by Playwright when the end-to-end run is over: everything the FHIR interface can emit from
// the run's database (the demo, and everything every test made) must validate against UK Core.
// See fhir-conformance.ts.
import type * as Conformance from './fhir-conformance';
import { throughVite } from './through-vite';

export default async function checkFhirConformance(): Promise<void> {
	// playwright.config.ts has pointed DATABASE_PATH at the run's database.
	const { fhirConformance, describeFailures } =
		await throughVite<typeof Conformance>('fhir-conformance.ts');
	const { checked, failures, ms } = await fhirConformance();
	const total = Object.values(checked).reduce((sum, n) => sum + n, 0);
	console.log(
		`FHIR conformance: ${total} distinct resources checked in ${ms} ms, ${failures.length} not valid`,
		checked
	);
	if (failures.length > 0)
		throw new Error(
			`What the FHIR interface emits does not validate against UK Core:\n${describeFailures(failures)}`
		);
}
