import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { ActingContext } from '../access/policy';
import { bookSlot } from '../appointments/booking';
import { appointmentsOf } from '../appointments/queries';
import { parseIdentifier } from '../identifier';
import { createSession, validateSessionToken } from '../auth/session';
import { activityOf } from '../audit';
import { database, tables } from '../db';
import { aPatient, aService } from '../test-data';
import {
	acceptInvitation,
	actingForList,
	changePermissions,
	chooseActingFor,
	invite,
	proxiesOf,
	proxyContext,
	revoke,
	stepDown,
	takeInvitationTry
} from './people';

const db = database();
const { location, service } = await aService();
const now = new Date('2026-11-23T09:00:00Z');
const days = (n: number) => new Date(now.getTime() + n * 24 * 60 * 60 * 1000);

/** Grace invites Daniel with these permissions, and Daniel accepts. */
async function acting(permissions: Parameters<typeof invite>[2]['permissions']) {
	const grace = await aPatient(`Grace${Math.random()}`);
	const daniel = await aPatient(`Daniel${Math.random()}`);
	const invitation = await invite(
		grace,
		{ kind: 'email', value: 'daniel@example.org' },
		{ permissions, carePlanLabels: ['general'] },
		'en',
		now
	);
	if (!invitation.ok) throw new Error('not invited');
	const accepted = await acceptInvitation(daniel.actor!, invitation.code.toLowerCase(), now);
	expect(accepted).toEqual({ ok: true, patientId: grace.subject!.patientId });
	const { grant } = (await proxyContext(
		daniel.actor!,
		'no-session',
		grace.subject!.patientId,
		now
	))!;
	const forGrace: ActingContext = {
		actor: daniel.actor,
		subject: grace.subject,
		via: 'proxy',
		grant
	};
	return { grace, daniel, forGrace, relationshipId: invitation.relationshipId };
}

async function slotIn(hours: number) {
	const startsAt = new Date(now.getTime() + hours * 60 * 60 * 1000);
	return (
		await db
			.insert(tables.slots)
			.values({
				serviceId: service.id,
				locationId: location.id,
				mode: 'in_person',
				startsAt,
				endsAt: new Date(startsAt.getTime() + 15 * 60_000)
			})
			.returning()
	)[0]!;
}

describe('invitations', () => {
	it('sends the code through the outbox and keeps only its hash', async () => {
		const grace = await aPatient('Inviter');
		const result = await invite(
			grace,
			{ kind: 'mobile', value: '+447700900555' },
			{ permissions: ['appointments.view'], carePlanLabels: ['general'] },
			'en',
			now
		);
		if (!result.ok) throw new Error('not invited');
		expect(result.code).toMatch(/^[A-HJKMNP-Z2-9]{10}$/);
		expect(result.expiresAt).toEqual(days(14));
		const message = (
			await db.select().from(tables.outbox).where(eq(tables.outbox.kind, 'proxy.invitation'))
		).at(-1)!;
		expect(message).toMatchObject({ channel: 'sms', recipient: '+447700900555', subject: null });
		expect(message.body).toContain(`${result.code.slice(0, 5)} ${result.code.slice(5)}`);
		const stored = (
			await db
				.select()
				.from(tables.proxyRelationships)
				.where(eq(tables.proxyRelationships.id, result.relationshipId))
		)[0]!;
		expect(JSON.stringify(stored)).not.toContain(result.code);
		// Care plans were not chosen, so no label is kept.
		expect(stored.carePlanLabels).toEqual([]);
	});

	it('refuses a wrong, used, expired or own code', async () => {
		const grace = await aPatient('Twice');
		const other = await aPatient('Other');
		const result = await invite(
			grace,
			{ kind: 'email', value: 'x@example.org' },
			{ permissions: ['appointments.view'], carePlanLabels: [] },
			'en',
			now
		);
		if (!result.ok) throw new Error('not invited');
		expect(await acceptInvitation(other.actor!, 'WRONGCODE2', now)).toMatchObject({ ok: false });
		expect(await acceptInvitation(grace.actor!, result.code, now)).toEqual({
			ok: false,
			reason: 'own-invitation'
		});
		expect(await acceptInvitation(other.actor!, result.code, days(15))).toEqual({
			ok: false,
			reason: 'unknown-code'
		});
		expect((await acceptInvitation(other.actor!, result.code, now)).ok).toBe(true);
		expect(await acceptInvitation((await aPatient('Third')).actor!, result.code, now)).toEqual({
			ok: false,
			reason: 'unknown-code'
		});
	});

	it('is only for the patient themself to send', async () => {
		const { forGrace } = await acting(['appointments.manage']);
		expect(
			await invite(
				forGrace,
				{ kind: 'email', value: 'y@example.org' },
				{ permissions: ['appointments.view'], carePlanLabels: [] },
				'en',
				now
			)
		).toEqual({ ok: false });
	});
});

