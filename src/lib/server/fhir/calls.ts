// The record of every call to the FHIR interface: which system, what it asked for, and how it
// ended. Admins read it (/staff/systems); a change to someone's care is also in that
// person's own activity log, written by the domain function that made it.
import { desc, eq } from 'drizzle-orm';
import { mayStaff, type Actor } from '../access/policy';
import { database, tables } from '../db';
import { holdsNul } from '../nul';

const { fhirCalls, fhirClients } = tables;

export type Call = {
	clientRowId: number | null;
	interaction: string;
	resourceType?: string | null;
	resourceId?: string | null;
	status: number;
	outcome?: string | null;
};

/**
 * What a caller typed in the address, cut short: the log records a call, it does not keep
 * payloads. None when it holds NUL, which no text of ours may (../nul.ts): the call, refused, is
 * still recorded.
 */
const typed = (text: string | null | undefined) =>
	text == null || holdsNul(text) ? null : text.slice(0, 64);

export async function recordCall(call: Call): Promise<void> {
	await database()
		.insert(fhirCalls)
		.values({
			clientId: call.clientRowId,
			interaction: call.interaction,
			resourceType: typed(call.resourceType),
			resourceId: typed(call.resourceId),
			status: call.status,
			outcome: call.outcome ?? null
		});
}

/** The latest calls, newest first, for admins; one system's when `clientRowId` is given. */
export async function recentCalls(
	actor: Actor | null,
	options: { clientRowId?: number; limit?: number } = {}
) {
	if (!mayStaff(actor, 'fhir_calls.view')) return [];
	const query = database()
		.select({
			id: fhirCalls.id,
			at: fhirCalls.at,
			client: fhirClients.name,
			interaction: fhirCalls.interaction,
			resourceType: fhirCalls.resourceType,
			resourceId: fhirCalls.resourceId,
			status: fhirCalls.status,
			outcome: fhirCalls.outcome
		})
		.from(fhirCalls)
		.leftJoin(fhirClients, eq(fhirClients.id, fhirCalls.clientId));
	return await (
		options.clientRowId === undefined
			? query
			: query.where(eq(fhirCalls.clientId, options.clientRowId))
	)
		.orderBy(desc(fhirCalls.id))
		.limit(options.limit ?? 100);
}
