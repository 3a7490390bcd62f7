import { eq } from 'drizzle-orm';
import type { FhirCaller } from '../access/policy';
import { beforeAll, describe, expect, it } from 'vitest';
import { bookSlot, cancelAppointment } from '../appointments/booking';
import { createCarePlan, handOver, staffCarePlan } from '../care-plans/keeping';
import { database, tables } from '../db';
import type { CarePlanContent } from '../db/schema';
import { revoke } from '../people/people';
import { makeRequest } from '../requests/asking';
import {
	aCareTeam,
	aFhirClient,
	aFreeSlot,
	aPatient,
	aProxyFor,
	aService,
	aStaffMember
} from '../test-data';
import { FhirError } from './outcome';
import { nhsNumberSystem, ukCoreProfiles, type ResourceType } from './profiles';
import { readable } from './read';
import { validateAgainstProfile } from './validation';

const db = database();

// The world: a practice whose clinic Grace goes to, a hospital that started her discharge plan
// (handing its wound care to the practice's nurses), a mental health service keeping a
// wellbeing plan of hers the practice is not in, and an organisation that never cared for her.
const clinic = await aService(['in_person', 'phone', 'video', 'home_visit']);
const hospital = await aService(['in_person'], 'general', 'specialist_clinic');
const stranger = await aService(['in_person'], 'mental_health', 'mental_health');

const callerAt = async (organisationId: number) =>
	(await aFhirClient(organisationId, ['system/*.read'])).caller;
const practiceSystem = await callerAt(clinic.organisation.id);
const hospitalSystem = await callerAt(hospital.organisation.id);
const strangerSystem = await callerAt(stranger.organisation.id);
/** An organisation that has never cared for Grace. */
const outsiderSystem = await callerAt((await aService()).organisation.id);

const grace = await aPatient('Grace');
const graceId = grace.subject!.patientId;
await db
	.update(tables.patients)
	.set({ nhsNumber: '9434765919', mobile: '+447700900123', address: '1 Mill Lane\nEastmere' })
	.where(eq(tables.patients.id, graceId));
await db.insert(tables.communicationNeeds).values({
	patientId: graceId,
	interpreterLanguage: 'ar',
	needs: ['bsl', 'large_print'],
	updatedAt: new Date(),
	updatedByUserId: grace.actor!.userId
});
const daniel = await aProxyFor(grace, 'Daniel', ['appointments.view'], ['general']);

// Five times in the practice's diary, on the 7th to the 11th of December 2026 at 09:00 London.
const day = (date: number, hour = 9) =>
	new Date(`2026-12-${String(date).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`);
const clinicSlots = await Promise.all(
	[7, 8, 9, 10, 11].map(async (date) => await aFreeSlot(clinic, day(date)))
);
await db
	.update(tables.slots)
	.set({ mode: 'home_visit' })
	.where(eq(tables.slots.id, clinicSlots[1]!.id));
await db.update(tables.slots).set({ blocked: true }).where(eq(tables.slots.id, clinicSlots[4]!.id));

const now = new Date('2026-12-01T10:00:00Z');
async function book(slotId: number) {
	const booked = await bookSlot(grace, { slotId, needs: {} }, now);
	if (!booked.ok) throw new Error(booked.reason);
	return booked.appointment;
}
const booked = await book(clinicSlots[0]!.id);
const homeVisit = await book(clinicSlots[1]!.id);
const cancelled = await book(clinicSlots[2]!.id);
const cancelledBy = await cancelAppointment(grace, cancelled.id, 'Feeling better', now);
if (!cancelledBy.ok) throw new Error(cancelledBy.reason);
const attended = await book(clinicSlots[3]!.id);
await db
	.update(tables.appointments)
	.set({ status: 'attended' })
	.where(eq(tables.appointments.id, attended.id));
const message = (
	await db.select().from(tables.outbox).where(eq(tables.outbox.appointmentId, booked.id))
)[0]!;
await db
	.update(tables.outbox)
	.set({ status: 'sent', sentAt: now, deliveryStatus: 'delivered', deliveryStatusAt: now })
	.where(eq(tables.outbox.id, message.id));

