// The languages Joined Up speaks, each named in its own script.

/**
 * English first, then the others in the order of their English names. Adding a language is one
 * line here and one file, `locales/<code>.json` (see README).
 */
export const languages = [
	{ code: 'en', name: 'English', dir: 'ltr' },
	{ code: 'ar', name: 'العربية', dir: 'rtl' },
	{ code: 'bn', name: 'বাংলা', dir: 'ltr' },
	{ code: 'zh-Hans', name: '简体中文', dir: 'ltr' },
	{ code: 'fr', name: 'Français', dir: 'ltr' },
	{ code: 'gu', name: 'ગુજરાતી', dir: 'ltr' },
	{ code: 'it', name: 'Italiano', dir: 'ltr' },
	{ code: 'lt', name: 'Lietuvių', dir: 'ltr' },
	{ code: 'pl', name: 'Polski', dir: 'ltr' },
	{ code: 'pt', name: 'Português', dir: 'ltr' },
	{ code: 'pa', name: 'ਪੰਜਾਬੀ', dir: 'ltr' },
	{ code: 'ro', name: 'Română', dir: 'ltr' },
	{ code: 'so', name: 'Soomaali', dir: 'ltr' },
	{ code: 'es', name: 'Español', dir: 'ltr' },
	{ code: 'ta', name: 'தமிழ்', dir: 'ltr' },
	{ code: 'tr', name: 'Türkçe', dir: 'ltr' },
	{ code: 'ur', name: 'اردو', dir: 'rtl' }
] as const satisfies readonly { code: string; name: string; dir: 'ltr' | 'rtl' }[];

export type Language = (typeof languages)[number];
export type LanguageCode = Language['code'];

export const languageCodes: readonly LanguageCode[] = languages.map((language) => language.code);

export const defaultLanguage: LanguageCode = 'en';

export function isLanguageCode(value: unknown): value is LanguageCode {
	return (languageCodes as readonly unknown[]).includes(value);
}

export function directionOf(code: LanguageCode): 'ltr' | 'rtl' {
	return languages.find((language) => language.code === code)?.dir ?? 'ltr';
}

/**
 * The language we offer for one tag of an Accept-Language header, or null. Tags match exactly
 * or by their primary subtag (`pl-PL` → `pl`), ignoring case; but only where the script is ours:
 * Chinese in Simplified characters (`zh`, `zh-CN`, `zh-Hans-…`, not `zh-TW` or `zh-Hant`), and
 * Punjabi in Gurmukhi (`pa`, `pa-IN`, not `pa-Arab` or `pa-PK`, written in Shahmukhi).
 */
function offeredFor(tag: string): LanguageCode | null {
	const exact = languageCodes.find((code) => code.toLowerCase() === tag);
	if (exact) return exact;
	const [primary = '', ...rest] = tag.split('-');
	// A script subtag says which script outright; otherwise the region implies it.
	const script = rest.find((subtag) => subtag.length === 4);
	const region = rest.find((subtag) => subtag.length === 2);
	if (primary === 'zh') {
		const traditional = script ? script === 'hant' : ['tw', 'hk', 'mo'].includes(region ?? '');
		return traditional ? null : 'zh-Hans';
	}
	if (primary === 'pa') {
		const shahmukhi = script ? script === 'arab' : region === 'pk';
		return shahmukhi ? null : 'pa';
	}
	return isLanguageCode(primary) ? primary : null;
}

/** The best offered language for an Accept-Language header, in the order of its weights. */
export function negotiateLanguage(header: string | null): LanguageCode | null {
	if (!header) return null;
	const ranges = header
		.split(',')
		.map((part, position) => {
			const [tag = '', ...params] = part.trim().split(';');
			const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
			const weight = q ? Number(q.slice(2)) : 1;
			return {
				tag: tag.trim().toLowerCase(),
				weight: Number.isFinite(weight) ? weight : 0,
				position
			};
		})
		.filter((range) => range.tag && range.weight > 0)
		.sort((a, b) => b.weight - a.weight || a.position - b.position);
	for (const { tag } of ranges) {
		const offered = offeredFor(tag);
		if (offered) return offered;
	}
	return null;
}
