// The person whose care it is (Patient), and those who act for them: each relationship is both a
// RelatedPerson (who they are to the patient) and a Consent (what the patient allowed them, until
// when), shaped as NHS England's national proxy (validated relationships) service's Consent is:
// category INFA, the patient, the proxy as performer, and the permissions as the provision.
import { spokenLanguage } from '$lib/i18n/spoken-languages';
import { relationshipState, type RelationshipState } from '../../access/policy';
import type { CommunicationNeeds } from '../../communication-needs';
import type { tables } from '../../db';
import type { ProxyKind } from '../../db/schema';
import { joinedUpSystems, nhsNumberSystem, ukCoreProfiles } from '../profiles';
import { instant, joinedUpCodeSystems, reference } from './codes';

type PatientRow = typeof tables.patients.$inferSelect;
type Relationship = typeof tables.proxyRelationships.$inferSelect;

const ukCore = 'https://fhir.hl7.org.uk/';
const bcp47 = 'urn:ietf:bcp:47';

/**
 * How sure the NHS number is, in UK Core's England codes: a record from the GP practice holds a
 * traced number (01); one registered in person by a link worker holds what the resident told
 * them, not traced with the Personal Demographics Service (02).
 */
function verificationStatus(patient: PatientRow) {
	const [code, display] = patient.registeredByUserId
		? ['02', 'Number present but not traced']
		: ['01', 'Number present and verified'];
	return {
		url: `${ukCore}StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus`,
		valueCodeableConcept: {
			coding: [
				{ system: `${ukCore}CodeSystem/UKCore-NHSNumberVerificationStatusEngland`, code, display }
			]
		}
	};
}

/**
 * The languages the patient communicates in: an interpreter's language (preferred, and the
 * interpreter-required extension says one is needed), British Sign Language when that is a need,
 * and otherwise the language their account reads Joined Up in.
 */
function communication(needs: CommunicationNeeds, accountLanguage: string | null) {
	const interpreter = needs.interpreterLanguage
		? spokenLanguage(needs.interpreterLanguage)
		: undefined;
	const languages: { code: string; display?: string }[] = [
		...(interpreter ? [{ code: interpreter.code, display: interpreter.english }] : []),
		...(needs.needs.includes('bsl') ? [{ code: 'bfi', display: 'British Sign Language' }] : [])
	];
	const interpreterRequired = languages.length > 0;
	if (!interpreterRequired && accountLanguage) languages.push({ code: accountLanguage });
	return {
		interpreterRequired,
		communication: languages.map((language, index) => ({
			language: {
				coding: [
					{
						system: bcp47,
						code: language.code,
						...(language.display ? { display: language.display } : {})
					}
				]
			},
			preferred: index === 0
		}))
	};
}

export function patientResource(
	patient: PatientRow,
	needs: CommunicationNeeds,
	accountLanguage: string | null
) {
	const { interpreterRequired, communication: languages } = communication(needs, accountLanguage);
	const telecom = [
		...(patient.mobile ? [{ system: 'phone', value: patient.mobile, use: 'mobile' }] : []),
		...(patient.email ? [{ system: 'email', value: patient.email, use: 'home' }] : [])
	];
	return {
		resourceType: 'Patient' as const,
		id: String(patient.id),
		meta: { profile: [ukCoreProfiles.Patient] },
		...(interpreterRequired
			? {
					extension: [
						{
							url: 'http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired',
							valueBoolean: true
						}
					]
				}
			: {}),
		...(patient.nhsNumber
			? {
					identifier: [
						{
							extension: [verificationStatus(patient)],
							system: nhsNumberSystem,
							value: patient.nhsNumber
						}
					]
				}
			: {}),
		name: [{ use: 'official', family: patient.familyName, given: [patient.givenName] }],
		...(telecom.length ? { telecom } : {}),
		birthDate: patient.dateOfBirth,
		address: [
			{
				use: 'home',
				...(patient.address ? { line: patient.address.split('\n').filter(Boolean) } : {}),
				postalCode: patient.postcode
			}
		],
		...(languages.length ? { communication: languages } : {})
	};
}

