import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { ActingContext } from '../access/policy';
import { activityOf } from '../audit';
import { database, tables } from '../db';
import {
	aPatient,
	aProxyFor,
	aService,
	anUnlinkedAccountAndRecord,
	aStaffMember
} from '../test-data';
import { reachableWays } from '../communication-needs';
import { askerReachChoices, requestAsker, servicesFor } from './choices';
import {
	arrangeRequest,
	assignRequest,
	closeRequest,
	matchRequest,
	messagePatient,
	requestQueue,
	staffRequestOf,
	timesToArrange
} from './answering';
import {
	cancelRequest,
	dueByFrom,
	makeRequest,
	replyToRequest,
	requestOf,
	requestsOf,
	type RequestAnswers
} from './asking';

const { service, organisation, location } = await aService(['in_person', 'home_visit']);
const other = await aService(['in_person']);

const staff = await aStaffMember(organisation.id);
const otherStaff = await aStaffMember(other.organisation.id);

const answers = (overrides: Partial<RequestAnswers> = {}): RequestAnswers => ({
	topic: 'ongoing_condition',
	details: 'My knee is worse.',
	detailsLanguage: 'en',
	service: service.id,
	place: 'home_visit',
	travelReason: 'I cannot manage the bus.',
	days: [1, 2, 3, 4, 5],
	dayParts: ['morning', 'afternoon'],
	reachBy: 'email',
	...overrides
});

async function messagesOf(patientId: number) {
	return await database()
		.select()
		.from(tables.outbox)
		.where(eq(tables.outbox.patientId, patientId));
}

async function aSlot(
	serviceId: number,
	locationId: number,
	mode: 'in_person' | 'home_visit',
	at: Date
) {
	return (
		await database()
			.insert(tables.slots)
			.values({
				serviceId,
				locationId,
				mode,
				startsAt: at,
				endsAt: new Date(at.getTime() + 30 * 60_000)
			})
			.returning()
	)[0]!;
}

/** An appointment of the person's in the slot, booked by themself (still to come, unless said). */
async function anAppointment(person: ActingContext, slotId: number, status?: 'attended') {
	await database()
		.insert(tables.appointments)
		.values({
			reference: `T${Math.floor(Math.random() * 1e6)}`,
			patientId: person.subject!.patientId,
			slotId,
			bookedVia: 'self',
			status
		});
}

/** A person who may make requests, with the request they made. */
async function aRequest(name: string, overrides: Partial<RequestAnswers> = {}) {
	const person = await aPatient(name);
	const made = await makeRequest(person, answers(overrides), undefined);
	if (!made.ok) throw new Error(made.reason);
	return { person, id: made.id };
}

describe('when a service should answer', () => {
	// Hazard H-009: a request to be seen overdue and unnoticed.
	it('counts working days after the day it was made, to 5pm London time', () => {
		// Friday 27 November 2026, 10:00 → Tuesday 1 December, 17:00 GMT.
		expect(dueByFrom(new Date('2026-11-27T10:00:00Z'), 2).toISOString()).toBe(
			'2026-12-01T17:00:00.000Z'
		);
		// Made on a Sunday in summer: Tuesday, 17:00 BST.
		expect(dueByFrom(new Date('2026-06-14T10:00:00Z'), 2).toISOString()).toBe(
			'2026-06-16T16:00:00.000Z'
		);
	});
});

