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
const { location, service } = aService();
const now = new Date('2026-11-23T09:00:00Z');
const days = (n: number) => new Date(now.getTime() + n * 24 * 60 * 60 * 1000);

/** Grace invites Daniel with these permissions, and Daniel accepts. */
function acting(permissions: Parameters<typeof invite>[2]['permissions']) {
	const grace = aPatient(`Grace${Math.random()}`);
	const daniel = aPatient(`Daniel${Math.random()}`);
	const invitation = invite(
		grace,
		{ kind: 'email', value: 'daniel@example.org' },
		{ permissions, carePlanLabels: ['general'] },
		'en',
		now
	);
	if (!invitation.ok) throw new Error('not invited');
	const accepted = acceptInvitation(daniel.actor!, invitation.code.toLowerCase(), now);
	expect(accepted).toEqual({ ok: true, patientId: grace.subject!.patientId });
	const { grant } = proxyContext(daniel.actor!, 'no-session', grace.subject!.patientId, now)!;
	const forGrace: ActingContext = {
		actor: daniel.actor,
		subject: grace.subject,
		via: 'proxy',
		grant
	};
	return { grace, daniel, forGrace, relationshipId: invitation.relationshipId };
}

function slotIn(hours: number) {
	const startsAt = new Date(now.getTime() + hours * 60 * 60 * 1000);
	return db
		.insert(tables.slots)
		.values({
			serviceId: service.id,
			locationId: location.id,
			mode: 'in_person',
			startsAt,
			endsAt: new Date(startsAt.getTime() + 15 * 60_000)
		})
		.returning()
		.get();
}

