import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { bookSlot, cancelAppointment } from '../appointments/booking';
import { database, tables } from '../db';
import { aPatient, aService, aStaffMember } from '../test-data';
import {
	createSession,
	dayList,
	dayPlan,
	plannedStarts,
	recordAttendance,
	setSlotBlocked,
	type DiaryEntry,
	type SessionPlan
} from './diary';

const db = database();
const ours = await aService(['in_person', 'phone']);
const theirs = await aService(['in_person']);
// Monday 23 November 2026, 09:00 in London (GMT).
const now = new Date('2026-11-23T09:00:00Z');

const staff = await aStaffMember(ours.organisation.id);

const plan = (changes: Partial<SessionPlan> = {}): SessionPlan => ({
	serviceId: ours.service.id,
	locationId: ours.location.id,
	mode: 'in_person',
	weekdays: [1, 2, 3, 4, 5],
	startTime: '09:00',
	endTime: '10:00',
	slotMinutes: 20,
	fromDate: '2026-11-23',
	toDate: '2026-11-29',
	...changes
});

describe('diary sessions', () => {
	it('makes a slot for each time on each chosen weekday, leaving out times already past', () => {
		const starts = plannedStarts(plan(), now);
		// Monday's 09:00 has started; 09:20 and 09:40 remain; then three a day Tuesday to Friday.
		expect(starts).toHaveLength(2 + 4 * 3);
		expect(starts[0]).toEqual(new Date('2026-11-23T09:20:00Z'));
		expect(starts.at(-1)).toEqual(new Date('2026-11-27T09:40:00Z'));
	});

	// Hazard H-012: wrong times across the clock changes.
	it('keeps London wall-clock time across the clock change', () => {
		const [winter, summer] = plannedStarts(
			plan({ weekdays: [5], fromDate: '2027-03-26', toDate: '2027-04-02', endTime: '09:20' }),
			now
		);
		expect(winter).toEqual(new Date('2027-03-26T09:00:00Z'));
		expect(summer).toEqual(new Date('2027-04-02T08:00:00Z'));
	});

	it('creates the slots once: the same session again makes nothing new', async () => {
		expect(await createSession(staff, plan(), now)).toEqual({ ok: true, created: 14, skipped: 0 });
		expect(await createSession(staff, plan(), now)).toEqual({ ok: true, created: 0, skipped: 14 });
		expect((await dayList(staff, '2026-11-24')).map((row) => row.startsAt.toISOString())).toEqual([
			'2026-11-24T09:00:00.000Z',
			'2026-11-24T09:20:00.000Z',
			'2026-11-24T09:40:00.000Z'
		]);
	});

	it("refuses another organisation's service, and ways a service does not offer", async () => {
		expect(await createSession(staff, plan({ serviceId: theirs.service.id }), now)).toMatchObject({
			ok: false,
			reason: 'not-offered'
		});
		expect(await createSession(staff, plan({ mode: 'video' }), now)).toMatchObject({ ok: false });
		expect(
			await createSession(await aStaffMember(theirs.organisation.id), plan(), now)
		).toMatchObject({
			ok: false
		});
	});

	it('refuses a session that would flood the diary', async () => {
		const huge = plan({ weekdays: [1, 2, 3, 4, 5, 6, 7], startTime: '00:00', endTime: '23:55' });
		expect(
			await createSession(staff, { ...huge, slotMinutes: 5, toDate: '2027-02-20' }, now)
		).toEqual({
			ok: false,
			reason: 'too-many'
		});
	});
});