describe('making a request', () => {
	it('records it as received, in the activity log, and tells the person with its reference', async () => {
		const { person, id } = await aRequest('Grace');
		const detail = (await requestOf(person, id))!;
		expect(detail.request.status).toBe('received');
		expect(detail.request.needs).toEqual({
			interpreterLanguage: null,
			needs: [],
			other: null,
			otherLanguage: null
		});
		expect(detail.events.map((event) => event.kind)).toEqual(['received']);
		expect((await activityOf(person)).entries[0]).toMatchObject({
			action: 'request.made',
			detail: { reference: detail.request.reference }
		});
		const [message] = await messagesOf(person.subject!.patientId);
		expect(message).toMatchObject({ kind: 'request.received', channel: 'email' });
		expect(message!.body).toContain(detail.request.reference.slice(0, 3));
	});

	it('sends once when the same form is sent twice', async () => {
		const person = await aPatient('Twice');
		const first = await makeRequest(person, answers(), 'token-token-token-token');
		const again = await makeRequest(person, answers(), 'token-token-token-token');
		expect(first).toEqual(again);
	});

	it('is for the person or someone allowed to make requests for them', async () => {
		const grace = await aPatient('Gracie');
		const daniel = await aPatient('Daniel');
		const as = (permissions: ('requests.make' | 'appointments.manage')[]): ActingContext => ({
			actor: daniel.actor,
			subject: grace.subject,
			via: 'proxy',
			grant: { permissions, carePlanLabels: [] }
		});
		expect(await makeRequest(as(['appointments.manage']), answers(), undefined)).toEqual({
			ok: false,
			reason: 'not-permitted'
		});
		const made = await makeRequest(as(['requests.make']), answers(), undefined);
		expect(made.ok).toBe(true);
		expect((await activityOf(grace)).entries[0]).toMatchObject({
			action: 'request.made',
			via: 'proxy'
		});
	});

	it('refuses answers no longer open to the person: a way we cannot reach them', async () => {
		const person = await aPatient('Letterless');
		expect(await makeRequest(person, answers({ reachBy: 'letter' }), undefined)).toEqual({
			ok: false,
			reason: 'answers-changed'
		});
		expect(
			await makeRequest(person, answers({ place: 'home_visit', travelReason: '' }), undefined)
		).toEqual({ ok: false, reason: 'answers-changed' });
	});

	it('offers the services of the organisations caring for the person, or all when none yet', async () => {
		const person = await aPatient('Newcomer');
		expect((await servicesFor(person, 'ongoing_condition')).map((s) => s.id)).toEqual(
			expect.arrayContaining([service.id, other.service.id])
		);
		const slot = await aSlot(
			service.id,
			location.id,
			'in_person',
			new Date('2026-01-05T10:00:00Z')
		);
		await anAppointment(person, slot.id, 'attended');
		expect((await servicesFor(person, 'ongoing_condition')).map((s) => s.id)).toEqual([service.id]);
	});

	it('counts the practice the record says they are registered with among those caring', async () => {
		const person = await aPatient('Registered');
		await database()
			.update(tables.patients)
			.set({ registeredPracticeId: other.organisation.id })
			.where(eq(tables.patients.id, person.subject!.patientId));
		expect((await servicesFor(person, 'ongoing_condition')).map((s) => s.id)).toEqual([
			other.service.id
		]);
	});

	it('offers only the services that fit the topic: never the flu vaccination about medicines', async () => {
		const flu = await aService(['in_person'], 'general', 'vaccination');
		const nurse = await aService(['in_person'], 'general', 'nursing');
		const person = await aPatient('Topical');
		const aboutMedicines = (await servicesFor(person, 'medicines')).map((s) => s.id);
		expect(aboutMedicines).toEqual(expect.arrayContaining([service.id, nurse.service.id]));
		expect(aboutMedicines).not.toContain(flu.service.id);
		expect((await servicesFor(person, 'something_else')).map((s) => s.id)).toContain(
			flu.service.id
		);
		expect(
			await makeRequest(
				person,
				answers({ topic: 'medicines', service: flu.service.id, place: 'service' }),
				undefined
			)
		).toEqual({
			ok: false,
			reason: 'answers-changed'
		});
	});

	it('offers any service that fits when none of those caring for the person does', async () => {
		const flu = await aService(['in_person'], 'general', 'vaccination');
		const person = await aPatient('Vaccinated');
		const slot = await aSlot(
			flu.service.id,
			flu.location.id,
			'in_person',
			new Date('2026-01-06T10:00:00Z')
		);
		await anAppointment(person, slot.id, 'attended');
		expect((await servicesFor(person, 'something_else')).map((s) => s.id)).toEqual([
			flu.service.id
		]);
		const aboutMedicines = (await servicesFor(person, 'medicines')).map((s) => s.id);
		expect(aboutMedicines).toEqual(expect.arrayContaining([service.id, other.service.id]));
		expect(aboutMedicines).not.toContain(flu.service.id);
	});

	it('offers the ways to reach the person that settings offers, and claims a preference only when recorded', async () => {
		const person = await aPatient('Unstated');
		const patientId = person.subject!.patientId;
		expect(await askerReachChoices(requestAsker(person)!)).toEqual({
			ways: await reachableWays(patientId),
			preferred: null
		});
		expect(await reachableWays(patientId)).toEqual(['email', 'link_worker']);
		const prefer = async (reachBy: 'email' | 'sms') =>
			await database()
				.update(tables.patients)
				.set({ reachBy })
				.where(eq(tables.patients.id, patientId));
		await prefer('email');
		expect((await askerReachChoices(requestAsker(person)!)).preferred).toBe('email');
		// Recorded while they had a mobile number, which they no longer have: not claimed.
		await prefer('sms');
		expect((await askerReachChoices(requestAsker(person)!)).preferred).toBeNull();
	});

	it('offers only the places the service can meet at', async () => {
		const phoneOnly = await aService(['home_visit', 'phone']);
		const person = await aPatient('Placed');
		expect(
			await makeRequest(
				person,
				answers({ service: phoneOnly.service.id, place: 'service' }),
				undefined
			)
		).toEqual({ ok: false, reason: 'answers-changed' });
	});

	// Hazard H-002: a resident's health information shown to someone else.
	it("never shows another person's request, whatever id is asked for", async () => {
		const { id } = await aRequest('Private');
		expect(await requestOf(await aPatient('Nosy'), id)).toBeUndefined();
	});
});