describe('invitations', () => {
	it('sends the code through the outbox and keeps only its hash', () => {
		const grace = aPatient('Inviter');
		const result = invite(
			grace,
			{ kind: 'mobile', value: '+447700900555' },
			{ permissions: ['appointments.view'], carePlanLabels: ['general'] },
			'en',
			now
		);
		if (!result.ok) throw new Error('not invited');
		expect(result.code).toMatch(/^[A-HJKMNP-Z2-9]{10}$/);
		expect(result.expiresAt).toEqual(days(14));
		const message = db
			.select()
			.from(tables.outbox)
			.where(eq(tables.outbox.kind, 'proxy.invitation'))
			.all()
			.at(-1)!;
		expect(message).toMatchObject({ channel: 'sms', recipient: '+447700900555', subject: null });
		expect(message.body).toContain(`${result.code.slice(0, 5)} ${result.code.slice(5)}`);
		const stored = db
			.select()
			.from(tables.proxyRelationships)
			.where(eq(tables.proxyRelationships.id, result.relationshipId))
			.get()!;
		expect(JSON.stringify(stored)).not.toContain(result.code);
		// Care plans were not chosen, so no label is kept.
		expect(stored.carePlanLabels).toEqual([]);
	});

	it('refuses a wrong, used, expired or own code', () => {
		const grace = aPatient('Twice');
		const other = aPatient('Other');
		const result = invite(
			grace,
			{ kind: 'email', value: 'x@example.org' },
			{ permissions: ['appointments.view'], carePlanLabels: [] },
			'en',
			now
		);
		if (!result.ok) throw new Error('not invited');
		expect(acceptInvitation(other.actor!, 'WRONGCODE2', now)).toMatchObject({ ok: false });
		expect(acceptInvitation(grace.actor!, result.code, now)).toEqual({
			ok: false,
			reason: 'own-invitation'
		});
		expect(acceptInvitation(other.actor!, result.code, days(15))).toEqual({
			ok: false,
			reason: 'unknown-code'
		});
		expect(acceptInvitation(other.actor!, result.code, now).ok).toBe(true);
		expect(acceptInvitation(aPatient('Third').actor!, result.code, now)).toEqual({
			ok: false,
			reason: 'unknown-code'
		});
	});

	it('is only for the patient themself to send', () => {
		const { forGrace } = acting(['appointments.manage']);
		expect(
			invite(
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
	it('lets a proxy with permission book, recorded in the patient’s log as done by the proxy', () => {
		const { grace, daniel, forGrace } = acting(['appointments.manage']);
		const booked = bookSlot(forGrace, { slotId: slotIn(30).id, needs: {} }, now);
		expect(booked.ok).toBe(true);
		expect(appointmentsOf(grace, now).upcoming).toHaveLength(1);
		const log = activityOf(grace).entries;
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
		expect(activityOf(forGrace).entries).toEqual([]);
	});

	it('lets a proxy who may only view see appointments but not book', () => {
		const { grace, forGrace } = acting(['appointments.view']);
		bookSlot(grace, { slotId: slotIn(40).id, needs: {} }, now);
		expect(appointmentsOf(forGrace, now).upcoming).toHaveLength(1);
		expect(bookSlot(forGrace, { slotId: slotIn(42).id, needs: {} }, now)).toEqual({
			ok: false,
			reason: 'not-permitted'
		});
	});

	it('tells the patient which labelled things each person cannot see', () => {
		const { grace } = acting(['appointments.view', 'care_plans.view']);
		const trusted = aPatient(`Ama${Math.random()}`);
		const invitation = invite(
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
		acceptInvitation(trusted.actor!, invitation.code, now);
		expect(proxiesOf(grace, now).map((p) => p.cannotSee)).toEqual([
			['mental_health', 'sexual_health', 'social_care'],
			['sexual_health', 'social_care']
		]);
	});

	it('ends at once when the patient revokes: the session goes back to the proxy’s own care', () => {
		const { grace, daniel, relationshipId } = acting(['appointments.manage']);
		const { token, session } = createSession(daniel.actor!.userId, now);
		expect(chooseActingFor(daniel.actor!, session.id, grace.subject!.patientId, now)).toBe(true);
		expect(proxiesOf(grace, now).map((p) => p.state)).toEqual(['active']);

		expect(revoke(grace, relationshipId, now)).toBe(true);
		expect(proxyContext(daniel.actor!, session.id, grace.subject!.patientId, now)).toBeNull();
		expect(validateSessionToken(token, now)!.session.actingForPatientId).toBeNull();
		expect(actingForList(daniel.actor, now)).toEqual([]);
		expect(chooseActingFor(daniel.actor!, session.id, grace.subject!.patientId, now)).toBe(false);
		expect(activityOf(grace).entries[0]!.action).toBe('proxy.revoked');
	});

	it('lets the patient change what the proxy may do, and the proxy step down', () => {
		const { grace, daniel, relationshipId } = acting(['appointments.view']);
		expect(
			changePermissions(
				grace,
				relationshipId,
				{ permissions: ['appointments.manage'], carePlanLabels: [] },
				now
			)
		).toBe(true);
		expect(actingForList(daniel.actor, now)[0]!.permissions).toEqual(['appointments.manage']);
		// Nobody else can change it.
		expect(
			changePermissions(
				daniel,
				relationshipId,
				{ permissions: ['appointments.view'], carePlanLabels: [] },
				now
			)
		).toBe(false);
		expect(stepDown(grace.actor!, relationshipId, now)).toBe(false);
		expect(stepDown(daniel.actor!, relationshipId, now)).toBe(true);
		expect(proxiesOf(grace, now)).toEqual([]);
	});
});

describe('invitations held back', () => {
	const address = (name: string) => parseIdentifier(`${name}-${Math.random()}@example.org`)!;

	it('lets ten a person’s care send in an hour, then holds the next back', async () => {
		const patientId = aPatient(`Inviter${Math.random()}`).subject!.patientId;
		for (let sent = 1; sent <= 10; sent++) {
			expect(await takeInvitationTry(patientId, address(`friend${sent}`))).toBeNull();
		}
		expect(await takeInvitationTry(patientId, address('one-more'))).toBe('fromPatient');
		// Someone else's care is not held back.
		const other = aPatient(`Other${Math.random()}`).subject!.patientId;
		expect(await takeInvitationTry(other, address('friend'))).toBeNull();
	});

	it('sends one address three in a day, from anyone, then holds the next back', async () => {
		const invited = address('popular');
		const [first, second] = [
			aPatient(`First${Math.random()}`),
			aPatient(`Second${Math.random()}`)
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
