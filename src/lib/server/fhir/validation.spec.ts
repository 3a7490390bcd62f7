import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { FhirError } from './outcome';
import { isResourceType, ukCoreProfiles } from './profiles';
import { assertValid, validateAgainstProfile } from './validation';

type Resource = Record<string, unknown> & { resourceType: string; id: string };

/** NHS England's own examples of the resource types the interface serves (fhir/uk-core/). */
const examples = Object.values(
	import.meta.glob<Resource>('/fhir/uk-core/examples/*.json', { eager: true, import: 'default' })
);
const example = (id: string) => {
	const found = examples.find((r) => r.id === id);
	if (!found) throw new Error(`No example ${id}`);
	return structuredClone(found);
};
const slot = () => example('UKCore-Slot-AvailableWalkInVisit-Example');
const appointment = () => example('UKCore-Appointment-OrthopaedicSurgery-Example');
const patient = () => example('UKCore-Patient-RichardSmith-Example');
/** An extension holding an extension holding… `levels` deep. */
const nested = (levels: number) => {
	let extension: object = { url: 'https://example.org/leaf', valueString: 'x' };
	for (let i = 0; i < levels; i++)
		extension = { url: 'https://example.org/deeper', extension: [extension] };
	return extension;
};
const nestedBundle = (levels: number) => {
	let bundle: object = { resourceType: 'Bundle', type: 'collection' };
	for (let i = 0; i < levels; i++)
		bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: bundle }] };
	return bundle;
};
const without = (resource: Resource, ...names: string[]) => {
	for (const name of names) delete resource[name];
	return resource;
};

/** Each issue as "expression: diagnostics", for messages that say what went wrong where. */
const said = (resource: object, profile?: string) =>
	validateAgainstProfile(resource, profile).map(
		(i) => `${i.code} ${i.expression?.join(',') ?? '-'}: ${i.diagnostics}`
	);

// The first check loads the definitions: a second or two, more on a busy machine.
beforeAll(() => validateAgainstProfile({}), 30_000);