describe('the person following their request', () => {
	it('can reply and cancel while it is open; not after', async () => {
		const { person, id } = await aRequest('Follower');
		expect(await replyToRequest(person, id, { body: 'Mornings are best.', language: 'ar' })).toBe(
			'done'
		);
		expect(await cancelRequest(person, id)).toBe('done');
		const detail = (await requestOf(person, id))!;
		expect(detail.request).toMatchObject({ status: 'closed', closeReason: 'cancelled_by_patient' });
		expect(detail.events.map((event) => [event.kind, event.bodyLanguage])).toEqual([
			['received', null],
			['message_from_patient', 'ar'],
			['closed', null]
		]);
		expect(await replyToRequest(person, id, { body: 'Again', language: 'en' })).toBe('not-open');
		// They did these themselves: only the receipt was sent to them.
		expect((await messagesOf(person.subject!.patientId)).map((m) => m.kind)).toEqual([
			'request.received'
		]);
	});
});

describe('staff answering requests', () => {
	// Hazard H-009: a request to be seen overdue and unnoticed.
	it("show their own organisation's queue, oldest first, with what is overdue", async () => {
		const { id: first } = await aRequest('Early');
		const { id: second } = await aRequest('Later');
		const queue = (await requestQueue(staff, { status: 'open' })).requests;
		const ids = queue.map((row) => row.id);
		expect(ids.indexOf(first)).toBeLessThan(ids.indexOf(second));
		expect(queue.every((row) => !row.overdue)).toBe(true);
		const later = (await requestQueue(staff, { status: 'open' }, new Date(Date.now() + 30 * 864e5)))
			.requests;
		expect(later.find((row) => row.id === first)?.overdue).toBe(true);
		expect(
			(await requestQueue(otherStaff, { status: 'all' })).requests.map((row) => row.id)
		).not.toContain(first);
		expect(await staffRequestOf(otherStaff, first)).toBeUndefined();
	});

	// Years of a busy practice's requests: the queue shows the longest waiting, so many and no more.
	it('show so many of the queue, the longest waiting, and say when there are more', async () => {
		await aRequest('One');
		await aRequest('Two');
		const whole = await requestQueue(staff, { status: 'all' });
		expect(whole.more).toBe(false);
		const bounded = await requestQueue(staff, { status: 'all', limit: 2 });
		expect(bounded.requests.map((row) => row.id)).toEqual(
			whole.requests.slice(0, 2).map((row) => row.id)
		);
		expect(bounded.more).toBe(true);
		const exact = await requestQueue(staff, { status: 'all', limit: whole.requests.length });
		expect(exact.more).toBe(false);
	});

	it('pick it up, message the person and close it, each logged and told to them', async () => {
		const { person, id } = await aRequest('Answered');
		expect(await assignRequest(staff, id)).toBe('done');
		// Pressed twice: nothing more happens, and nobody is told again.
		expect(await assignRequest(staff, id)).toBe('done');
		expect(await messagePatient(staff, id, 'We will phone you tomorrow.')).toBe('done');
		expect(await closeRequest(staff, id, { reason: 'handled_another_way', note: 'Phoned.' })).toBe(
			'done'
		);
		expect(await closeRequest(staff, id, { reason: 'no_longer_needed' })).toBe('not-open');
		expect(await assignRequest(otherStaff, id)).toBe('not-found');
		const detail = (await requestOf(person, id))!;
		expect(detail.request).toMatchObject({
			status: 'closed',
			closeReason: 'handled_another_way',
			assignedToUserId: staff.userId
		});
		expect(
			(await activityOf(person)).entries.slice(0, 3).map((entry) => [entry.action, entry.via])
		).toEqual([
			['request.closed', 'staff'],
			['request.message_sent', 'staff'],
			['request.in_review', 'staff']
		]);
		const messages = await messagesOf(person.subject!.patientId);
		expect(messages.map((m) => m.kind)).toEqual([
			'request.received',
			'request.in_review',
			'request.message',
			'request.closed'
		]);
		expect(messages[2]!.body).toContain('We will phone you tomorrow.');
	});

	it('arrange it by booking a time of the service for the person, as staff', async () => {
		const { person, id } = await aRequest('Visited');
		const soon = new Date(Date.now() + 2 * 864e5);
		const visit = await aSlot(service.id, location.id, 'home_visit', soon);
		const elsewhere = await aSlot(other.service.id, other.location.id, 'in_person', soon);
		const detail = (await staffRequestOf(staff, id))!;
		expect((await timesToArrange(detail)).map((time) => time.id)).toContain(visit.id);
		expect(await arrangeRequest(staff, id, elsewhere.id)).toBe('slot-unavailable');
		expect(await arrangeRequest(staff, id, visit.id)).toBe('done');
		const arranged = (await requestOf(person, id))!;
		expect(arranged.request.status).toBe('arranged');
		const appointment = (
			await database()
				.select()
				.from(tables.appointments)
				.where(
					and(
						eq(tables.appointments.id, arranged.request.appointmentId!),
						eq(tables.appointments.patientId, person.subject!.patientId)
					)
				)
		)[0];
		expect(appointment).toMatchObject({ bookedVia: 'staff', bookedByUserId: staff.userId });
		expect(
			(await activityOf(person)).entries.slice(0, 2).map((entry) => [entry.action, entry.via])
		).toEqual([
			['request.arranged', 'staff'],
			['appointment.booked', 'staff']
		]);
		expect(await arrangeRequest(staff, id, visit.id)).toBe('not-open');
		// One message says it is arranged, naming the appointment; no second confirmation.
		expect((await messagesOf(person.subject!.patientId)).map((m) => m.kind)).toEqual([
			'request.received',
			'request.arranged'
		]);
	});

	it('leave it open, saying why, when the booking is refused: the person is booked then', async () => {
		const { person, id } = await aRequest('Overlapping');
		const at = new Date(Date.now() + 4 * 864e5);
		const visit = await aSlot(service.id, location.id, 'home_visit', at);
		const elsewhere = await aSlot(other.service.id, other.location.id, 'in_person', at);
		await anAppointment(person, elsewhere.id);
		expect(
			(await timesToArrange((await staffRequestOf(staff, id))!)).map((time) => time.id)
		).toContain(visit.id);
		expect(await arrangeRequest(staff, id, visit.id)).toBe('overlaps');
		const detail = (await requestOf(person, id))!;
		expect(detail.request).toMatchObject({ status: 'received', appointmentId: null });
		expect(detail.events.map((event) => event.kind)).toEqual(['received']);
		expect((await messagesOf(person.subject!.patientId)).map((m) => m.kind)).toEqual([
			'request.received'
		]);
	});
});

