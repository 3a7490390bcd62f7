// A callback from another service (GOV.UK Notify) proves itself with the bearer token we gave it.
// Compared in constant time, over digests of equal length, so neither the token nor its length
// can be learnt from how long a refusal takes.
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** True only when the request carries exactly `Authorization: Bearer <expected>`. */
export function bearerTokenMatches(request: Request, expected: string | null): boolean {
	const given = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
	if (!expected || !given) return false;
	return timingSafeEqual(digest(given), digest(expected));
}