describe('validateAgainstProfile', () => {
	it(
		'accepts every official UK Core example of the resource types served',
		{ timeout: 30_000 },
		() => {
			// 63 in UK Core STU2 2.0.0; fewer would mean the import lost some
			expect(examples.length).toBe(63);
			expect(examples.filter((r) => !isResourceType(r.resourceType))).toEqual([]);
			const refused = examples
				.map((r) => ({ id: r.id, issues: said(r) }))
				.filter((r) => r.issues.length > 0);
			expect(refused).toEqual([]);
		}
	);

	it('refuses a Slot without its status and schedule', () => {
		expect(said(without(slot(), 'status', 'schedule'))).toEqual([
			'structure Slot.schedule: Missing required property',
			'structure Slot.status: Missing required property'
		]);
	});

	it('refuses a status that is not in its required value set', () => {
		expect(said({ ...appointment(), status: 'flying' })).toEqual([
			'value Appointment.status: "flying" is not in the required value set http://hl7.org/fhir/ValueSet/appointmentstatus'
		]);
	});

	it('refuses an NHS number verification status that is not one of UK Core’s', () => {
		const p = patient();
		const identifier = (p.identifier as Record<string, unknown>[])[0]!;
		const [verification] = identifier.extension as { valueCodeableConcept: unknown }[];
		verification!.valueCodeableConcept = {
			coding: [
				{
					system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland',
					code: '99'
				}
			]
		};
		expect(said(p)).toEqual([
			'value Patient.identifier[0].extension[0].valueCodeableConcept: https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland|99 is not in the required value set https://fhir.hl7.org.uk/ValueSet/UKCore-NHSNumberVerificationStatus'
		]);
	});

	it('checks codes inside data types and backbone elements too', () => {
		const a = appointment();
		(a.participant as Record<string, unknown>[])[0]!.status = 'maybe';
		const s = slot();
		(s.identifier as Record<string, unknown>[])[0]!.use = 'forever';
		expect(said(a)).toEqual([
			'value Appointment.participant[0].status: "maybe" is not in the required value set http://hl7.org/fhir/ValueSet/participationstatus'
		]);
		expect(said(s)).toEqual([
			'value Slot.identifier[0].use: "forever" is not in the required value set http://hl7.org/fhir/ValueSet/identifier-use'
		]);
	});

	it('refuses a reference to a type the element does not allow', () => {
		const a = appointment();
		(a.participant as Record<string, unknown>[])[0]!.actor = { reference: 'Slot/1' };
		expect(
			said({ ...slot(), schedule: { reference: 'https://example.org/fhir/Patient/9' } })
		).toEqual([
			'value Slot.schedule.reference: Refers to a Patient, where only Schedule may be referred to'
		]);
		expect(said(a)).toEqual([
			'value Appointment.participant[0].actor.reference: Refers to a Slot, where only Patient, Practitioner, PractitionerRole, RelatedPerson, Device, HealthcareService, Location may be referred to'
		]);
		// contained, conditional and urn: references are for whoever resolves them
		for (const reference of [
			'#s1',
			'Schedule?identifier=x|1',
			'urn:uuid:4cc18add-5160-49bb-9995-0d0759751f8d'
		])
			expect(said({ ...slot(), schedule: { reference } })).toEqual([]);
	});

	it('refuses two values where one is allowed', () => {
		expect(said({ ...patient(), birthDate: ['1960-01-01', '1961-01-01'] })).toEqual([
			'structure Patient.birthDate: Expected single value for property'
		]);
		expect(
			said({ ...slot(), schedule: [{ reference: 'Schedule/a' }, { reference: 'Schedule/b' }] })
		).toEqual(['structure Slot.schedule: Expected single value for property']);
	});

	it('refuses a value of the wrong type', () => {
		expect(said({ ...slot(), start: 42 })).toEqual([
			'structure Slot.start: Invalid JSON type: expected string, but got number'
		]);
		expect(said({ ...slot(), start: 'next Tuesday' })).toEqual([
			'structure Slot.start: Invalid instant format'
		]);
	});

	it('refuses an element the resource does not have', () => {
		expect(said({ ...slot(), colour: 'blue' })).toEqual([
			'structure Slot.colour: Invalid additional property "colour"'
		]);
	});

	it('says what is wrong with JSON that is not a resource at all, without throwing', () => {
		for (const notAResource of [[], 'Slot', 42, null, {}, { resourceType: 'Spaceship' }]) {
			const issues = validateAgainstProfile(notAResource as object);
			expect(issues.length).toBe(1);
			expect(issues[0]!.code).toBe('structure');
		}
		for (const hostile of [
			{ ...slot(), identifier: 'abc' },
			{ ...slot(), meta: 5 },
			{ ...slot(), extension: [null] },
			{ ...slot(), schedule: { reference: { deeper: [1, 2] } } },
			{ ...slot(), contained: [{ resourceType: 'Nothing' }] },
			{ ...slot(), serviceType: [{ coding: 'none' }] },
			{ ...slot(), extension: [nested(10_000)] },
			{ resourceType: 'Bundle', type: 'collection', entry: [{ resource: nestedBundle(5_000) }] }
		]) {
			expect(validateAgainstProfile(hostile)).not.toEqual([]);
		}
	});

	it('answers issues, never an exception, whatever JSON stands in any element', () => {
		const valid = [
			slot(),
			appointment(),
			patient(),
			example('UKCore-CarePlan-WellnessPlan-Example')
		];
		const anything = fc.oneof(
			fc.jsonValue({ maxDepth: 4 }),
			fc.constantFrom('', '9'.repeat(400), [null], [[]], { resourceType: 'Patient' })
		);
		const mutated = fc.constantFrom(...valid).chain((resource) =>
			fc
				.record({
					key: fc.constantFrom(...Object.keys(resource), 'unknownElement', '_status', 'contained'),
					value: anything
				})
				.map(({ key, value }) => ({ ...resource, [key]: value }))
		);
		fc.assert(
			fc.property(mutated, (resource) => {
				expect(Array.isArray(validateAgainstProfile(resource))).toBe(true);
			}),
			{ seed: 23, numRuns: 300 }
		);
		fc.assert(
			fc.property(anything, (value) => {
				expect(Array.isArray(validateAgainstProfile(value as object))).toBe(true);
			}),
			{ seed: 23, numRuns: 300 }
		);
	}, 60_000);

	it('says plainly where a value stands in for an object, and the other way round', () => {
		expect(said({ ...slot(), _status: [false], _start: 'x' })).toEqual([
			'structure Slot._status: Expected an object holding the extensions of the value',
			'structure Slot._start: Expected an object holding the extensions of the value'
		]);
		expect(said({ ...slot(), meta: 5, identifier: 'abc', start: { at: 'noon' } })).toEqual([
			'structure Slot.identifier: Expected an object of type Identifier, not "abc"',
			'structure Slot.start: Expected a value of type instant, not an object',
			'structure Slot.meta: Expected an object of type Meta, not 5'
		]);
	});

	it('checks a resource against the profile asked for, and says when it is of another type', () => {
		expect(said(slot(), ukCoreProfiles.Slot)).toEqual([]);
		expect(said(slot(), ukCoreProfiles.Patient)).toEqual([
			'invalid resourceType: A Slot cannot conform to UKCore-Patient, a profile of Patient'
		]);
	});

	it('uses the UK Core profile when the resource claims one the validator does not hold', () => {
		const s = { ...slot(), meta: { profile: ['https://example.org/StructureDefinition/OurSlot'] } };
		expect(said(s)).toEqual([]);
		expect(said({ ...s, status: 'booked-twice' })).toHaveLength(1);
	});

	it('checks each resource in a Bundle against its own profile, and says where it is', () => {
		const noStatus = without(slot(), 'status');
		const twoNhsNumbers = patient();
		const identifiers = twoNhsNumbers.identifier as object[];
		identifiers.push({ ...identifiers[0], value: '9000000009' });
		const bundle = {
			resourceType: 'Bundle',
			type: 'collection',
			entry: [
				{ fullUrl: 'https://example.org/fhir/Slot/1', resource: slot() },
				{ fullUrl: 'https://example.org/fhir/Slot/2', resource: { ...noStatus, start: 42 } },
				{ fullUrl: 'https://example.org/fhir/Patient/3', resource: twoNhsNumbers }
			]
		};
		// UK Core allows a Patient one NHS number; base R4 any number of identifiers
		expect(said(twoNhsNumbers)).toHaveLength(1);
		// (Medplum names the slice after the last slice inside it, nhsNumberVerificationStatus: its
		// parser files a slice's elements under the latest slice begun, so it still counts NHS numbers)
		expect(said(bundle).sort()).toEqual([
			'structure Bundle.entry[1].resource.start: Invalid JSON type: expected string, but got number',
			'structure Bundle.entry[1].resource.status: Missing required property',
			expect.stringMatching(
				/^structure Bundle\.entry\[2\]\.resource\.identifier: Incorrect number of values provided for slice '\w+': expected 0\.\.1, but found 2$/
			)
		]);
	});

	it('checks a type UK Core has no profile for against base R4', () => {
		const parameters = {
			resourceType: 'Parameters',
			parameter: [{ name: 'count', valueInteger: 'x' }]
		};
		expect(said(parameters)).toEqual([
			'structure Parameters.parameter[0].value[x]: Invalid JSON type: expected number, but got string'
		]);
	});
});

describe('assertValid', () => {
	it('lets a valid resource through', () => {
		expect(() => assertValid(slot())).not.toThrow();
	});

	it('throws a 400 FhirError with every issue and where it is', () => {
		const noStatus = without(slot(), 'status');
		try {
			assertValid({ ...noStatus, start: 42 });
			expect.unreachable();
		} catch (error) {
			expect(error).toBeInstanceOf(FhirError);
			const refusal = error as FhirError;
			expect(refusal.status).toBe(400);
			expect(refusal.code).toBe('invalid');
			expect(refusal.issues.slice(1).map((i) => i.expression)).toEqual(
				expect.arrayContaining([['Slot.start'], ['Slot.status']])
			);
			expect(refusal.issues).toHaveLength(3);
			expect(refusal.message).toBe('The Slot does not conform to its profile: 2 problems');
		}
		try {
			assertValid({ status: 'free' });
			expect.unreachable();
		} catch (error) {
			expect((error as FhirError).message).toBe(
				'The resource does not conform to its profile: one problem'
			);
		}
	});
});