describe('requests to a service with a sensitivity label', async () => {
	const mentalHealth = await aService(['in_person', 'home_visit'], 'mental_health');
	const mentalHealthStaff = await aStaffMember(mentalHealth.organisation.id);
	const toMentalHealth = (overrides: Partial<RequestAnswers> = {}) =>
		answers({ service: mentalHealth.service.id, reachBy: 'carer', ...overrides });
	const both = ['requests.make', 'care_plans.view'] as const;

	/** A patient who has a carer allowed general care plans only, and one trusted with more. */
	async function aFamily() {
		const patient = await aPatient(`Grace${Math.random()}`);
		const carer = await aProxyFor(patient, `Daniel${Math.random()}`, [...both], ['general']);
		const trusted = await aProxyFor(
			patient,
			`Ama${Math.random()}`,
			[...both],
			['general', 'mental_health']
		);
		return { patient, carer, trusted };
	}

	it('are not offered to, nor made by, someone not allowed the label', async () => {
		const { patient, carer, trusted } = await aFamily();
		expect((await servicesFor(carer.context, 'ongoing_condition')).map((s) => s.id)).not.toContain(
			mentalHealth.service.id
		);
		expect((await servicesFor(patient, 'ongoing_condition')).map((s) => s.id)).toContain(
			mentalHealth.service.id
		);
		expect((await servicesFor(trusted.context, 'ongoing_condition')).map((s) => s.id)).toContain(
			mentalHealth.service.id
		);
		expect(await makeRequest(carer.context, toMentalHealth(), undefined)).toEqual({
			ok: false,
			reason: 'answers-changed'
		});
	});

	it('are neither listed nor found for them, though made for the patient by someone else', async () => {
		const { patient, carer, trusted } = await aFamily();
		const made = await makeRequest(trusted.context, toMentalHealth(), undefined);
		if (!made.ok) throw new Error(made.reason);
		const general = await makeRequest(carer.context, answers({ reachBy: 'email' }), undefined);
		if (!general.ok) throw new Error(general.reason);
		expect((await requestsOf(carer.context)).map((r) => r.id)).toEqual([general.id]);
		expect(await requestOf(carer.context, made.id)).toBeUndefined();
		expect(await replyToRequest(carer.context, made.id, { body: 'Hello', language: 'en' })).toBe(
			'not-found'
		);
		expect(await cancelRequest(carer.context, made.id)).toBe('not-found');
		expect((await requestsOf(trusted.context)).map((r) => r.id)).toEqual(
			[general.id, made.id].sort((a, b) => b - a)
		);
		expect((await requestOf(patient, made.id))?.label).toBe('mental_health');
	});

	// Hazard H-007: a carer seeing what a sensitivity label hides.
	it('are written about to the patient, never through a carer not allowed the label', async () => {
		const patient = await aPatient(`Grace${Math.random()}`);
		await aProxyFor(patient, `Daniel${Math.random()}`, [...both], ['general']);
		const made = await makeRequest(patient, toMentalHealth(), undefined);
		if (!made.ok) throw new Error(made.reason);
		expect(await messagePatient(mentalHealthStaff, made.id, 'We will call you on Monday.')).toBe(
			'done'
		);
		// Every message about the request (the invitation the carer was sent is not one).
		const sent = (await messagesOf(patient.subject!.patientId)).filter((m) =>
			m.kind.startsWith('request.')
		);
		expect(sent.map((m) => m.kind)).toEqual(['request.received', 'request.message']);
		for (const message of sent) {
			expect(message.recipient).not.toMatch(/^daniel/);
			expect(message.recipient).toMatch(/^grace/);
		}
	});

	it('are written about through a carer allowed the label, when the patient asked so', async () => {
		const patient = await aPatient(`Grace${Math.random()}`);
		await aProxyFor(patient, `Ama${Math.random()}`, [...both], ['general', 'mental_health']);
		const made = await makeRequest(patient, toMentalHealth(), undefined);
		if (!made.ok) throw new Error(made.reason);
		expect(await messagePatient(mentalHealthStaff, made.id, 'We will call you on Monday.')).toBe(
			'done'
		);
		const sent = (await messagesOf(patient.subject!.patientId)).filter((m) =>
			m.kind.startsWith('request.')
		);
		expect(sent.map((m) => m.recipient)).toEqual([
			expect.stringMatching(/^ama/),
			expect.stringMatching(/^ama/)
		]);
	});
});

