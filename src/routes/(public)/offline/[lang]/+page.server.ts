import { error } from '@sveltejs/kit';
import { isLanguageCode } from '$lib/i18n/languages';
import type { PageServerLoad } from './$types';

// One offline page a language, kept by the service worker; its language comes from its address.
export const load: PageServerLoad = ({ params }) => {
	if (!isLanguageCode(params.lang)) error(404, 'not found');
};
