// The CapabilityStatement served at /fhir/R4/metadata: what this server does, exactly. It is
// made from the registries themselves (read.ts's reads and searches, write.ts's writes), so it
// cannot claim a parameter the searches refuse or a write nobody handles, nor miss one.
import { readable } from './read';
import { writable } from './write';
import { ukCoreProfiles, type ResourceType } from './profiles';
import { defaultCount, maxAlternatives, maxCount } from './search';

type SearchParamType = 'token' | 'reference' | 'date';

/** Each search parameter's type and what it matches here. */
const searchParameters: Record<string, { type: SearchParamType; documentation: string }> = {
	identifier: {
		type: 'token',
		documentation:
			'The NHS number: https://fhir.nhs.uk/Id/nhs-number|9434765919, or the bare number.'
	},
	patient: {
		type: 'reference',
		documentation:
			'Patient/{id} or {id}. A patient your organisation does not care for gives an empty Bundle.'
	},
	date: {
		type: 'date',
		documentation:
			"The appointment's start. A day, month or year (London time) or an instant with its zone; prefixes eq (default), ge, gt, le, lt; repeat to give a range."
	},
	start: {
		type: 'date',
		documentation:
			"The slot's start. A day, month or year (London time) or an instant with its zone; prefixes eq (default), ge, gt, le, lt; repeat to give a range."
	},
	status: { type: 'token', documentation: 'One status or several, comma-separated.' },
	schedule: {
		type: 'reference',
		documentation: 'Schedule/{serviceId}-{locationId}: a service’s diary at one place.'
	},
	'service-type': {
		type: 'token',
		documentation:
			"The service's kind, in https://fhir.joinedup.example/CodeSystem/service-kind (gp, nursing, specialist_clinic, hearing, therapy, mental_health, social_care, social_prescribing, vaccination)."
	},
	actor: {
		type: 'reference',
		documentation: 'HealthcareService/{id} or Location/{id}.'
	}
};

/** What the writes of each type do, said where the type has any. */
const writeDocumentation: Partial<Record<ResourceType, string>> = {
	Slot: 'Create and update (also conditionally, by identifier, which makes publishing idempotent) for your own services; delete withdraws a free slot, never a booked one.',
	Schedule: "Create or update a diary (Schedule/{serviceId}-{locationId}) of your own service's.",
	Appointment: 'Update changes the status only: arrived, fulfilled or noshow.',
	CarePlan:
		'Create and update (also conditionally, by identifier) a plan for a patient your organisation cares for; meta.security carries its sensitivity label.'
};

export function capabilityStatement(base: string, date = new Date()) {
	return {
		resourceType: 'CapabilityStatement' as const,
		status: 'active',
		date: date.toISOString().slice(0, 10),
		publisher: 'Joined Up',
		description:
			"Joined Up's FHIR R4 interface for the ICS's other systems, serving NHS England's UK Core profiles.",
		kind: 'instance',
		software: { name: 'Joined Up' },
		implementation: { description: 'Joined Up FHIR R4', url: base },
		fhirVersion: '4.0.1',
		format: ['application/fhir+json', 'json'],
		rest: [
			{
				mode: 'server',
				documentation: `Searches return ${defaultCount} a page unless _count asks (at most ${maxCount}); Bundle.link "next" pages on with _offset. Slots and appointments come in time order, everything else in order of id. A search parameter not listed for a type is refused with 400 and an OperationOutcome, never ignored; one parameter lists at most ${maxAlternatives} comma-separated values. Patient, RelatedPerson and Consent searches must name the patient (or _id). A system reads only patients its organisation cares for, and of theirs what its staff could see; anything else is 404.`,
				security: {
					extension: [
						{
							url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
							extension: [{ url: 'token', valueUri: `${base}/auth/token` }]
						}
					],
					service: [
						{
							coding: [
								{
									system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
									code: 'SMART-on-FHIR'
								}
							]
						}
					],
					description:
						'SMART Backend Services: the client credentials grant with a private_key_jwt assertion signed by your registered key; system/*.read and system/*.write scopes.'
				},
				resource: (Object.keys(readable) as ResourceType[]).map((type) => {
					const writer = writable[type] ?? {};
					const writes = (['create', 'update', 'delete'] as const).filter((code) => writer[code]);
					return {
						type,
						profile: ukCoreProfiles[type],
						...(writeDocumentation[type] && Object.keys(writer).length
							? { documentation: writeDocumentation[type] }
							: {}),
						interaction: [
							{ code: 'read' },
							{ code: 'search-type' },
							...writes.map((code) => ({ code }))
						],
						versioning: type === 'CarePlan' ? 'versioned' : 'no-version',
						readHistory: false,
						...(writer.conditionalUpdate ? { conditionalUpdate: true } : {}),
						searchParam: [
							{ name: '_id', type: 'token', documentation: 'The resource id.' },
							...readable[type]!.searchParameters.map((name) => ({
								name,
								...searchParameters[name]!
							}))
						]
					};
				})
			}
		]
	};
}
