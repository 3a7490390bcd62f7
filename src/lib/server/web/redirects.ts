// Where to send someone after signing in or choosing a language: only ever a path on this site.

const base = 'http://joined-up.invalid';

/**
 * The path to go to, decided on the address as a browser would read it, not on the text as
 * typed: `/..//evil.example` and `/./\/evil.example` normalise to `//evil.example`, another
 * site. Anything that is not a path of this origin once normalised, or whose normalised path
 * starts with `//` or `/\`, gives the fallback.
 */
export function safeReturnPath(value: string | null | undefined, fallback = '/'): string {
	if (!value?.startsWith('/')) return fallback;
	let url: URL;
	try {
		url = new URL(value, base);
	} catch {
		return fallback;
	}
	const path = url.pathname + url.search;
	if (url.origin !== base || /^[/\\]{2}/.test(path)) return fallback;
	return path;
}
