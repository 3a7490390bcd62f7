import { describe, expect, it } from 'vitest';
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

/** Each issue as "expression: diagnostics", for messages that say what went wrong where. */
const said = (resource: object, profile?: string) =>
	validateAgainstProfile(resource, profile).map(
		(i) => `${i.code} ${i.expression?.join(',') ?? '-'}: ${i.diagnostics}`
	);

describe('validateAgainstProfile', () => {
	it('accepts every official UK Core example of the resource types served', () => {
		// 63 in UK Core STU2 2.0.0; fewer would mean the import lost some
		expect(examples.length).toBe(63);
		expect(examples.filter((r) => !isResourceType(r.resourceType))).toEqual([]);
		const refused = examples
			.map((r) => ({ id: r.id, issues: said(r) }))
			.filter((r) => r.issues.length > 0);
		expect(refused).toEqual([]);
	});

	it('refuses a Slot without its status and schedule', () => {
		const { status, schedule, ...rest } = slot();
		expect(status && schedule).toBeTruthy();
		expect(said(rest)).toEqual([
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
			{ ...slot(), serviceType: [{ coding: 'none' }] }
		]) {
			expect(validateAgainstProfile(hostile)).not.toEqual([]);
		}
	});

	it('says plainly where a value stands in for an object, and the other way round', () => {
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
		const noStatus: Record<string, unknown> = slot();
		delete noStatus.status;
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
		}
	});
});
