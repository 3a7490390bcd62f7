// PostgreSQL twin of ../../schema/fhir.ts, table for table (../schema.spec.ts).
// The FHIR interface's callers: the other organisations' systems (a hospital's patient
// administration system, a GP system's diary), registered by an ICS admin, the short-lived
// tokens they are given, and every call they make. See lib/server/fhir/.
import { index, integer, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { users } from './accounts';
import { organisations } from './organisations';
import { timestampMs, jsonText, bytes, epochMsNow } from '../types';
import { type JsonWebKeySet } from '../../schema/fhir';

// The names other code imports are the SQLite schema's own, so both say the same.
export { type JsonWebKeySet };

export const fhirClients = pgTable('fhir_clients', {
	id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
	/** What the client names itself in its assertions (`iss` and `sub`); made at registration. */
	clientId: text('client_id').notNull().unique(),
	/** The system's name as people know it, shown in the activity log ("St Mary's PAS"). */
	name: text('name').notNull(),
	/** The organisation whose system it is: it writes only for its services, reads only its patients. */
	organisationId: integer('organisation_id')
		.notNull()
		.references(() => organisations.id),
	/**
	 * The system's own account (role `system`), so that what it does is recorded as any staff
	 * member's is, by the same domain functions and the same rules. It can never sign in.
	 */
	userId: integer('user_id')
		.notNull()
		.unique()
		.references(() => users.id),
	/** The public keys its assertions are signed with. */
	jwks: jsonText('jwks').$type<JsonWebKeySet>().notNull(),
	/** SMART scopes it may be given, such as `system/*.read` or `system/Slot.write`. */
	scopes: jsonText('scopes').$type<string[]>().notNull(),
	registeredAt: timestampMs('registered_at').notNull().default(epochMsNow),
	registeredByUserId: integer('registered_by_user_id')
		.notNull()
		.references(() => users.id),
	/** Set when an admin withdraws the registration: no new tokens, and its tokens stop working. */
	revokedAt: timestampMs('revoked_at')
});

/** Access tokens, stored as sessions are: the public id finds the row, only a hash of the secret. */
export const fhirAccessTokens = pgTable(
	'fhir_access_tokens',
	{
		id: text('id').primaryKey(),
		secretHash: bytes('secret_hash').notNull(),
		clientId: integer('client_id')
			.notNull()
			.references(() => fhirClients.id),
		/** The scopes granted: those asked for that the registration allows. */
		scopes: jsonText('scopes').$type<string[]>().notNull(),
		issuedAt: timestampMs('issued_at').notNull(),
		expiresAt: timestampMs('expires_at').notNull()
	},
	(table) => [index('fhir_access_tokens_expiry').on(table.expiresAt)]
);

/**
 * The `jti` of every client assertion used, until it expires: an assertion is good once, so a
 * copied one cannot be replayed for another token.
 */
export const fhirAssertionsUsed = pgTable(
	'fhir_assertions_used',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		clientId: integer('client_id')
			.notNull()
			.references(() => fhirClients.id),
		jti: text('jti').notNull(),
		expiresAt: timestampMs('expires_at').notNull()
	},
	(table) => [
		unique('fhir_assertions_used_client_jti').on(table.clientId, table.jti),
		index('fhir_assertions_used_expiry').on(table.expiresAt)
	]
);

/** Every call to the interface, for admins: who called, on what, and how it ended. */
export const fhirCalls = pgTable(
	'fhir_calls',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		at: timestampMs('at').notNull().default(epochMsNow),
		/** Null when the caller could not be told (no token, or a bad one). */
		clientId: integer('client_id').references(() => fhirClients.id),
		/** FHIR's interaction names (`read`, `search-type`, `create`, `update`) and `token`. */
		interaction: text('interaction').notNull(),
		resourceType: text('resource_type'),
		resourceId: text('resource_id'),
		status: integer('status').notNull(),
		/** The OperationOutcome's issue code when it was refused (`invalid`, `forbidden`…). */
		outcome: text('outcome')
	},
	(table) => [
		index('fhir_calls_at').on(table.at),
		index('fhir_calls_client').on(table.clientId, table.at)
	]
);
