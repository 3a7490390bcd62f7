// A person's communication needs (the Accessible Information Standard's "how to contact me" and
// "what helps me") for their copy of their data. The languages they need are in their Patient
// (people.ts); how to contact them and the written format they need go in UK Core's
// ContactPreference extension on it; and every need, in Joined Up's own words and code, as an
// active Flag about them (base R4: the interface claims no Flag profile), so none is lost.
import { translatorFor } from '$lib/i18n';
import type { CommunicationNeeds } from '../../communication-needs';
import type { CommunicationNeedKind, ReachMethod } from '../../db/schema';
import { joinedUpCodeSystems, reference } from './codes';

const ukCoreCodes = 'https://fhir.hl7.org.uk/CodeSystem/';
/** Joined Up's code for a communication need, beside codes.ts's others (which does not name it yet). */
const communicationNeedSystem = joinedUpCodeSystems.messageKind.replace(
	/message-kind$/,
	'communication-need'
);

/** Joined Up's ways of reaching someone in UK Core's preferred contact methods. */
const contactMethods: Record<ReachMethod, { code: string; display: string }> = {
	letter: { code: '1', display: 'Letter' },
	// A link worker meets them in person.
	link_worker: { code: '2', display: 'Visit' },
	phone: { code: '3', display: 'Telephone' },
	email: { code: '4', display: 'E-mail' },
	carer: { code: '6', display: 'Telephone contact via proxy' },
	sms: { code: '9', display: 'SMS' }
};

/** The needs that are a written format UK Core names. */
const writtenFormats: Partial<Record<CommunicationNeedKind, { code: string; display: string }>> = {
	large_print: { code: '11', display: 'Large print' },
	braille: { code: '12', display: 'Braille' },
	audio: { code: '13', display: 'Audio tape' }
};

/** How to contact them and the written format they need, as UK Core's ContactPreference; none when neither is known. */
export function contactPreference(needs: CommunicationNeeds) {
	const format = needs.needs.map((need) => writtenFormats[need]).find(Boolean);
	const parts = [
		...(needs.reachBy
			? [
					{
						url: 'PreferredContactMethod',
						valueCodeableConcept: {
							coding: [
								{
									system: `${ukCoreCodes}UKCore-PreferredContactMethod`,
									...contactMethods[needs.reachBy]
								}
							]
						}
					}
				]
			: []),
		...(format
			? [
					{
						url: 'PreferredWrittenCommunicationFormat',
						valueCodeableConcept: {
							coding: [
								{ system: `${ukCoreCodes}UKCore-PreferredWrittenCommunicationFormat`, ...format }
							]
						}
					}
				]
			: [])
	];
	return parts.length === 0
		? []
		: [
				{
					url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ContactPreference',
					extension: parts
				}
			];
}

const english = translatorFor('en');

/** Every recorded need, and what else they told us in their own words, as Flags about them. */
export function communicationNeedFlags(
	patientId: number,
	needs: CommunicationNeeds & { updatedAt?: Date | null }
) {
	const flag = (id: string, code: object) => ({
		resourceType: 'Flag' as const,
		id: `communication-need-${patientId}-${id}`,
		status: 'active',
		category: [{ text: 'Communication need' }],
		code,
		subject: reference('Patient', patientId)
	});
	return [
		...needs.needs.map((need) =>
			flag(need, {
				coding: [
					{
						system: communicationNeedSystem,
						code: need,
						display: english(`communicationNeeds.kinds.${need}`)
					}
				]
			})
		),
		...(needs.other ? [flag('other', { text: needs.other })] : [])
	];
}