describe('acting for someone', () => {
	it('lets a proxy with permission book, recorded in the patient’s log as done by the proxy', async () => {
		const { grace, daniel, forGrace } = await acting(['appointments.manage']);
		const booked = await bookSlot(forGrace, { slotId: (await slotIn(30)).id, needs: {} }, now);
		expect(booked.ok).toBe(true);
		expect((await appointmentsOf(grace, now)).upcoming).toHaveLength(1);
		const log = (await activityOf(grace)).entries;
		expect(log[0]).toMatchObject({
			action: 'appointment.booked',
			via: 'proxy',
			actorUserId: daniel.actor!.userId
		});
		expect(log.map((entry) => entry.action)).toEqual([
			'appointment.booked',
			'proxy.accepted',
			'proxy.invited'
		]);
		// The log is Grace's to read, not Daniel's.
		expect((await activityOf(forGrace)).entries).toEqual([]);
	});

	it('lets a proxy who may only view see appointments but not book', async () => {
		const { grace, forGrace } = await acting(['appointments.view']);
		await bookSlot(grace, { slotId: (await slotIn(40)).id, needs: {} }, now);
		expect((await appointmentsOf(forGrace, now)).upcoming).toHaveLength(1);
		expect(await bookSlot(forGrace, { slotId: (await slotIn(42)).id, needs: {} }, now)).toEqual({
			ok: false,
			reason: 'not-permitted'
		});
	});

	it('tells the patient which labelled things each person cannot see', async () => {
		const { grace } = await acting(['appointments.view', 'care_plans.view']);
		const trusted = await aPatient(`Ama${Math.random()}`);
		const invitation = await invite(
			grace,
			{ kind: 'email', value: 'ama@example.org' },
			{
				permissions: ['appointments.view', 'care_plans.view'],
				carePlanLabels: ['general', 'mental_health']
			},
			'en',
			now
		);
		if (!invitation.ok) throw new Error('not invited');
		await acceptInvitation(trusted.actor!, invitation.code, now);
		expect((await proxiesOf(grace, now)).map((p) => p.cannotSee)).toEqual([
			['mental_health', 'sexual_health', 'social_care'],
			['sexual_health', 'social_care']
		]);
	});

	it('ends at once when the patient revokes: the session goes back to the proxy’s own care', async () => {
		const { grace, daniel, relationshipId } = await acting(['appointments.manage']);
		const { token, session } = await createSession(daniel.actor!.userId, now);
		expect(await chooseActingFor(daniel.actor!, session.id, grace.subject!.patientId, now)).toBe(
			true
		);
		expect((await proxiesOf(grace, now)).map((p) => p.state)).toEqual(['active']);

		expect(await revoke(grace, relationshipId, now)).toBe(true);
		expect(await proxyContext(daniel.actor!, session.id, grace.subject!.patientId, now)).toBeNull();
		expect((await validateSessionToken(token, now))!.session.actingForPatientId).toBeNull();
		expect(await actingForList(daniel.actor, now)).toEqual([]);
		expect(await chooseActingFor(daniel.actor!, session.id, grace.subject!.patientId, now)).toBe(
			false
		);
		expect((await activityOf(grace)).entries[0]!.action).toBe('proxy.revoked');
	});

	it('lets the patient change what the proxy may do, and the proxy step down', async () => {
		const { grace, daniel, relationshipId } = await acting(['appointments.view']);
		expect(
			await changePermissions(
				grace,
				relationshipId,
				{ permissions: ['appointments.manage'], carePlanLabels: [] },
				now
			)
		).toBe(true);
		expect((await actingForList(daniel.actor, now))[0]!.permissions).toEqual([
			'appointments.manage'
		]);
		// Nobody else can change it.
		expect(
			await changePermissions(
				daniel,
				relationshipId,
				{ permissions: ['appointments.view'], carePlanLabels: [] },
				now
			)
		).toBe(false);
		expect(await stepDown(grace.actor!, relationshipId, now)).toBe(false);
		expect(await stepDown(daniel.actor!, relationshipId, now)).toBe(true);
		expect(await proxiesOf(grace, now)).toEqual([]);
	});
});

