import { languages } from '$lib/i18n/languages';
import { may } from '$lib/server/access/policy';
import { hasNeeds, ownCommunicationNeeds } from '$lib/server/communication-needs';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const needs = await ownCommunicationNeeds(locals);
	return {
		language: languages.find((language) => language.code === locals.lang)!,
		managesNeeds: needs !== null,
		needsRecorded: needs !== null && hasNeeds(needs),
		// Only the account holder changes their password, not someone acting for them.
		ownAccount: locals.via === 'self',
		mayDownload: may(locals, 'data.download'),
		notice: url.searchParams.get('done')
	};
};
