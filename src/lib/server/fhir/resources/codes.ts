// What every mapper shares: references, instants, and the codes that say how an appointment is
// delivered. Joined Up's own code systems that profiles.ts does not name yet live here too.
import type { AppointmentMode } from '../../db/schema';
import { joinedUpSystems } from '../profiles';

export const snomed = 'http://snomed.info/sct';
const ukCoreCodes = 'https://fhir.hl7.org.uk/CodeSystem/';

/** Joined Up's own code systems, under the same base as profiles.ts's. */
const joinedUpCodes = joinedUpSystems.sensitivityLabel.replace(/sensitivity-label$/, '');
export const joinedUpCodeSystems = {
	serviceKind: `${joinedUpCodes}service-kind`,
	organisationKind: `${joinedUpCodes}organisation-kind`,
	carePlanKind: `${joinedUpCodes}care-plan-kind`,
	proxyPermission: `${joinedUpCodes}proxy-permission`,
	requestTopic: `${joinedUpCodes}request-topic`,
	messageKind: `${joinedUpCodes}message-kind`
} as const;

export type Reference = { reference: string; display?: string };
export const reference = (type: string, id: number | string, display?: string): Reference =>
	display === undefined ? { reference: `${type}/${id}` } : { reference: `${type}/${id}`, display };

/** FHIR's instant: UTC, to the second, as stored times are. */
/**
 * Words people typed, as a FHIR string: FHIR allows no control characters but tab and new lines,
 * and no empty string (an element with nothing to say is left out: undefined). Texts that came
 * in by SMS reach here without a form's cleaning.
 */
export function fhirString(text: string | null | undefined): string | undefined {
	// eslint-disable-next-line no-control-regex
	const cleaned = text?.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
	return cleaned?.trim() ? cleaned : undefined;
}

export const instant = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

const deliveryChannelUrl =
	'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-DeliveryChannel';
const channels = {
	in_person: { code: 'In-person', display: 'In person' },
	home_visit: { code: 'In-person', display: 'In person' },
	phone: { code: 'Telephone', display: 'Telephone' },
	video: { code: 'Video', display: 'Video' }
} as const satisfies Record<AppointmentMode, { code: string; display: string }>;

/**
 * How a slot or appointment is delivered, as UK Core's DeliveryChannel extension. UK Core has
 * three channels; a home visit is In-person, told apart by `homeVisitType` as its
 * `appointmentType`.
 */
export function deliveryChannel(mode: AppointmentMode) {
	return {
		url: deliveryChannelUrl,
		valueCodeableConcept: {
			coding: [{ system: `${ukCoreCodes}UKCore-DeliveryChannel`, ...channels[mode] }]
		}
	};
}

/** SNOMED CT's "Home visit" (439708006): the appointment type of a slot or appointment at home. */
const homeVisitCode = '439708006';
export const homeVisitType = {
	coding: [{ system: snomed, code: homeVisitCode, display: 'Home visit' }],
	text: 'Home visit'
};

/** The mode a DeliveryChannel extension and appointment type name (for writes reading them back). */
export function modeOf(resource: {
	extension?: { url?: string; valueCodeableConcept?: { coding?: { code?: string }[] } }[];
	appointmentType?: { coding?: { system?: string; code?: string }[] };
}): AppointmentMode | undefined {
	const code = resource.extension?.find((e) => e.url === deliveryChannelUrl)?.valueCodeableConcept
		?.coding?.[0]?.code;
	if (code === 'Telephone') return 'phone';
	if (code === 'Video') return 'video';
	if (code !== 'In-person') return undefined;
	const home = resource.appointmentType?.coding?.some(
		(c) => c.system === snomed && c.code === homeVisitCode
	);
	return home ? 'home_visit' : 'in_person';
}
