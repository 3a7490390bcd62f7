import { error } from '@sveltejs/kit';
import { spokenLanguage } from '$lib/i18n/spoken-languages';
import { myDataOf } from '$lib/server/fhir/my-data';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const data = myDataOf(locals);
	// Nobody else's copy exists for them, whoever they act for.
	if (!data) error(404, 'not found');
	const interpreter = data.communicationNeeds?.interpreterLanguage;
	return {
		...data,
		interpreterLanguage: interpreter ? (spokenLanguage(interpreter) ?? null) : null,
		me: locals.actor!.userId
	};
};
