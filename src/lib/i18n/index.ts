// One i18next instance holding every language. Each request gets a translator fixed to its own
// language (never the instance's global language, which requests would share).
import i18next, { type TFunction } from 'i18next';
import { defaultLanguage, type LanguageCode } from './languages';
import ar from './locales/ar.json';
import bn from './locales/bn.json';
import en from './locales/en.json';
import pl from './locales/pl.json';
import staffEn from './staff/en.json';

/**
 * `translation` is what residents read, in every language. `staff` holds the staff pages' words,
 * in English only for now; its keys are used as `t('staff:diary.title')`.
 */
export const resources = {
	en: { translation: en, staff: staffEn },
	ar: { translation: ar },
	bn: { translation: bn },
	pl: { translation: pl }
} satisfies Record<LanguageCode, { translation: unknown; staff?: unknown }>;

export const i18n = i18next.createInstance();
void i18n.init({
	resources,
	lng: defaultLanguage,
	ns: ['translation', 'staff'],
	defaultNS: 'translation',
	fallbackLng: defaultLanguage,
	initAsync: false,
	returnNull: false,
	// Svelte escapes everything it renders; escaping here as well would show &amp; to people.
	interpolation: { escapeValue: false }
});

export type Translate = TFunction;

export function translatorFor(language: LanguageCode): Translate {
	return i18n.getFixedT(language);
}
