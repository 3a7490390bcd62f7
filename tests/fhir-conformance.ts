// Everything the FHIR interface can emit from a database, each resource checked against its UK
// Core profile: what every organisation's system could read and search (each type searched to
// the last page), every patient's "download my data" Bundle (as they and as each person acting
// for them would take it), and the CapabilityStatement. Run by conformance.spec.ts in
// src/lib/server/fhir over the demo, and when the end-to-end run ends (fhir-conformance-check.ts)
// over the demo plus everything the tests made. Loaded through Vite, as the app's modules need.
import { asc, eq } from 'drizzle-orm';
import {
	actorFor,
	capabilityStatement,
	database,
	fhirActor,
	grantFor,
	maxAlternatives,
	myDataBundle,
	myDataOf,
	organisationsCaringFor,
	readable,
	tables,
	validateAgainstProfile,
	type ActingContext,
	type FhirCaller,
	type OutcomeIssue
} from './domain';

/** Where the resources say they are served from; it appears only in their links and fullUrls. */
const base = 'https://joined-up.example/fhir/R4';

export type Failure = { type: string; id: string; issues: OutcomeIssue[] };

export type Conformance = {
	/** Distinct resources checked, by type (Bundles among them). */
	checked: Record<string, number>;
	failures: Failure[];
	ms: number;
};

/**
 * A system of the organisation that may read everything, as a registered one would be (see
 * access/policy.ts's fhirActor). It is not registered: reading records nothing about who reads,
 * so no account is needed behind it.
 */
function readerOf(organisationId: number): FhirCaller {
	const client = { id: 0, clientId: `conformance-${organisationId}`, name: 'Conformance check' };
	const userId = 0;
	return {
		client: { ...client, organisationId, userId },
		scopes: ['system/*.read'],
		actor: fhirActor({ userId, organisationId })
	};
}

type Resource = {
	resourceType: string;
	id?: string;
	meta?: { versionId?: string; profile?: string[] };
};
type SearchBundle = { link: { relation: string; url: string }[]; entry?: { resource: Resource }[] };

/** Checks each distinct resource once: the same one is met through many searches and copies. */
function checker() {
	const seen = new Set<string>();
	const checked: Record<string, number> = {};
	const failures: Failure[] = [];
	/**
	 */
	function check(resource: Resource, name = `${resource.resourceType}/${resource.id}`) {
		const text = JSON.stringify(resource);
		if (seen.has(text)) return;
		seen.add(text);
		checked[resource.resourceType] = (checked[resource.resourceType] ?? 0) + 1;
		const issues = validateAgainstProfile(resource);
		if (issues.length) failures.push({ type: resource.resourceType, id: name, issues });
	}
	/**
	 * A Bundle's check checks its entries again (validation.ts's bundledIssues), each one already
	 * checked on its own, and that would take most of the time: the Bundle is checked with each
	 * entry's resource standing in as a Parameters (no profile, nothing required) of the same id
	 * and version, which is all the Bundle's own rules (unique fullUrls) look at.
	 */
	function checkBundle(bundle: Resource & { entry?: { resource: Resource }[] }, name: string) {
		for (const entry of bundle.entry ?? []) check(entry.resource);
		const text = JSON.stringify(bundle);
		if (seen.has(text)) return;
		seen.add(text);
		checked.Bundle = (checked.Bundle ?? 0) + 1;
		const envelope = {
			...bundle,
			entry: bundle.entry?.map(({ resource, ...entry }) => ({
				...entry,
				resource: {
					resourceType: 'Parameters',
					id: resource.id,
					...(resource.meta?.versionId ? { meta: { versionId: resource.meta.versionId } } : {})
				}
			}))
		};
		const issues = validateAgainstProfile(envelope);
		if (issues.length) failures.push({ type: 'Bundle', id: name, issues });
	}
	return { check, checkBundle, checked, failures };
}

/** Every page of a search, from the first (`_count` the most the interface gives) to the last. */
async function* pages(caller: FhirCaller, type: string, params: Record<string, string>) {
	const reader = readable[type as keyof typeof readable]!;
	let query: URLSearchParams | undefined = new URLSearchParams({ ...params, _count: '200' });
	while (query) {
		const bundle = (await reader.search(caller, query, { base })) as SearchBundle & Resource;
		yield { bundle, name: `${type}?${query}` };
		const next = bundle.link.find((link) => link.relation === 'next');
		query = next ? new URL(next.url).searchParams : undefined;
	}
}