const ward = await aCareTeam(hospital.organisation.id, 'Ward 7');
const nurses = await aCareTeam(clinic.organisation.id, 'Practice nurses');
const wellbeingTeam = await aCareTeam(stranger.organisation.id, 'Wellbeing');
const plan = (label: CarePlanContent['label'], teamId: number): CarePlanContent => ({
	title: 'Going home from hospital',
	kind: 'hospital_discharge',
	label,
	summary: 'Your wound is healing; the nurses will dress it.',
	reviewOn: '2027-01-15',
	goals: [
		{ text: 'Walk to the shops', status: 'in_progress' },
		{ text: 'Wound healed', status: 'not_started' }
	],
	actions: [
		{
			key: 'wound',
			what: 'Dress the wound',
			teamId,
			when: 'Every other day',
			status: 'in_progress',
			appointmentId: null
		},
		// Staff may leave "when" empty; FHIR allows no empty string, so the plan says none.
		{ key: 'bloods', what: 'Blood test', teamId, when: '', status: 'planned', appointmentId: null }
	],
	careTeam: [{ teamId, role: 'Nursing', whenToCall: 'Weekdays' }],
	ifWorse: 'Call the ward.'
});
const hospitalStaff = await aStaffMember(hospital.organisation.id);
const dischargePlanId = (await createCarePlan(
	hospitalStaff,
	graceId,
	plan('general', ward.id),
	now
))!;
await handOver(hospitalStaff, dischargePlanId, 'wound', nurses.id, now);
const handover = (await db.select().from(tables.carePlanHandovers))[0]!;
const wellbeingPlanId = (await createCarePlan(
	await aStaffMember(stranger.organisation.id),
	graceId,
	{ ...plan('mental_health', wellbeingTeam.id), title: 'Wellbeing', kind: 'wellbeing' },
	now
))!;

const request = await makeRequest(
	grace,
	{
		topic: 'ongoing_condition',
		details: 'My knee is worse.',
		detailsLanguage: 'en',
		service: clinic.service.id,
		place: 'service',
		days: [1, 2, 3],
		dayParts: ['morning'],
		reachBy: 'email'
	},
	undefined,
	now
);
if (!request.ok) throw new Error(request.reason);

const page = { base: 'https://joinedup.example/fhir/R4' };
const read = async (caller: FhirCaller, type: ResourceType, id: number | string) =>
	(await readable[type]!.read(caller, String(id))) as { resourceType: string; id: string } & Record<
		string,
		unknown
	>;
const search = async (caller: FhirCaller, type: ResourceType, query: string) =>
	await readable[type]!.search(caller, new URLSearchParams(query), page);
const idsOf = (bundle: Awaited<ReturnType<typeof search>>) =>
	(bundle.entry ?? []).map((entry) => entry.resource.id!);
const refused = async (act: () => unknown) => {
	try {
		await act();
	} catch (error) {
		if (error instanceof FhirError) return { status: error.status, code: error.code };
		throw error;
	}
	return undefined;
};