// Issue 26: two instances over one PostgreSQL run these at the same moment (a patient's revoke on
// one, the invited person's acceptance or a second click on the other).
describe('one relationship changed in two places at once', () => {
	const log = async (grace: ActingContext, action: string) =>
		(await activityOf(grace)).entries.filter((entry) => entry.action === action).length;
	const statusOf = async (relationshipId: number) =>
		(
			await db
				.select({ status: tables.proxyRelationships.status })
				.from(tables.proxyRelationships)
				.where(eq(tables.proxyRelationships.id, relationshipId))
		)[0]!.status;

	it('never leaves an invitation the patient withdrew accepted', { timeout: 60_000 }, async () => {
		for (let round = 0; round < 12; round++) {
			const grace = await aPatient(`Grace${Math.random()}`);
			const daniel = await aPatient(`Daniel${Math.random()}`);
			const invitation = await invite(
				grace,
				{ kind: 'email', value: 'daniel@example.org' },
				{ permissions: ['appointments.manage'], carePlanLabels: [] },
				'en',
				now
			);
			if (!invitation.ok) throw new Error('not invited');
			const [revoked] = await Promise.all([
				revoke(grace, invitation.relationshipId, now),
				acceptInvitation(daniel.actor!, invitation.code, now)
			]);
			expect(revoked).toBe(true);
			expect(await statusOf(invitation.relationshipId)).toBe('revoked');
			expect(await actingForList(daniel.actor, now)).toEqual([]);
		}
	});

	it(
		'ends a relationship once, in the log once, however many ask at once',
		{ timeout: 60_000 },
		async () => {
			const { grace, daniel, relationshipId } = await acting(['appointments.view']);
			const ended = await Promise.all([
				...Array.from({ length: 4 }, () => revoke(grace, relationshipId, now)),
				...Array.from({ length: 4 }, () => stepDown(daniel.actor!, relationshipId, now))
			]);
			expect(ended.filter(Boolean)).toHaveLength(1);
			expect((await log(grace, 'proxy.revoked')) + (await log(grace, 'proxy.stepped_down'))).toBe(
				1
			);
		}
	);

	it('changes nothing once the relationship has ended', { timeout: 60_000 }, async () => {
		for (let round = 0; round < 8; round++) {
			const { grace, relationshipId } = await acting(['appointments.view']);
			const [changed, revoked] = await Promise.all([
				changePermissions(
					grace,
					relationshipId,
					{ permissions: ['appointments.manage'], carePlanLabels: [] },
					now
				),
				revoke(grace, relationshipId, now)
			]);
			expect(revoked).toBe(true);
			// A change after the end is refused, not logged as done.
			expect(await log(grace, 'proxy.permissions_changed')).toBe(changed ? 1 : 0);
			const entries = (await activityOf(grace)).entries.map((entry) => entry.action);
			if (changed)
				expect(entries.indexOf('proxy.permissions_changed')).toBeGreaterThan(
					entries.indexOf('proxy.revoked')
				);
		}
	});
});

describe('invitations held back', () => {
	const address = (name: string) => parseIdentifier(`${name}-${Math.random()}@example.org`)!;

	it('lets ten a person’s care send in an hour, then holds the next back', async () => {
		const patientId = (await aPatient(`Inviter${Math.random()}`)).subject!.patientId;
		for (let sent = 1; sent <= 10; sent++) {
			expect(await takeInvitationTry(patientId, address(`friend${sent}`))).toBeNull();
		}
		expect(await takeInvitationTry(patientId, address('one-more'))).toBe('fromPatient');
		// Someone else's care is not held back.
		const other = (await aPatient(`Other${Math.random()}`)).subject!.patientId;
		expect(await takeInvitationTry(other, address('friend'))).toBeNull();
	});

	it('sends one address three in a day, from anyone, then holds the next back', async () => {
		const invited = address('popular');
		const [first, second] = [
			await aPatient(`First${Math.random()}`),
			await aPatient(`Second${Math.random()}`)
		].map((context) => context.subject!.patientId);
		expect(await takeInvitationTry(first!, invited)).toBeNull();
		expect(await takeInvitationTry(first!, invited)).toBeNull();
		expect(await takeInvitationTry(second!, invited)).toBeNull();
		expect(await takeInvitationTry(second!, invited)).toBe('toRecipient');
		expect(await takeInvitationTry(first!, invited)).toBe('toRecipient');
		const mobile = parseIdentifier('07700 900555')!;
		for (let sent = 1; sent <= 3; sent++)
			expect(await takeInvitationTry(first!, mobile)).toBeNull();
		expect(await takeInvitationTry(second!, parseIdentifier('+447700900555')!)).toBe('toRecipient');
	});
});