/** The same list in runs of at most `size`. */
const runs = <T>(list: T[], size: number) =>
	Array.from({ length: Math.ceil(list.length / size) }, (_, i) =>
		list.slice(i * size, (i + 1) * size)
	);

/**
 * Types searched for one person at a time (they take no search without one), and the parameter
 * that names them.
 */
const perPerson: Record<string, string> = {
	Patient: '_id',
	RelatedPerson: 'patient',
	Consent: 'patient'
};

export async function fhirConformance(): Promise<Conformance> {
	const started = performance.now();
	const db = database();
	const { check, checkBundle, checked, failures } = checker();
	const everyone = await db
		.select({
			patientId: tables.patients.id,
			givenName: tables.patients.givenName,
			familyName: tables.patients.familyName
		})
		.from(tables.patients)
		.orderBy(asc(tables.patients.id));
	const caredForBy = new Map<number, number[]>();
	for (const { patientId } of everyone)
		for (const organisationId of await organisationsCaringFor(db, patientId))
			caredForBy.set(organisationId, [...(caredForBy.get(organisationId) ?? []), patientId]);

	const organisations = db.select({ id: tables.organisations.id }).from(tables.organisations);
	for (const { id: organisationId } of await organisations) {
		const caller = readerOf(organisationId);
		for (const type of Object.keys(readable)) {
			const parameter = perPerson[type];
			const searches = parameter
				? runs(caredForBy.get(organisationId) ?? [], maxAlternatives).map((ids) => ({
						[parameter]: ids.map((id) => (parameter === '_id' ? `${id}` : `Patient/${id}`)).join()
					}))
				: [{}];
			for (const params of searches)
				for await (const { bundle, name } of pages(caller, type, params)) checkBundle(bundle, name);
		}
	}

	const accounts = new Map(
		(await db.select({ id: tables.users.id, patientId: tables.users.patientId }).from(tables.users))
			.filter((user) => user.patientId !== null)
			.map((user) => [user.patientId!, user.id])
	);
	for (const subject of everyone) {
		// The whole record, as the person would download it (one without an account yet too: what
		// Joined Up holds about them is the same).
		const self: ActingContext = {
			actor: {
				userId: accounts.get(subject.patientId) ?? 0,
				role: 'patient',
				patientId: subject.patientId,
				organisationId: null
			},
			subject,
			via: 'self'
		};
		checkBundle(
			await myDataBundle((await myDataOf(self))!, base),
			`my data of Patient/${subject.patientId}`
		);
	}

	// And as each person acting for someone may download it: less of it, their details cut down.
	const acting = await db
		.select({ user: tables.users, patientId: tables.proxyRelationships.patientId })
		.from(tables.proxyRelationships)
		.innerJoin(tables.users, eq(tables.users.id, tables.proxyRelationships.proxyUserId))
		.where(eq(tables.proxyRelationships.status, 'active'));
	for (const { user, patientId } of acting) {
		const actor = actorFor(user);
		const subject = everyone.find((person) => person.patientId === patientId)!;
		const copy = await myDataOf({
			actor,
			subject,
			via: 'proxy',
			grant: await grantFor(actor, patientId)
		});
		if (copy)
			checkBundle(
				await myDataBundle(copy, base),
				`my data of Patient/${patientId} by User/${user.id}`
			);
	}

	check(capabilityStatement(base), 'CapabilityStatement');
	return { checked, failures, ms: Math.round(performance.now() - started) };
}

/** The failures, one line an issue, the first `most` of them, for a test's or a run's message. */
export function describeFailures(failures: Failure[], most = 50): string {
	const lines = failures.flatMap(({ id, issues }) =>
		issues.map(
			(issue) => `${id}: ${issue.diagnostics}${issue.expression ? ` at ${issue.expression}` : ''}`
		)
	);
	const more = lines.length - most;
	return [...lines.slice(0, most), ...(more > 0 ? [`and ${more} more`] : [])].join('\n');
}