describe('asking to be seen before the account reaches a record', () => {
	/** An account with no record (and a record it is not linked to), asking for itself. */
	async function anUnlinked(name: string, account: { language?: string } = {}) {
		const { userId, patientId } = await anUnlinkedAccountAndRecord(name);
		if (account.language) {
			await database()
				.update(tables.users)
				.set({ language: account.language })
				.where(eq(tables.users.id, userId));
		}
		const context: ActingContext = {
			actor: { userId, role: 'patient', patientId: null, organisationId: null },
			subject: null,
			via: 'self'
		};
		return { context, userId, patientId };
	}

	const identity = (givenName: string) => ({
		givenName,
		familyName: 'Test',
		dateOfBirth: '1970-01-01',
		postcode: 'E20 1AA',
		nhsNumber: null
	});

	async function anUnmatchedRequest(name: string, language?: string) {
		const person = await anUnlinked(name, { language });
		const made = await makeRequest(
			person.context,
			answers({ identity: identity(name), reachBy: 'email' }),
			undefined
		);
		if (!made.ok) throw new Error(made.reason);
		return { ...person, id: made.id };
	}

	async function messagesTo(address: string) {
		return await database()
			.select()
			.from(tables.outbox)
			.where(eq(tables.outbox.recipient, address));
	}

	it('is offered every service, and saves the request with no record and who they said they are', async () => {
		const { context } = await anUnlinked('Ama');
		expect((await servicesFor(context, 'ongoing_condition')).map((s) => s.id)).toEqual(
			expect.arrayContaining([service.id, other.service.id])
		);
		const { id, userId } = await anUnmatchedRequest('Abena');
		const row = (
			await database()
				.select()
				.from(tables.contactRequests)
				.where(eq(tables.contactRequests.id, id))
		)[0]!;
		expect(row).toMatchObject({
			patientId: null,
			statedIdentity: identity('Abena'),
			madeByUserId: userId,
			madeVia: 'self',
			needs: { interpreterLanguage: null, needs: [], other: null, otherLanguage: null }
		});
	});

	it('refuses one with no "Who are you?" answer, and one asked for an account with a record', async () => {
		const { context } = await anUnlinked('Kofi');
		expect(await makeRequest(context, answers(), undefined)).toEqual({
			ok: false,
			reason: 'answers-changed'
		});
		// Someone with a record asks as themself: what they typed about who they are is not kept.
		const person = await aPatient('Efua');
		const made = await makeRequest(
			person,
			answers({ identity: identity('Someone Else') }),
			undefined
		);
		if (!made.ok) throw new Error(made.reason);
		expect((await requestOf(person, made.id))!.request.statedIdentity).toBeNull();
	});

	it('is followed by its maker alone, and messages about it go to the maker’s account in their language', async () => {
		const { context, id, userId } = await anUnmatchedRequest('Yaw', 'fr');
		expect((await requestOf(context, id))?.request.id).toBe(id);
		expect((await requestsOf(context)).map((request) => request.id)).toEqual([id]);
		// Another account with no record, a patient, and a carer: not theirs, whatever the id.
		const stranger = await anUnlinked('Stranger');
		expect(await requestOf(stranger.context, id)).toBeUndefined();
		expect(await requestsOf(stranger.context)).toEqual([]);
		expect(await requestOf(await aPatient('Nana'), id)).toBeUndefined();

		const address = `yaw-unlinked@example.org`;
		expect((await messagesTo(address)).map((m) => [m.kind, m.language, m.patientId])).toEqual([
			['request.received', 'fr', null]
		]);
		expect(await messagePatient(staff, id, 'Please bring your letter.')).toBe('done');
		expect((await messagesTo(address)).at(-1)).toMatchObject({
			kind: 'request.message',
			language: 'fr'
		});
		expect((await messagesTo(address)).at(-1)!.body).toContain('Please bring your letter.');
		expect(await replyToRequest(context, id, { body: 'Thank you', language: 'fr' })).toBe('done');
		expect((await requestOf(context, id))!.events.map((event) => event.kind)).toEqual([
			'received',
			'message_from_staff',
			'message_from_patient'
		]);
		expect(userId).toBeGreaterThan(0);
	});

	it('is in the staff queue by the name given; arranging waits for a match; staff match it with a log line', async () => {
		const { context, id, patientId } = await anUnmatchedRequest('Akosua');
		const queued = (await requestQueue(staff, { status: 'open' })).requests.find(
			(request) => request.id === id
		)!;
		expect(queued).toMatchObject({ matched: false, givenName: 'Akosua', familyName: 'Test' });
		expect(await staffRequestOf(otherStaff, id)).toBeUndefined();
		expect(
			await matchRequest(otherStaff, id, { id: patientId, givenName: 'Akosua', familyName: 'Test' })
		).toBe('not-found');
		const slot = await aSlot(
			service.id,
			location.id,
			'home_visit',
			new Date(Date.now() + 3 * 86_400_000)
		);
		expect(await arrangeRequest(staff, id, slot.id)).toBe('not-matched');

		expect(
			await matchRequest(staff, id, { id: patientId, givenName: 'Akosua', familyName: 'Test' })
		).toBe('done');
		expect(
			await matchRequest(staff, id, { id: patientId, givenName: 'Akosua', familyName: 'Test' })
		).toBe('already-matched');
		expect((await staffRequestOf(staff, id))!.patientId).toBe(patientId);
		const log = await database()
			.select()
			.from(tables.activityLog)
			.where(
				and(
					eq(tables.activityLog.subjectPatientId, patientId),
					eq(tables.activityLog.action, 'request.matched')
				)
			);
		expect(log).toHaveLength(1);
		expect(log[0]).toMatchObject({ actorUserId: staff.userId, via: 'staff' });
		// Matched, it is the record's: no longer shown to an account only claiming to be them.
		expect(await requestOf(context, id)).toBeUndefined();
		expect(await requestsOf(context)).toEqual([]);
		expect(await arrangeRequest(staff, id, slot.id)).toBe('done');
	});
});
