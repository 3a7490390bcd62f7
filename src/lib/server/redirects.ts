// Where to send someone after signing in or choosing a language: only ever a path on this site.

export function safeReturnPath(value: string | null | undefined, fallback = '/'): string {
	if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
		return fallback;
	}
	try {
		const base = 'http://joined-up.invalid';
		const url = new URL(value, base);
		return url.origin === base ? url.pathname + url.search : fallback;
	} catch {
		return fallback;
	}
}
