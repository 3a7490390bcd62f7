// What every write through the FHIR interface does before any rule of the domain: takes the body
// as the resource it must be, validated against its UK Core profile, and reads the references and
// identifiers in it. Anything that is not so is refused with a 4xx (FhirError) and nothing stored.
import { and, eq } from 'drizzle-orm';
import { tables, type Transaction, transaction } from '../../db';
import { holdsNul } from '../../nul';
import { FhirError, nulRefused } from '../outcome';
import { ukCoreProfiles, type ResourceType } from '../profiles';
import { assertValid } from '../validation';

/** A FHIR resource as posted: an object naming its type; the rest is read field by field. */
export type Posted = { resourceType: string; id?: unknown; [element: string]: unknown };

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The body as a resource of `type`, valid against the type's UK Core profile. A body of another
 * type, or one that is not a resource at all, is refused before the validator is asked.
 */
export function postedResource(body: unknown, type: ResourceType): Posted {
	if (!isObject(body) || typeof body.resourceType !== 'string')
		throw new FhirError(400, 'structure', 'The body is not a FHIR resource.');
	if (body.resourceType !== type)
		throw new FhirError(400, 'invalid', `Expected a ${type}, not a ${body.resourceType}.`);
	if (holdsNul(body)) throw nulRefused();
	assertValid(body, ukCoreProfiles[type]);
	return body as Posted;
}

/** For an update: the resource's own id, when it gives one, must be the one in the address. */
export function postedForUpdate(body: unknown, type: ResourceType, id: string): Posted {
	const resource = postedResource(body, type);
	if (resource.id !== undefined && resource.id !== id)
		throw new FhirError(400, 'invalid', `The ${type}'s id is not ${id}, the id it was sent to.`, [
			{ code: 'invalid', diagnostics: 'id must match the address', expression: [`${type}.id`] }
		]);
	return resource;
}

/** The number an address or a reference names (`123`), or null for anything else. */
export function numericId(id: unknown): number | null {
	if (typeof id !== 'string' || !/^[1-9]\d{0,15}$/.test(id)) return null;
	const number = Number(id);
	return Number.isSafeInteger(number) ? number : null;
}

/** The row id an address names (`Slot/12` → 12); any other id is not known here (404). */
export function addressedId(type: ResourceType, id: string): number {
	const number = numericId(id);
	if (number === null) throw new FhirError(404, 'not-found', `${type}/${id} is not known.`);
	return number;
}

/** The id a literal reference to `type` names (`Patient/12` → 12), or null. */
export function referencedId(reference: unknown, type: ResourceType): number | null {
	if (!isObject(reference) || typeof reference.reference !== 'string') return null;
	const [named, id, ...rest] = reference.reference.split('/');
	return named === type && rest.length === 0 ? numericId(id) : null;
}

/** A business identifier given by the sending system: both its namespace and its value. */
export type SystemIdentifier = { system: string; value: string };

/** The longest identifier system or value kept: far longer than any real one, short of abuse. */
const longestIdentifier = 250;
/** A thing has an identifier in each system that knows it: a few, never hundreds. */
const mostIdentifiers = 20;

/** The resource's first identifier that has both a system and a value, or null if none does. */
export function systemIdentifierOf(resource: Posted): SystemIdentifier | null {
	const identifiers = Array.isArray(resource.identifier) ? resource.identifier : [];
	if (identifiers.length > mostIdentifiers)
		throw new FhirError(400, 'too-costly', `More than ${mostIdentifiers} identifiers.`);
	for (const identifier of identifiers) {
		if (!isObject(identifier)) continue;
		const { system, value } = identifier;
		if (typeof system === 'string' && system && typeof value === 'string' && value) {
			if (system.length > longestIdentifier || value.length > longestIdentifier)
				throw new FhirError(400, 'value', 'The identifier is too long to keep.');
			return { system, value };
		}
	}
	return null;
}

/**
 * The identifier a conditional update searches by (`?identifier=system|value`), the only search
 * a conditional update here understands (anything else is refused rather than guessed at), and
 * the resource, whose own identifier, when it names one, must be that one.
 */
export function postedForConditionalUpdate(
	params: URLSearchParams,
	body: unknown,
	type: ResourceType
): { identifier: SystemIdentifier; posted: Posted } {
	const names = [...new Set(params.keys())];
	const searched = params.getAll('identifier');
	if (names.length !== 1 || names[0] !== 'identifier' || searched.length !== 1)
		throw new FhirError(
			400,
			'not-supported',
			'A conditional update here is by one identifier only: ?identifier=system|value.'
		);
	if (holdsNul(searched[0])) throw nulRefused();
	const [system, ...value] = searched[0]!.split('|');
	const identifier = { system: system ?? '', value: value.join('|') };
	if (!identifier.system || !identifier.value)
		throw new FhirError(400, 'invalid', 'The identifier must give both its system and value.');
	const posted = postedResource(body, type);
	const own = systemIdentifierOf(posted);
	if (own && (own.system !== identifier.system || own.value !== identifier.value))
		throw new FhirError(400, 'invalid', 'The identifier searched for is not the resource’s own.');
	return { identifier, posted };
}

/** The rows another system's writes find again by the identifier it gave them. */
type Identified = typeof tables.slots | typeof tables.carePlans;

/** The row of `table` that has this identifier, if any. */
export async function rowIdentifiedBy(
	tx: Transaction,
	table: Identified,
	identifier: SystemIdentifier
) {
	return (
		await tx
			.select({ id: table.id })
			.from(table)
			.where(
				and(
					eq(table.identifierSystem, identifier.system),
					eq(table.identifierValue, identifier.value)
				)
			)
	)[0];
}

/**
 * The identifier a row keeps after a write naming `identifier`: a row keeps the identifier it
 * was given, and takes one only if no other row has it (each is one thing in the sender's system).
 */
export async function identifierToKeep(
	tx: Transaction,
	table: Identified,
	row: { id: number; identifierSystem: string | null; identifierValue: string | null },
	identifier: SystemIdentifier | null,
	named: string
): Promise<{ identifierSystem: string | null; identifierValue: string | null }> {
	const kept = { identifierSystem: row.identifierSystem, identifierValue: row.identifierValue };
	if (!identifier) return kept;
	if (row.identifierValue !== null) {
		if (row.identifierSystem !== identifier.system || row.identifierValue !== identifier.value)
			throw new FhirError(409, 'conflict', `${named} has another identifier.`);
		return kept;
	}
	const holder = await rowIdentifiedBy(tx, table, identifier);
	if (holder && holder.id !== row.id)
		throw new FhirError(409, 'conflict', `Another resource already has this identifier.`);
	return { identifierSystem: identifier.system, identifierValue: identifier.value };
}

/**
 * Runs a write in one transaction, so that a refusal thrown anywhere in it (a FhirError) leaves
 * nothing stored. The domain functions called inside run as savepoints of it.
 */
export async function inOneTransaction<T>(write: (tx: Transaction) => Promise<T>): Promise<T> {
	return await transaction(write, { behavior: 'immediate' });
}

/** What a write answers: 201 when it made the resource, 200 when it changed or found it. */
export type { Written } from '../interactions';

export { isObject };
