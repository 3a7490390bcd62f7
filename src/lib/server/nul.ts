// The NUL character (U+0000) in what comes from outside. PostgreSQL's text cannot hold it: a
// statement that carries one, even only to compare, fails as a whole (a 500), where SQLite would
// store it. Nobody has a reason to send one (a person cannot type it, and GOV.UK Notify, NHS login
// and FHIR's strings never hold it), so each way in refuses it where it checks the rest of what
// it was sent, with its usual refusal, and no domain function sees it. HTML forms lose every
// control character instead (forms.ts), as a browser can send what a person pasted.

/** Whether this string, or any string (key or value) anywhere inside this parsed JSON, holds NUL. */
export function holdsNul(value: unknown): boolean {
	// A walk with its own stack, not recursion: 256 KB of `[[[[…` would overflow the call stack.
	const waiting: unknown[] = [value];
	while (waiting.length > 0) {
		const next = waiting.pop();
		if (typeof next === 'string') {
			if (next.includes('\u0000')) return true;
		} else if (Array.isArray(next)) {
			// Pushed one by one: spreading a long array as arguments overflows as well.
			for (const item of next as unknown[]) waiting.push(item);
		} else if (typeof next === 'object' && next !== null) {
			for (const [key, inside] of Object.entries(next)) {
				if (key.includes('\u0000')) return true;
				waiting.push(inside);
			}
		}
	}
	return false;
}
