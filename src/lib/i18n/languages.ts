// The languages Joined Up speaks, each named in its own script.

export const languageCodes = ['en', 'ar', 'bn', 'pl'] as const;
export type LanguageCode = (typeof languageCodes)[number];

export type Language = { code: LanguageCode; name: string; dir: 'ltr' | 'rtl' };

/** English first, then the others in the order of their English names. */
export const languages: readonly Language[] = [
	{ code: 'en', name: 'English', dir: 'ltr' },
	{ code: 'ar', name: 'العربية', dir: 'rtl' },
	{ code: 'bn', name: 'বাংলা', dir: 'ltr' },
	{ code: 'pl', name: 'Polski', dir: 'ltr' }
];

export const defaultLanguage: LanguageCode = 'en';

export function isLanguageCode(value: unknown): value is LanguageCode {
	return (languageCodes as readonly unknown[]).includes(value);
}

export function directionOf(code: LanguageCode): 'ltr' | 'rtl' {
	return languages.find((language) => language.code === code)?.dir ?? 'ltr';
}

/**
 * The best supported language for an Accept-Language header, or null. Tags are matched
 * exactly, then by their primary subtag (`pl-PL` → `pl`), in the order of the header's weights.
 */
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
		if (isLanguageCode(tag)) return tag;
		const primary = tag.split('-')[0];
		if (isLanguageCode(primary)) return primary;
	}
	return null;
}
