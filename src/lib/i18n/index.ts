// One i18next instance holding every language. Each request gets a translator fixed to its own
// language (never the instance's global language, which requests would share).
import i18next, { type TFunction } from 'i18next';
import { defaultLanguage, languageCodes, type LanguageCode } from './languages';
import staffEn from './staff/en.json';

type Texts = { [key: string]: string | Texts };

/** Every `locales/<code>.json`, by code: adding a language adds its file here by itself. */
const locales: Record<string, Texts> = Object.fromEntries(
	Object.entries(
		import.meta.glob<Texts>('./locales/*.json', { eager: true, import: 'default' })
	).map(([path, texts]) => [path.replace(/^.*\/(.+)\.json$/, '$1'), texts])
);

/**
 * `translation` is what residents read, in every language offered. `staff` holds the staff
 * pages' words, in English only for now; its keys are used as `t('staff:diary.title')`.
 */
export const resources: Record<LanguageCode, { translation: Texts; staff?: Texts }> =
	Object.fromEntries(
		languageCodes.map((code) => {
			const translation = locales[code];
			if (!translation) throw new Error(`No translations for ${code}: add locales/${code}.json`);
			return [code, code === defaultLanguage ? { translation, staff: staffEn } : { translation }];
		})
	) as Record<LanguageCode, { translation: Texts; staff?: Texts }>;

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

const translators = new Map<LanguageCode, Translate>();

/**
 * The translator for `language`, made once for each language. A text asked for by its key alone
 * (most of a page's words) is looked up once and kept: i18next resolves a key afresh on every
 * call, which a profile of the pages under load found among their largest costs. The texts are
 * the translation files, fixed while the server runs, so a kept text never goes stale. A text
 * with anything to fill in (a count, a name) is made each time.
 */
export function translatorFor(language: LanguageCode): Translate {
	let translator = translators.get(language);
	if (!translator) {
		const fixed = i18n.getFixedT(language);
		const plain = new Map<string, string>();
		translator = ((...args: Parameters<typeof fixed>) => {
			const [key] = args;
			if (args.length !== 1 || typeof key !== 'string') return fixed(...args);
			let text = plain.get(key);
			if (text === undefined) {
				text = String(fixed(key));
				plain.set(key, text);
			}
			return text;
		}) as Translate;
		translators.set(language, translator);
	}
	return translator;
}

/**
 * A name from the directory of services (organisation, place, service, care team) as a reader
 * of `language` should see it: from the translation files' `catalogue`, keyed by the name the
 * directory gives in English. A name not translated yet is shown as written, marked as English
 * so it is read out in English.
 */
export type CatalogueName = { text: string; lang?: 'en'; dir?: 'ltr' };

export function catalogueName(language: LanguageCode, name: string): CatalogueName {
	const catalogue = resources[language].translation.catalogue;
	const translated =
		typeof catalogue === 'object' && Object.hasOwn(catalogue, name) ? catalogue[name] : undefined;
	return typeof translated === 'string'
		? { text: translated }
		: { text: name, lang: 'en', dir: 'ltr' };
}
