import { languages } from '$lib/i18n/languages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({
	language: languages.find((language) => language.code === locals.lang)!
});
