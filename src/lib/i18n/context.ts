// Components read the page's language, translator and catalogue from context, set once by the
// root layout.
import { getContext, setContext } from 'svelte';
import { catalogueName, translatorFor, type CatalogueName, type Translate } from './index';
import type { LanguageCode } from './languages';

const key = Symbol('language');

type PageLanguage = { t: Translate; name: (name: string) => CatalogueName };

export function setLanguage(language: LanguageCode): void {
	setContext<PageLanguage>(key, {
		t: translatorFor(language),
		name: (name) => catalogueName(language, name)
	});
}

function pageLanguage(): PageLanguage {
	const value = getContext<PageLanguage | undefined>(key);
	if (!value) throw new Error('used outside the root layout');
	return value;
}

export function useT(): Translate {
	return pageLanguage().t;
}

/** Names from the directory of services in the page's language (see `catalogueName`). */
export function useCatalogue(): (name: string) => CatalogueName {
	return pageLanguage().name;
}
