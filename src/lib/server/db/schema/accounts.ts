// Who can sign in, and their sessions.
import { sql } from 'drizzle-orm';
import { blob, check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { organisations } from './organisations';
import { patients } from './patients';

/**
 * `system` is another organisation's system calling the FHIR interface (schema/fhir.ts): it acts
 * as its organisation's staff do, and has no way to sign in.
 */
export const roles = ['patient', 'link_worker', 'staff', 'admin', 'system'] as const;
export type Role = (typeof roles)[number];

export const users = sqliteTable(
	'users',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		/** Lower-cased email address, when the person signs in with one. */
		email: text('email').unique(),
		/** UK mobile number in E.164 form (+447700900123), when the person signs in with one. */
		mobile: text('mobile').unique(),
		/** argon2id hash; null for an account that signs in only through NHS login. */
		passwordHash: text('password_hash'),
		/** NHS login's subject identifier (`sub`), when the person signs in through NHS login. */
		nhsLoginSub: text('nhs_login_sub').unique(),
		role: text('role', { enum: roles }).notNull().default('patient'),
		/** The patient record this user is, when they receive care themselves. */
		patientId: integer('patient_id')
			.unique()
			.references(() => patients.id),
		/** Where staff and link workers work. */
		organisationId: integer('organisation_id').references(() => organisations.id),
		/** The language the person chose, as a code from the language list. */
		language: text('language'),
		createdAt: integer('created_at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(unixepoch('subsec') * 1000)`)
	},
	(table) => [
		check(
			'users_sign_in_identifier',
			sql`${table.email} IS NOT NULL OR ${table.mobile} IS NOT NULL OR ${table.nhsLoginSub} IS NOT NULL OR ${table.role} = 'system'`
		),
		// Someone with no NHS login signs in with a password, so they must have one.
		check(
			'users_sign_in_secret',
			sql`${table.passwordHash} IS NOT NULL OR ${table.nhsLoginSub} IS NOT NULL OR ${table.role} = 'system'`
		)
	]
);

/** NHS login's identity proofing levels, as its `vot` claim names them (P0, P5, P9). */
export const identityLevels = ['P0', 'P5', 'P9'] as const;
export type IdentityLevel = (typeof identityLevels)[number];

export const sessions = sqliteTable(
	'sessions',
	{
		/** Public half of the token, used to find the row. */
		id: text('id').primaryKey(),
		/** SHA-256 of the secret half of the token; the token itself is never stored. */
		secretHash: blob('secret_hash', { mode: 'buffer' }).notNull(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		/** Signed in on a shared or public device: a shorter idle time and no lasting cookie. */
		sharedDevice: integer('shared_device', { mode: 'boolean' }).notNull().default(false),
		/** "Keep me signed in on this device": lasts 30 days, in use or not. */
		keptSignedIn: integer('kept_signed_in', { mode: 'boolean' }).notNull().default(false),
		/**
		 * The identity proofing level NHS login achieved for this session (from `vot`); null when
		 * the person signed in with a password. A step-up to P9 raises it.
		 */
		identityLevel: text('identity_level', { enum: identityLevels }),
		/** When the password was last typed in this session (null: at its start, before this was kept). */
		passwordGivenAt: integer('password_given_at', { mode: 'timestamp_ms' }),
		/** The resident a link worker found by exact search and may now ask for consent. */
		assistFoundPatientId: integer('assist_found_patient_id').references(() => patients.id),
		/** The assisted session a link worker is running in this browser, if any. */
		assistedSessionId: integer('assisted_session_id'),
		/** Whose care a proxy is managing in this session; null for their own. */
		actingForPatientId: integer('acting_for_patient_id').references(() => patients.id),
		/** Slides forward while the session is in use, never past the absolute limit. */
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		/** The browser and system it was started on (`Firefox`, `Android`), to list devices by. */
		browser: text('browser'),
		system: text('system')
	},
	(table) => [index('sessions_user_id').on(table.userId)]
);

/**
 * One-time codes to reset a password, sent through the outbox. Only a hash of the code is kept.
 * A code is used once: to open the new-password page, whose own secret (`grantHash`) then lets
 * the password be set once, before the code's time is up.
 */
export const passwordResetCodes = sqliteTable(
	'password_reset_codes',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		codeHash: blob('code_hash', { mode: 'buffer' }).notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		/** When the right code was entered; it works no more after that. */
		usedAt: integer('used_at', { mode: 'timestamp_ms' }),
		/** SHA-256 of the secret in the browser that entered the code, to set the password with. */
		grantHash: blob('grant_hash', { mode: 'buffer' }),
		/** When the new password was set. */
		completedAt: integer('completed_at', { mode: 'timestamp_ms' })
	},
	(table) => [index('password_reset_codes_user_id').on(table.userId)]
);

/**
 * Confirming a new email address or mobile number before an account is made with it: the code
 * sent to it proves the person holds it, and the page says the same whether or not an account
 * already has it (the holder of an existing account is told by a message instead).
 */
export const accountConfirmations = sqliteTable(
	'account_confirmations',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		/** Lower-cased email address or E.164 mobile number, as `users` keeps them. */
		identifier: text('identifier').notNull(),
		/** The password chosen, already hashed: it becomes the account's when the code is right. */
		passwordHash: text('password_hash').notNull(),
		language: text('language'),
		/** SHA-256 of the code sent; null when the identifier already had an account (no code). */
		codeHash: blob('code_hash', { mode: 'buffer' }),
		/** SHA-256 of the secret kept in the browser that asked, so only it can enter the code. */
		browserHash: blob('browser_hash', { mode: 'buffer' }).notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		usedAt: integer('used_at', { mode: 'timestamp_ms' })
	},
	(table) => [index('account_confirmations_identifier').on(table.identifier)]
);