describe('every resource served validates against its UK Core profile', () => {
	// The validator reads its definitions (tens of megabytes) the first time: not a test's time.
	beforeAll(() => validateAgainstProfile({ resourceType: 'Basic' }), 60_000);

	const served = async () => [
		await read(practiceSystem, 'Patient', graceId),
		await read(practiceSystem, 'RelatedPerson', daniel.relationshipId),
		await read(practiceSystem, 'Consent', daniel.relationshipId),
		...(await Promise.all(
			[booked, homeVisit, cancelled, attended].map(
				async (a) => await read(practiceSystem, 'Appointment', a.id)
			)
		)),
		...(await Promise.all(clinicSlots.map(async (s) => await read(strangerSystem, 'Slot', s.id)))),
		await read(strangerSystem, 'Schedule', `${clinic.service.id}-${clinic.location.id}`),
		await read(strangerSystem, 'HealthcareService', clinic.service.id),
		await read(strangerSystem, 'HealthcareService', stranger.service.id),
		await read(strangerSystem, 'Location', clinic.location.id),
		await read(strangerSystem, 'Organization', clinic.organisation.id),
		await read(strangerSystem, 'CareTeam', ward.id),
		await read(practiceSystem, 'CarePlan', dischargePlanId),
		await read(strangerSystem, 'CarePlan', wellbeingPlanId),
		await read(practiceSystem, 'Task', handover.id),
		await read(practiceSystem, 'ServiceRequest', request.id),
		await read(practiceSystem, 'Communication', message.id),
		await search(practiceSystem, 'Appointment', `patient=${graceId}`)
	];

	it('claims its profile and has no issues', async () => {
		const resources = await served();
		expect(resources.map((r) => r.resourceType)).toEqual(
			expect.arrayContaining(Object.keys(readable))
		);
		for (const resource of resources) {
			const profile = ukCoreProfiles[resource.resourceType as ResourceType];
			expect((resource as { meta: { profile: string[] } }).meta.profile).toEqual([profile]);
			expect({ resource, issues: validateAgainstProfile(resource, profile) }).toEqual({
				resource,
				issues: []
			});
		}
	});

	it('would be caught if a mapper broke its profile', async () => {
		const appointment = await read(practiceSystem, 'Appointment', booked.id);
		expect(validateAgainstProfile({ ...appointment, participant: [] })).not.toEqual([]);
		expect(validateAgainstProfile({ ...appointment, status: 'attended' })).not.toEqual([]);
	});

	it('says what the record holds, in UK Core terms', async () => {
		expect(await read(practiceSystem, 'Patient', graceId)).toMatchObject({
			identifier: [{ system: nhsNumberSystem, value: '9434765919' }],
			birthDate: '1970-01-01',
			extension: [{ valueBoolean: true }],
			communication: [
				{ language: { coding: [{ code: 'ar' }] }, preferred: true },
				{ language: { coding: [{ code: 'bfi' }] }, preferred: false }
			]
		});
		expect((await read(practiceSystem, 'Appointment', cancelled.id)).cancelationReason).toEqual({
			text: 'Feeling better'
		});
		const statuses = await Promise.all(
			[booked, cancelled, attended].map(
				async (a) => (await read(practiceSystem, 'Appointment', a.id)).status
			)
		);
		expect(statuses).toEqual(['booked', 'cancelled', 'fulfilled']);
		expect(await read(practiceSystem, 'Appointment', homeVisit.id)).toMatchObject({
			identifier: [{ value: homeVisit.reference }],
			appointmentType: { coding: [{ code: '439708006' }] },
			extension: [{ valueCodeableConcept: { coding: [{ code: 'In-person' }] } }]
		});
		expect(await read(strangerSystem, 'CarePlan', wellbeingPlanId)).toMatchObject({
			meta: {
				versionId: '1',
				security: expect.arrayContaining([expect.objectContaining({ code: 'MH' })])
			}
		});
		expect((await read(practiceSystem, 'CarePlan', dischargePlanId)).meta).toMatchObject({
			versionId: '2'
		});
		expect(await read(practiceSystem, 'Consent', daniel.relationshipId)).toMatchObject({
			status: 'active',
			performer: [{ reference: `RelatedPerson/${daniel.relationshipId}` }],
			provision: { action: [{ coding: [{ code: 'appointments.view' }] }] }
		});
	});
});

