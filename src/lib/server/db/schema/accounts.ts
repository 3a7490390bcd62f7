// Who can sign in, and their sessions.
import { sql } from 'drizzle-orm';
import { blob, check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { organisations } from './organisations';
import { patients } from './patients';

export const roles = ['patient', 'link_worker', 'staff', 'admin'] as const;
export type Role = (typeof roles)[number];

export const users = sqliteTable(
	'users',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		/** Lower-cased email address, when the person signs in with one. */
		email: text('email').unique(),
		/** UK mobile number in E.164 form (+447700900123), when the person signs in with one. */
		mobile: text('mobile').unique(),
		passwordHash: text('password_hash').notNull(),
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
			sql`${table.email} IS NOT NULL OR ${table.mobile} IS NOT NULL`
		)
	]
);

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