/** How an account came to be linked to a patient record. */
export const recordLinkMethods = ['nhs_login', 'code', 'in_person'] as const;
export type RecordLinkMethod = (typeof recordLinkMethods)[number];

/** Every time an account was linked to a patient record: how, by whom, with what checked. */
export const recordLinks = sqliteTable(
	'record_links',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id),
		patientId: integer('patient_id')
			.notNull()
			.references(() => patients.id),
		method: text('method', { enum: recordLinkMethods }).notNull(),
		/** In person: the staff member or link worker who linked it. */
		linkedByUserId: integer('linked_by_user_id').references(() => users.id),
		/** In person: what identity was checked (documents seen), as written. */
		checks: text('checks'),
		/** In person: where, as the organisation the person linking it works for. */
		organisationId: integer('organisation_id').references(() => organisations.id),
		/** Through NHS login: the identity proofing level achieved. */
		identityLevel: text('identity_level', { enum: identityLevels }),
		at: integer('at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(unixepoch('subsec') * 1000)`)
	},
	(table) => [index('record_links_patient').on(table.patientId)]
);

/** Where a "find my record" code went: a contact the record already holds, or a letter. */
export const recordCodeChannels = ['sms', 'email', 'letter'] as const;
export type RecordCodeChannel = (typeof recordCodeChannels)[number];

/**
 * One-time codes that link an account to the one record its holder's details matched, sent to a
 * contact the record holds (never one typed in the form). Only a hash of the code is kept.
 */
export const recordLinkCodes = sqliteTable(
	'record_link_codes',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		patientId: integer('patient_id')
			.notNull()
			.references(() => patients.id),
		channel: text('channel', { enum: recordCodeChannels }).notNull(),
		codeHash: blob('code_hash', { mode: 'buffer' }).notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		usedAt: integer('used_at', { mode: 'timestamp_ms' })
	},
	(table) => [index('record_link_codes_user_id').on(table.userId)]
);
