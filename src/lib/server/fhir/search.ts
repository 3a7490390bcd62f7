// What every search shares: reading its parameters (with Medplum's FHIR search parser), turning
// dates and tokens into conditions, paging, and the searchset Bundle with its `next` link.
import { parseSearchRequest, type Filter } from '@medplum/core';
import { and, gte, lt, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { londonTime } from '$lib/time';
import { holdsNul } from '../nul';
import { FhirError, nulRefused } from './outcome';
import { ukCoreProfiles, type ResourceType } from './profiles';

/** Searches give 50 a page unless asked, and never more than 200. */
export const defaultCount = 50;
export const maxCount = 200;

/** The parameters every search takes besides its own: paging and the id. */
export const commonParameters = ['_id', '_count', '_offset'] as const;

export type SearchRequest = {
	/** The search's own parameters as `code` → every value given (repeats are ANDed). */
	filters: Filter[];
	count: number;
	offset: number;
};

const refuse = (diagnostics: string) => new FhirError(400, 'invalid', diagnostics);

/**
 * Reads a search's query. A parameter this type does not support is refused (400, not-supported)
 * rather than ignored: a client that filtered on it would otherwise take every result for a
 * match. The CapabilityStatement says so.
 */
export function readSearch(
	type: ResourceType,
	params: URLSearchParams,
	supported: readonly string[]
): SearchRequest {
	const allowed = new Set<string>([...commonParameters, ...supported]);
	const query: Record<string, string[]> = {};
	for (const [name, value] of params) {
		if (holdsNul(name) || holdsNul(value)) throw nulRefused();
		if (!allowed.has(name))
			throw new FhirError(
				400,
				'not-supported',
				`${type} cannot be searched by "${name}". It can be searched by: ${[...allowed].join(', ')}.`
			);
		(query[name] ??= []).push(value);
	}
	const count = whole(query._count?.[0], defaultCount, '_count');
	const offset = whole(query._offset?.[0], 0, '_offset');
	let parsed: Awaited<ReturnType<typeof parseSearchRequest>>;
	try {
		parsed = parseSearchRequest(type, query);
	} catch {
		throw refuse(`The search could not be read: ${params}.`);
	}
	return {
		filters: parsed.filters ?? [],
		count: Math.min(count, maxCount),
		offset
	};
}

function whole(value: string | undefined, fallback: number, name: string): number {
	if (value === undefined) return fallback;
	if (!/^\d{1,9}$/.test(value)) throw refuse(`${name} must be a whole number, not "${value}".`);
	return Number(value);
}

/** The most alternatives one parameter may list (`status=a,b,c`): each may cost a query. */
export const maxAlternatives = 50;

/** A filter whose operator is plain equality (a token, a reference, an id): its alternatives. */
export function equalsOnly(filter: Filter): string[] {
	if (filter.operator !== 'eq')
		throw new FhirError(
			400,
			'not-supported',
			`"${filter.code}" takes no prefix or modifier here ("${filter.operator}").`
		);
	const values = filter.value.split(',');
	if (values.length > maxAlternatives)
		throw new FhirError(
			400,
			'too-costly',
			`"${filter.code}" lists ${values.length} values; at most ${maxAlternatives} are taken.`
		);
	return values;
}

/** The id a reference parameter names: `Patient/12` or `12`. */
export function referencedId(value: string, type: string): string {
	return value.startsWith(`${type}/`) ? value.slice(type.length + 1) : value;
}

/** A whole-number id, or null when the value cannot be one (so nothing matches). */
export function numericId(value: string): number | null {
	return /^\d{1,15}$/.test(value) ? Number(value) : null;
}

/** A token `system|code`, `|code` or `code`. */
export function token(value: string): { system: string | null; code: string } {
	const bar = value.indexOf('|');
	return bar < 0
		? { system: null, code: value }
		: { system: value.slice(0, bar) || null, code: value.slice(bar + 1) };
}

/**
 * The span of time a date parameter's value covers: a year, month or day in London (where the
 * services are, as FHIR reads a date without a zone in the server's), or an instant with its
 * zone (to the second).
 */
export function dateSpan(given: string, code: string): { from: Date; to: Date } {
	// A zone's "+" left unencoded in the query arrives as a space.
	const value = given.replace(/ (\d{2}:\d{2})$/, '+$1');
	const day = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
	if (day) {
		const [year, month, date] = [Number(day[1]), day[2] ? Number(day[2]) : null, day[3]];
		const iso = (y: number, m: number, d: number) =>
			new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
		const start = iso(year, month ?? 1, date ? Number(date) : 1);
		const end = date
			? iso(year, month!, Number(date) + 1)
			: month
				? iso(year, month + 1, 1)
				: iso(year + 1, 1, 1);
		if (start.slice(0, value.length) !== value) throw refuse(`${code}: "${value}" is no date.`);
		return { from: londonTime(start, '00:00'), to: londonTime(end, '00:00') };
	}
	const instant =
		/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
		new Date(value);
	if (!instant || Number.isNaN(instant.getTime()))
		throw refuse(
			`${code}: "${value}" is neither a date (2026-12-01) nor a time with its zone (2026-12-01T09:00:00Z).`
		);
	return { from: instant, to: new Date(instant.getTime() + 1000) };
}

/**
 * A date parameter against a start time: eq, the start within the span; ge/gt, on or after its
 * beginning / after its end; le/lt, before its end / before its beginning.
 */
export function startCondition(column: SQLiteColumn, filter: Filter): SQL | undefined {
	const { from, to } = dateSpan(filter.value, filter.code);
	switch (filter.operator) {
		case 'eq':
			return and(gte(column, from), lt(column, to));
		case 'ge':
			return gte(column, from);
		case 'gt':
			return gte(column, to);
		case 'le':
			return lt(column, to);
		case 'lt':
			return lt(column, from);
		default:
			throw new FhirError(
				400,
				'not-supported',
				`${filter.code} takes the prefixes eq, ge, gt, le and lt, not "${filter.operator}".`
			);
	}
}

export type Bundle = {
	resourceType: 'Bundle';
	meta: { profile: string[] };
	type: 'searchset';
	total: number;
	link: { relation: string; url: string }[];
	entry?: { fullUrl: string; resource: { id?: string }; search: { mode: 'match' } }[];
};

/**
 * The searchset: this page's resources, how many match in all, and links to this page and the
 * next (the same query with `_offset` moved on), while there is a next.
 */
export function searchset(
	type: ResourceType,
	params: URLSearchParams,
	base: string,
	request: SearchRequest,
	total: number,
	resources: { id?: string }[]
): Bundle {
	const pageUrl = (offset: number) => {
		const query = new URLSearchParams([...params].filter(([name]) => name !== '_offset'));
		query.set('_count', String(request.count));
		if (offset > 0) query.set('_offset', String(offset));
		return `${base}/${type}?${query}`;
	};
	const next = request.offset + request.count;
	return {
		resourceType: 'Bundle',
		meta: { profile: [ukCoreProfiles.Bundle] },
		type: 'searchset',
		total,
		link: [
			{ relation: 'self', url: pageUrl(request.offset) },
			...(request.count > 0 && next < total ? [{ relation: 'next', url: pageUrl(next) }] : [])
		],
		...(resources.length
			? {
					entry: resources.map((resource) => ({
						fullUrl: `${base}/${type}/${resource.id}`,
						resource,
						search: { mode: 'match' as const }
					}))
				}
			: {})
	};
}