const v3RoleCode = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';
const ukCoreRole = `${ukCore}CodeSystem/UKCore-AdditionalPersonRelationshipRole`;

/** Who the proxy is to the patient, in UK Core's person relationship types. */
const relationshipCodes: Record<ProxyKind, { system: string; code: string; display: string }> = {
	carer: { system: ukCoreRole, code: 'Carer', display: 'Carer of patient' },
	parent: { system: v3RoleCode, code: 'PRN', display: 'parent' },
	lasting_power_of_attorney: {
		system: v3RoleCode,
		code: 'HPOWATT',
		display: 'healthcare power of attorney'
	},
	court_appointed_deputy: { system: ukCoreRole, code: 'Guardian', display: 'Guardian of patient' },
	other: { system: ukCoreRole, code: 'Agent', display: 'Agent of patient' }
};

/** The proxy's own name, when they are a patient with a record too. */
export type ProxyPerson = { givenName: string; familyName: string } | null;

const period = (relationship: Relationship) => ({
	start: instant(relationship.acceptedAt ?? relationship.createdAt),
	...(relationship.endedAt
		? { end: instant(relationship.endedAt) }
		: relationship.endsAt
			? { end: instant(relationship.endsAt) }
			: {})
});

export function relatedPersonResource(
	relationship: Relationship,
	person: ProxyPerson,
	now = new Date()
) {
	return {
		resourceType: 'RelatedPerson' as const,
		id: String(relationship.id),
		meta: { profile: [ukCoreProfiles.RelatedPerson] },
		active: relationshipState(relationship, now) === 'active',
		patient: reference('Patient', relationship.patientId),
		relationship: [{ coding: [relationshipCodes[relationship.kind]] }],
		...(person
			? { name: [{ use: 'official', family: person.familyName, given: [person.givenName] }] }
			: {}),
		period: period(relationship)
	};
}

/** A relationship's state as a Consent's: waiting to be accepted is proposed; ended, inactive. */
const consentStatus: Record<RelationshipState, string> = {
	invited: 'proposed',
	active: 'active',
	revoked: 'inactive',
	stepped_down: 'inactive',
	expired: 'inactive'
};

/** How the relationship was set up, as the Consent's policy rule says in words. */
const policyRules = {
	invited: 'Invited by the patient to act for them in Joined Up',
	in_person: 'Recorded in person by staff or a link worker, who checked the grounds'
} as const;

export function consentResource(relationship: Relationship, now = new Date()) {
	const proxy = reference('RelatedPerson', relationship.id);
	return {
		resourceType: 'Consent' as const,
		id: String(relationship.id),
		meta: { profile: [ukCoreProfiles.Consent] },
		status: consentStatus[relationshipState(relationship, now)],
		scope: {
			coding: [
				{
					system: 'http://terminology.hl7.org/CodeSystem/consentscope',
					code: 'patient-privacy',
					display: 'Privacy Consent'
				}
			]
		},
		category: [
			{
				coding: [
					{
						system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
						code: 'INFA',
						display: 'information access'
					}
				]
			}
		],
		patient: reference('Patient', relationship.patientId),
		dateTime: instant(relationship.acceptedAt ?? relationship.createdAt),
		performer: [proxy],
		policyRule: { text: policyRules[relationship.setUp] },
		provision: {
			type: 'permit',
			period: period(relationship),
			actor: [
				{
					role: {
						coding: [
							{
								system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
								code: 'IRCP',
								display: 'information recipient'
							}
						]
					},
					reference: proxy
				}
			],
			action: relationship.permissions.map((permission) => ({
				coding: [{ system: joinedUpCodeSystems.proxyPermission, code: permission }]
			})),
			// The labels of the care plans (and services) they may learn of; general always.
			securityLabel: [...new Set(['general', ...relationship.carePlanLabels])].map((label) => ({
				system: joinedUpSystems.sensitivityLabel,
				code: label
			}))
		}
	};
}