describe('blocking and attendance', () => {
	let first: DiaryEntry | undefined;
	let second: DiaryEntry | undefined;
	beforeAll(async () => {
		[first, second] = await dayList(staff, '2026-11-25');
	});

	it('blocks and unblocks a free slot, which residents then cannot or can book', async () => {
		const patient = await aPatient('Blocked');
		expect(await setSlotBlocked(staff, first!.slotId, true)).toEqual({ ok: true });
		expect(await bookSlot(patient, { slotId: first!.slotId, needs: {} }, now)).toEqual({
			ok: false,
			reason: 'slot-unavailable'
		});
		expect(await setSlotBlocked(staff, first!.slotId, false)).toEqual({ ok: true });
		expect((await bookSlot(patient, { slotId: first!.slotId, needs: {} }, now)).ok).toBe(true);
		expect(await setSlotBlocked(staff, first!.slotId, true)).toEqual({
			ok: false,
			reason: 'booked'
		});
	});

	it("does not find another organisation's slots", async () => {
		expect(
			await setSlotBlocked(await aStaffMember(theirs.organisation.id), second!.slotId, true)
		).toEqual({
			ok: false,
			reason: 'not-found'
		});
		expect(await dayList(await aStaffMember(theirs.organisation.id), '2026-11-25')).toEqual([]);
	});

	it('records attendance once the day has come, in the patient’s activity log', async () => {
		const patient = await aPatient('Came');
		const booked = await bookSlot(patient, { slotId: second!.slotId, needs: {} }, now);
		if (!booked.ok) throw new Error(booked.reason);
		const id = booked.appointment.id;
		expect(await recordAttendance(staff, id, 'attended', now)).toEqual({
			ok: false,
			reason: 'not-yet'
		});
		const onTheDay = new Date('2026-11-25T12:00:00Z');
		expect(
			await recordAttendance(await aStaffMember(theirs.organisation.id), id, 'attended', onTheDay)
		).toEqual({
			ok: false,
			reason: 'not-found'
		});
		expect(await recordAttendance(staff, id, 'did_not_attend', onTheDay)).toEqual({ ok: true });
		expect(await recordAttendance(staff, id, 'attended', onTheDay)).toEqual({ ok: true });
		const log = (
			await db
				.select()
				.from(tables.activityLog)
				.where(eq(tables.activityLog.subjectPatientId, patient.subject!.patientId))
		).map((row) => [row.action, row.via, row.actorUserId]);
		expect(log).toEqual([
			['appointment.booked', 'self', patient.actor!.userId],
			['appointment.did_not_attend', 'staff', staff.userId],
			['appointment.attended', 'staff', staff.userId]
		]);
	});

	// Hazard H-004: a cancellation that never reaches the service.
	it("shows a time the resident cancelled as free in the service's day list", async () => {
		const patient = await aPatient('Cancels');
		const third = (await dayList(staff, '2026-11-25'))[2]!;
		const booked = await bookSlot(patient, { slotId: third.slotId, needs: {} }, now);
		if (!booked.ok) throw new Error(booked.reason);
		const entry = async () =>
			(await dayList(staff, '2026-11-25')).find((row) => row.slotId === third.slotId);
		expect(await entry()).toMatchObject({
			appointmentId: booked.appointment.id,
			givenName: 'Cancels'
		});
		expect(await cancelAppointment(patient, booked.appointment.id, null, now)).toEqual({
			ok: true
		});
		expect(await entry()).toMatchObject({ appointmentId: null, givenName: null });
	});
});

describe('a day as staff read it', () => {
	it('lists appointments first, then each service’s free and blocked times together', async () => {
		const nurse = (
			await db
				.insert(tables.services)
				.values({
					organisationId: ours.organisation.id,
					name: 'Practice nurse',
					modes: ['in_person'],
					phone: '020 7946 0102',
					cancellationCutoffMinutes: 120
				})
				.returning()
		)[0]!;
		const day = '2026-12-02';
		const session = { fromDate: day, toDate: day, weekdays: [3] };
		expect(await createSession(staff, plan(session), now)).toMatchObject({ ok: true, created: 3 });
		expect(
			await createSession(staff, plan({ ...session, serviceId: nurse.id }), now)
		).toMatchObject({
			ok: true,
			created: 3
		});
		const [gpFirst, , gpLast] = (await dayList(staff, day)).filter(
			(entry) => entry.service !== 'Practice nurse'
		);
		const booked = await bookSlot(
			await aPatient('Planned'),
			{ slotId: gpLast!.slotId, needs: {} },
			now
		);
		expect(booked.ok).toBe(true);
		expect(await setSlotBlocked(staff, gpFirst!.slotId, true)).toEqual({ ok: true });

		const { appointments, openTimes } = dayPlan(await dayList(staff, day));
		expect(appointments.map((entry) => [entry.slotId, entry.givenName])).toEqual([
			[gpLast!.slotId, 'Planned']
		]);
		expect(
			openTimes.map(({ service, free, blocked, slots }) => ({
				service,
				free,
				blocked,
				times: slots.map((slot) => slot.startsAt.toISOString().slice(11, 16))
			}))
		).toEqual([
			{ service: 'GP appointment', free: 1, blocked: 1, times: ['09:00', '09:20'] },
			{ service: 'Practice nurse', free: 3, blocked: 0, times: ['09:00', '09:20', '09:40'] }
		]);
	});
});
