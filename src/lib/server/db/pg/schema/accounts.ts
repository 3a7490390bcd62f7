// PostgreSQL twin of ../../schema/accounts.ts, table for table (../schema.spec.ts).
// Who can sign in, and their sessions.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { organisations } from './organisations';
import { patients } from './patients';
import { timestampMs, flag, bytes, epochMsNow } from '../types';
import {
	roles,
	type Role,
	identityLevels,
	type IdentityLevel,
	recordLinkMethods,
	type RecordLinkMethod,
	recordCodeChannels,
	type RecordCodeChannel
} from '../../schema/accounts';

// The names other code imports are the SQLite schema's own, so both say the same.
export {
	roles,
	type Role,
	identityLevels,
	type IdentityLevel,
	recordLinkMethods,
	type RecordLinkMethod,
	recordCodeChannels,
	type RecordCodeChannel
};

export const users = pgTable(
	'users',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
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
		createdAt: timestampMs('created_at').notNull().default(epochMsNow)
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

export const sessions = pgTable(
	'sessions',
	{
		/** Public half of the token, used to find the row. */
		id: text('id').primaryKey(),
		/** SHA-256 of the secret half of the token; the token itself is never stored. */
		secretHash: bytes('secret_hash').notNull(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: timestampMs('created_at').notNull(),
		/** Signed in on a shared or public device: a shorter idle time and no lasting cookie. */
		sharedDevice: flag('shared_device')
			.notNull()
			.default(sql`0`),
		/** "Keep me signed in on this device": lasts 30 days, in use or not. */
		keptSignedIn: flag('kept_signed_in')
			.notNull()
			.default(sql`0`),
		/**
		 * The identity proofing level NHS login achieved for this session (from `vot`); null when
		 * the person signed in with a password. A step-up to P9 raises it.
		 */
		identityLevel: text('identity_level', { enum: identityLevels }),
		/** When the password was last typed in this session (null: at its start, before this was kept). */
		passwordGivenAt: timestampMs('password_given_at'),
		/** The resident a link worker found by exact search and may now ask for consent. */
		assistFoundPatientId: integer('assist_found_patient_id').references(() => patients.id),
		/** The assisted session a link worker is running in this browser, if any. */
		assistedSessionId: integer('assisted_session_id'),
		/** Whose care a proxy is managing in this session; null for their own. */
		actingForPatientId: integer('acting_for_patient_id').references(() => patients.id),
		/** Slides forward while the session is in use, never past the absolute limit. */
		expiresAt: timestampMs('expires_at').notNull(),
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
export const passwordResetCodes = pgTable(
	'password_reset_codes',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		codeHash: bytes('code_hash').notNull(),
		createdAt: timestampMs('created_at').notNull(),
		expiresAt: timestampMs('expires_at').notNull(),
		/** When the right code was entered; it works no more after that. */
		usedAt: timestampMs('used_at'),
		/** SHA-256 of the secret in the browser that entered the code, to set the password with. */
		grantHash: bytes('grant_hash'),
		/** When the new password was set. */
		completedAt: timestampMs('completed_at')
	},
	(table) => [index('password_reset_codes_user_id').on(table.userId)]
);

/**
 * Confirming a new email address or mobile number before an account is made with it: the code
 * sent to it proves the person holds it, and the page says the same whether or not an account
 * already has it (the holder of an existing account is told by a message instead).
 */
export const accountConfirmations = pgTable(
	'account_confirmations',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		/** Lower-cased email address or E.164 mobile number, as `users` keeps them. */
		identifier: text('identifier').notNull(),
		/** The password chosen, already hashed: it becomes the account's when the code is right. */
		passwordHash: text('password_hash').notNull(),
		language: text('language'),
		/** SHA-256 of the code sent; null when the identifier already had an account (no code). */
		codeHash: bytes('code_hash'),
		/** SHA-256 of the secret kept in the browser that asked, so only it can enter the code. */
		browserHash: bytes('browser_hash').notNull(),
		createdAt: timestampMs('created_at').notNull(),
		expiresAt: timestampMs('expires_at').notNull(),
		usedAt: timestampMs('used_at')
	},
	(table) => [index('account_confirmations_identifier').on(table.identifier)]
);

/** Every time an account was linked to a patient record: how, by whom, with what checked. */
export const recordLinks = pgTable(
	'record_links',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
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
		at: timestampMs('at').notNull().default(epochMsNow)
	},
	(table) => [index('record_links_patient').on(table.patientId)]
);

/**
 * One-time codes that link an account to the one record its holder's details matched, sent to a
 * contact the record holds (never one typed in the form). Only a hash of the code is kept.
 */
export const recordLinkCodes = pgTable(
	'record_link_codes',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		patientId: integer('patient_id')
			.notNull()
			.references(() => patients.id),
		channel: text('channel', { enum: recordCodeChannels }).notNull(),
		codeHash: bytes('code_hash').notNull(),
		createdAt: timestampMs('created_at').notNull(),
		expiresAt: timestampMs('expires_at').notNull(),
		usedAt: timestampMs('used_at')
	},
	(table) => [index('record_link_codes_user_id').on(table.userId)]
);
