// What every insight page and download does first: who may see which organisations (the access
// policy's insightScope), the filter read from the address and checked, and the read recorded in
// the security log. A filter naming what is not in the scope is "not found", whether it exists
// or not, so no page tells another organisation's ids from made-up ones.
import { error } from '@sveltejs/kit';
import * as v from 'valibot';
import { insightScope, type InsightScope } from '$lib/server/access/policy';
import { filterWithin, type InsightFilter } from '$lib/server/insight/demand';
import { parseForm } from '$lib/server/forms';
import { recordSecurityEvent } from '$lib/server/security-log';
import type { FieldError } from '$lib/forms';

/** An id chosen from a list: empty for "every", else a whole number of at most 9 digits. */
const chosenId = (message: string) =>
	v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		v.regex(/^(\d{1,9})?$/, message),
		v.transform((text) => (text === '' ? null : Number(text)))
	);

const filterSchema = v.object({
	organisation: chosenId('staff:insight.filter.errors.organisation'),
	service: chosenId('staff:insight.filter.errors.service'),
	place: chosenId('staff:insight.filter.errors.place')
});

export type InsightRequest = {
	scope: InsightScope;
	/** The filter, checked against the scope; null when the address's values are malformed. */
	filter: InsightFilter | null;
	errors: FieldError[];
	values: Record<string, string>;
};

/**
 * The scope and filter of an insight request (404 for anyone insight is not for, and for a
 * filter outside their scope), its read recorded in the security log.
 */
export async function insightRequest(
	locals: App.Locals,
	url: URL,
	address: string,
	what: 'insight_page' | 'insight_groups_page' | 'insight_csv'
): Promise<InsightRequest> {
	const scope = insightScope(locals.actor);
	if (!scope) error(404, 'not found');
	const form = new FormData();
	for (const name of ['organisation', 'service', 'place']) {
		const value = url.searchParams.get(name);
		if (value !== null) form.set(name, value);
	}
	const parsed = parseForm(filterSchema, form);
	await recordSecurityEvent('insight_read', {
		userId: locals.actor!.userId,
		address,
		reason: what
	});
	if (!parsed.ok) return { scope, filter: null, errors: parsed.errors, values: parsed.values };
	// A service lead's figures are their organisation's, chosen or not.
	const own = scope.organisations !== 'all' && scope.organisations.length === 1;
	const asked: InsightFilter = {
		organisationId: parsed.data.organisation ?? (own ? scope.organisations[0]! : null),
		serviceId: parsed.data.service,
		locationId: parsed.data.place
	};
	const filter = await filterWithin(scope, asked);
	if (!filter) error(404, 'not found');
	return { scope, filter, errors: [], values: parsed.values };
}

/** The filter as an address's query, for links that keep it (downloads). */
export function filterQuery(filter: InsightFilter): URLSearchParams {
	const query = new URLSearchParams();
	if (filter.organisationId !== null) query.set('organisation', String(filter.organisationId));
	if (filter.serviceId !== null) query.set('service', String(filter.serviceId));
	if (filter.locationId !== null) query.set('place', String(filter.locationId));
	return query;
}