describe('searches', () => {
	it('find appointments by patient, date and status', async () => {
		expect(
			idsOf(await search(practiceSystem, 'Appointment', `patient=Patient/${graceId}`))
		).toEqual([booked, homeVisit, cancelled, attended].map((a) => String(a.id)));
		expect(
			idsOf(await search(practiceSystem, 'Appointment', `patient=${graceId}&date=2026-12-08`))
		).toEqual([String(homeVisit.id)]);
		expect(
			idsOf(
				await search(
					practiceSystem,
					'Appointment',
					`patient=${graceId}&date=ge2026-12-08&date=lt2026-12-10`
				)
			)
		).toEqual([String(homeVisit.id), String(cancelled.id)]);
		expect(
			idsOf(
				await search(practiceSystem, 'Appointment', 'date=gt2026-12-09T09:00:00Z&status=fulfilled')
			)
		).toEqual([String(attended.id)]);
		// 10:00 in Paris is 09:00 in London, in winter: the start itself, whether or not the
		// zone's "+" was encoded.
		for (const plus of ['%2B', '+'])
			expect(
				idsOf(await search(practiceSystem, 'Appointment', `date=2026-12-10T10:00:00${plus}01:00`))
			).toEqual([String(attended.id)]);
		expect(
			idsOf(await search(practiceSystem, 'Appointment', `patient=${graceId}&status=booked,noshow`))
		).toEqual([String(booked.id), String(homeVisit.id)]);
	});

	it('find slots by schedule, start, status and service type', async () => {
		const schedule = `schedule=Schedule/${clinic.service.id}-${clinic.location.id}`;
		// The cancelled appointment's slot is free again; the booked and the attended are busy.
		const free = idsOf(await search(strangerSystem, 'Slot', `${schedule}&status=free`));
		expect(free).toContain(String(clinicSlots[2]!.id));
		expect(idsOf(await search(strangerSystem, 'Slot', `${schedule}&status=busy`))).toEqual(
			clinicSlots
				.slice(0, 4)
				.filter((_, i) => i !== 2)
				.map((s) => String(s.id))
		);
		expect(
			idsOf(await search(strangerSystem, 'Slot', `${schedule}&status=busy-unavailable`))
		).toEqual([String(clinicSlots[4]!.id)]);
		expect(idsOf(await search(strangerSystem, 'Slot', `${schedule}&start=le2026-12-08`))).toEqual(
			clinicSlots.slice(0, 2).map((s) => String(s.id))
		);
		const gp = idsOf(await search(strangerSystem, 'Slot', 'service-type=gp&_count=200'));
		expect(gp).toEqual(expect.arrayContaining(clinicSlots.map((s) => String(s.id))));
		expect(idsOf(await search(strangerSystem, 'Slot', `${schedule}&service-type=hearing`))).toEqual(
			[]
		);
	});

	it('find a patient by NHS number, with its system or bare', async () => {
		for (const identifier of [`${nhsNumberSystem}|9434765919`, '9434765919'])
			expect(
				idsOf(
					await search(practiceSystem, 'Patient', `identifier=${encodeURIComponent(identifier)}`)
				)
			).toEqual([String(graceId)]);
		expect(
			idsOf(await search(practiceSystem, 'Patient', 'identifier=https://example.org|9434765919'))
		).toEqual([]);
	});

	it('find care plans by patient and status', async () => {
		expect(
			idsOf(await search(practiceSystem, 'CarePlan', `patient=${graceId}&status=active`))
		).toEqual([String(dischargePlanId)]);
		expect(
			idsOf(await search(practiceSystem, 'CarePlan', `patient=${graceId}&status=completed`))
		).toEqual([]);
	});

	it('page with _count and a next link that works and ends', async () => {
		const more = await Promise.all(
			[12, 13, 14, 15, 16].map(async (date) => await aFreeSlot(hospital, day(date)))
		);
		const schedule = `Schedule/${hospital.service.id}-${hospital.location.id}`;
		const seen: string[] = [];
		let bundle = await search(hospitalSystem, 'Slot', `schedule=${schedule}&_count=2`);
		let pages = 1;
		expect(bundle.total).toBe(5);
		for (;;) {
			seen.push(...idsOf(bundle));
			const next = bundle.link.find((link) => link.relation === 'next');
			if (!next) break;
			const url = new URL(next.url);
			expect(`${url.origin}${url.pathname}`).toBe(`${page.base}/Slot`);
			expect(url.searchParams.get('schedule')).toBe(schedule);
			bundle = await search(hospitalSystem, 'Slot', url.search);
			pages++;
		}
		expect(pages).toBe(3);
		expect(seen).toEqual(more.map((s) => String(s.id)));
		expect(validateAgainstProfile(bundle, ukCoreProfiles.Bundle)).toEqual([]);
	});

	it('refuse a parameter they do not support, and a malformed one', async () => {
		expect(
			await refused(async () => await search(practiceSystem, 'Appointment', 'practitioner=1'))
		).toEqual({
			status: 400,
			code: 'not-supported'
		});
		expect(
			await refused(async () => await search(practiceSystem, 'Appointment', 'date=next-tuesday'))
		).toEqual({
			status: 400,
			code: 'invalid'
		});
		expect(await refused(async () => await search(practiceSystem, 'Slot', '_count=lots'))).toEqual({
			status: 400,
			code: 'invalid'
		});
		// Each patient named costs queries: a list of thousands is refused, not worked through.
		const many = Array.from({ length: 5000 }, (_, i) => i + 1).join(',');
		expect(
			await refused(async () => await search(practiceSystem, 'Appointment', `patient=${many}`))
		).toEqual({
			status: 400,
			code: 'too-costly'
		});
	});
});

// PostgreSQL's text cannot hold it, even to compare: without the check, a 500 there (nul.ts).
describe('a NUL character in a search or an address', () => {
	it('is refused with a 400 by every search, and read as no such resource', async () => {
		for (const [type, reader] of Object.entries(readable) as [
			ResourceType,
			NonNullable<(typeof readable)[ResourceType]>
		][]) {
			for (const name of ['_id', ...reader.searchParameters]) {
				const query = new URLSearchParams({ [name]: `9434765919\u0000` }).toString();
				expect(await refused(async () => await search(practiceSystem, type, query))).toEqual({
					status: 400,
					code: 'value'
				});
			}
			const read = await refused(async () => await reader.read(practiceSystem, `1\u0000`));
			expect(read?.status).toBe(404);
		}
	});
});

