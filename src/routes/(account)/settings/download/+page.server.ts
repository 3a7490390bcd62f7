import { error } from '@sveltejs/kit';
import { spokenLanguage } from '$lib/i18n/spoken-languages';
import { formatNhsNumber } from '$lib/server/assist/nhs-number';
import { myDataOf } from '$lib/server/fhir/my-data';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const data = await myDataOf(locals);
	// Nobody else's copy exists for them, whoever they act for.
	if (!data) error(404, 'not found');
	const { patient, communicationNeeds } = data;
	return {
		// What the page shows, and nothing the server keeps for itself (an invitation's code).
		patient: {
			givenName: patient.givenName,
			familyName: patient.familyName,
			dateOfBirth: patient.dateOfBirth,
			nhsNumber: patient.nhsNumber && formatNhsNumber(patient.nhsNumber),
			address: patient.address,
			// Someone acting for the person learns nothing of where they live (see myDataOf).
			postcode: data.own ? patient.postcode : null,
			mobile: patient.mobile,
			email: patient.email,
			reachBy: patient.reachBy
		},
		communicationNeeds,
		interpreterLanguage: spokenLanguage(communicationNeeds?.interpreterLanguage)?.own ?? null,
		appointments: data.appointments,
		carePlans: data.carePlans,
		requests: data.requests,
		messages: data.messages.map((message) => ({
			id: message.id,
			channel: message.channel,
			recipient: message.recipient,
			language: message.language,
			subject: message.subject,
			body: message.body,
			status: message.status,
			deliveryStatus: message.deliveryStatus,
			createdAt: message.createdAt
		})),
		proxies:
			data.proxies?.map(({ relationship, name, state }) => ({
				id: relationship.id,
				kind: relationship.kind,
				permissions: relationship.permissions,
				carePlanLabels: relationship.carePlanLabels,
				name,
				state
			})) ?? null,
		activity: data.activity,
		me: locals.actor!.userId
	};
};
