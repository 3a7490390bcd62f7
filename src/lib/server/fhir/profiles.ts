// The national profiles Joined Up's FHIR resources claim, and the code systems and identifier
// systems they use. One place, so that what the interface emits and what it accepts agree.
import type { SensitivityLabel } from '../db/schema';

const ukCore = 'https://fhir.hl7.org.uk/StructureDefinition/';

/** The resource types the interface serves, each with its UK Core profile. */
export const ukCoreProfiles = {
	Patient: `${ukCore}UKCore-Patient`,
	Appointment: `${ukCore}UKCore-Appointment`,
	Slot: `${ukCore}UKCore-Slot`,
	Schedule: `${ukCore}UKCore-Schedule`,
	HealthcareService: `${ukCore}UKCore-HealthcareService`,
	Location: `${ukCore}UKCore-Location`,
	Organization: `${ukCore}UKCore-Organization`,
	CarePlan: `${ukCore}UKCore-CarePlan`,
	CareTeam: `${ukCore}UKCore-CareTeam`,
	RelatedPerson: `${ukCore}UKCore-RelatedPerson`,
	Consent: `${ukCore}UKCore-Consent`,
	ServiceRequest: `${ukCore}UKCore-ServiceRequest`,
	Task: `${ukCore}UKCore-Task`,
	Communication: `${ukCore}UKCore-Communication`,
	AuditEvent: `${ukCore}UKCore-AuditEvent`,
	Provenance: `${ukCore}UKCore-Provenance`,
	Bundle: `${ukCore}UKCore-Bundle`,
	OperationOutcome: `${ukCore}UKCore-OperationOutcome`
} as const;
export type ResourceType = keyof typeof ukCoreProfiles;

export const isResourceType = (name: string): name is ResourceType =>
	Object.prototype.hasOwnProperty.call(ukCoreProfiles, name);

/** NHS England's identifier system for the NHS number. */
export const nhsNumberSystem = 'https://fhir.nhs.uk/Id/nhs-number';

/**
 * Joined Up's own identifier and code systems. They name things that exist only here (the
 * reference read out on the phone, a label no national code system has), under one base, so
 * that moving to a registered base is a one-line change.
 */
const joinedUp = 'https://fhir.joinedup.example/';
export const joinedUpSystems = {
	appointmentReference: `${joinedUp}Id/appointment-reference`,
	requestReference: `${joinedUp}Id/request-reference`,
	sensitivityLabel: `${joinedUp}CodeSystem/sensitivity-label`
} as const;

const actCode = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';

/**
 * A care plan's (or a service's) sensitivity label as `meta.security` codings. General needs no
 * label. The others carry HL7's information-sensitivity code where one exists (mental health MH,
 * sexual health SEX) and always Joined Up's own code, which is what is read back: HL7 has no
 * code for social care, and one system that names all four keeps reading unambiguous.
 */
export function securityLabelsFor(label: SensitivityLabel): { system: string; code: string }[] {
	if (label === 'general') return [];
	const hl7 = { mental_health: 'MH', sexual_health: 'SEX', social_care: null }[label];
	return [
		...(hl7 ? [{ system: actCode, code: hl7 }] : []),
		{ system: joinedUpSystems.sensitivityLabel, code: label }
	];
}

/** The label `meta.security` names (Joined Up's code, or HL7's MH or SEX); general when none. */
export function labelFromSecurity(
	security: { system?: string; code?: string }[] | undefined
): SensitivityLabel | 'unknown' {
	const ours = security?.find((s) => s.system === joinedUpSystems.sensitivityLabel)?.code;
	if (ours)
		return (
			(['mental_health', 'sexual_health', 'social_care'] as const).find((l) => l === ours) ??
			'unknown'
		);
	const hl7 = security?.find((s) => s.system === actCode)?.code;
	if (hl7 === 'MH') return 'mental_health';
	if (hl7 === 'SEX') return 'sexual_health';
	return 'general';
}