describe('who may read what', () => {
	it('gives a system with no care for the patient nothing of theirs: 404 and empty searches', async () => {
		const reads: [ResourceType, number][] = [
			['Patient', graceId],
			['RelatedPerson', daniel.relationshipId],
			['Consent', daniel.relationshipId],
			['Appointment', booked.id],
			['CarePlan', dischargePlanId],
			['Task', handover.id],
			['ServiceRequest', request.id],
			['Communication', message.id]
		];
		for (const [type, id] of reads)
			expect({
				type,
				outcome: await refused(async () => await read(outsiderSystem, type, id))
			}).toEqual({
				type,
				outcome: { status: 404, code: 'not-found' }
			});
		for (const [type, query] of [
			['Patient', 'identifier=9434765919'],
			['Patient', `_id=${graceId}`],
			['Appointment', `patient=${graceId}`],
			['CarePlan', `patient=${graceId}`],
			['RelatedPerson', `patient=${graceId}`],
			['Consent', `patient=${graceId}`],
			['ServiceRequest', `patient=${graceId}`],
			['Communication', `patient=${graceId}`],
			['Task', `patient=${graceId}`]
		] as const)
			expect({ type, found: (await search(outsiderSystem, type, query)).total }).toEqual({
				type,
				found: 0
			});
	});

	it('gives a caring organisation what its staff could see: its own services, plans it is in', async () => {
		// The hospital cares for Grace (her discharge plan) but runs none of the practice's clinics.
		expect((await read(hospitalSystem, 'Patient', graceId)).id).toBe(String(graceId));
		expect(await refused(async () => await read(hospitalSystem, 'Appointment', booked.id))).toEqual(
			{
				status: 404,
				code: 'not-found'
			}
		);
		expect((await search(hospitalSystem, 'Appointment', `patient=${graceId}`)).total).toBe(0);
		// The wellbeing plan (mental health) is kept by an organisation the practice is not in.
		expect(
			await refused(async () => await read(practiceSystem, 'CarePlan', wellbeingPlanId))
		).toEqual({
			status: 404,
			code: 'not-found'
		});
		expect(idsOf(await search(strangerSystem, 'CarePlan', `patient=${graceId}`))).toEqual([
			String(wellbeingPlanId)
		]);
	});

	it('reads a plan as staff keep it: one its organisation started, or a team of its is in', async () => {
		const community = await aService(['in_person']);
		const link = await aCareTeam(community.organisation.id, 'Community link');
		const planId = (await createCarePlan(
			hospitalStaff,
			graceId,
			{
				...plan('general', ward.id),
				careTeam: [{ teamId: link.id, role: 'Support', whenToCall: 'Any time' }]
			},
			now
		))!;
		const communitySystem = await callerAt(community.organisation.id);
		expect((await read(communitySystem, 'CarePlan', planId)).id).toBe(String(planId));
		expect(idsOf(await search(communitySystem, 'CarePlan', `patient=${graceId}`))).toEqual([
			String(planId)
		]);
		expect(
			await staffCarePlan(await aStaffMember(community.organisation.id), planId)
		).toBeDefined();
	});

	it('shows who acts for the patient as staff see it: those acting or invited, not those who stopped', async () => {
		const former = await aProxyFor(grace, 'Formerly', ['appointments.view'], ['general']);
		expect(await revoke(grace, former.relationshipId, now)).toBe(true);
		for (const type of ['RelatedPerson', 'Consent'] as const) {
			expect(
				await refused(async () => await read(practiceSystem, type, former.relationshipId))
			).toEqual({
				status: 404,
				code: 'not-found'
			});
			expect(idsOf(await search(practiceSystem, type, `patient=${graceId}`))).toEqual([
				String(daniel.relationshipId)
			]);
		}
	});

	it('opens the directory to any system', async () => {
		expect((await read(strangerSystem, 'Organization', clinic.organisation.id)).name).toBe(
			'Practice'
		);
		expect(idsOf(await search(strangerSystem, 'Location', `_id=${clinic.location.id}`))).toEqual([
			String(clinic.location.id)
		]);
		expect(
			idsOf(
				await search(strangerSystem, 'Schedule', `actor=HealthcareService/${clinic.service.id}`)
			)
		).toEqual([`${clinic.service.id}-${clinic.location.id}`]);
		expect(await refused(async () => await read(strangerSystem, 'Schedule', '999-999'))).toEqual({
			status: 404,
			code: 'not-found'
		});
	});
});
