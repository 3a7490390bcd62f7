import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { bookSlot } from '../../appointments/booking';
import { activityOf } from '../../audit';
import { handOver, staffCarePlan, versionsOf } from '../../care-plans/keeping';
import { carePlanOf, plansOf } from '../../care-plans/reading';
import { database, tables } from '../../db';
import {
	aFhirClient,
	aFreeSlot,
	aPatient,
	aProxyFor,
	aService,
	fhirRefusal
} from '../../test-data';
import { securityLabelsFor } from '../profiles';
import { readable } from '../read';
import { validateAgainstProfile } from '../validation';
import {
	createCarePlanFromFhir,
	updateCarePlanByIdentifier,
	updateCarePlanFromFhir
} from './care-plans';

const db = database();
// UK Core's definitions load on the first check (a second or more on a loaded machine): once,
// here, so that no test's time-out pays for it.
beforeAll(() => void validateAgainstProfile({ resourceType: 'Slot' }), 60_000);
const now = new Date('2026-11-23T09:00:00Z');

const team = async (organisationId: number, name: string) =>
	(
		await db
			.insert(tables.careTeams)
			.values({ organisationId, name, phone: '020 7946 0000' })
			.returning()
	)[0]!;

const hospital = await aService(['in_person']);
const { caller: pas } = await aFhirClient(hospital.organisation.id);
const ward = await team(hospital.organisation.id, 'Ward 7');
const nursing = await team((await aService()).organisation.id, 'Community nursing');
const { caller: stranger } = await aFhirClient((await aService()).organisation.id);

let people = 0;
/** A patient the hospital cares for: they have an appointment at its clinic. */
async function aHospitalPatient() {
	const patient = await aPatient(`Discharged${++people}`);
	const slot = await aFreeSlot(
		hospital,
		new Date(`2026-11-25T${String(8 + people).padStart(2, '0')}:00:00Z`)
	);
	if (!(await bookSlot(patient, { slotId: slot.id, needs: {} }, now)).ok)
		throw new Error('not booked');
	return patient;
}

const dischargePlan = (patientId: number, changes: Record<string, unknown> = {}) => ({
	resourceType: 'CarePlan',
	identifier: [{ system: 'https://hospital.example/care-plan', value: `dp-${patientId}` }],
	status: 'active',
	intent: 'plan',
	category: [
		{
			coding: [
				{
					system: 'https://fhir.joinedup.example/CodeSystem/care-plan-kind',
					code: 'hospital_discharge'
				}
			]
		}
	],
	title: 'Going home after your hip operation',
	description: 'You are going home. Nurses will visit to check your wound.',
	subject: { reference: `Patient/${patientId}` },
	period: { start: '2026-11-23', end: '2026-12-21' },
	contained: [
		{
			resourceType: 'Goal',
			id: 'goal-1',
			lifecycleStatus: 'active',
			description: { text: 'Walk to the shops' },
			subject: { reference: `Patient/${patientId}` }
		}
	],
	goal: [{ reference: '#goal-1' }],
	careTeam: [{ reference: `CareTeam/${ward.id}` }],
	activity: [
		{
			detail: {
				status: 'scheduled',
				description: 'Check the wound',
				scheduledString: 'Every two days',
				performer: [{ reference: `CareTeam/${ward.id}` }]
			}
		},
		{
			detail: {
				status: 'not-started',
				description: 'Physiotherapy at home',
				scheduledString: 'From next week',
				performer: [{ reference: `CareTeam/${nursing.id}` }]
			}
		}
	],
	note: [{ text: 'If things get worse: call Ward 7 on 020 7946 0000.' }],
	...changes
});

const idOf = (result: { resource: object }) => Number((result.resource as { id: string }).id);
const plansNow = async () => await db.select().from(tables.carePlans);

describe('a care plan sent by one of the patient’s organisations', () => {
	it('becomes version 1 of a plan the patient reads, in their activity log through FHIR', async () => {
		const patient = await aHospitalPatient();
		const result = await createCarePlanFromFhir(
			pas,
			dischargePlan(patient.subject!.patientId),
			now
		);
		expect(result.status).toBe(201);
		expect(validateAgainstProfile(result.resource)).toEqual([]);
		expect(result.resource).toMatchObject({
			meta: { versionId: '1' },
			title: 'Going home after your hip operation'
		});
		const plan = (await carePlanOf(patient, idOf(result)))!;
		expect(plan).toBeDefined();
		expect((await plansOf(patient)).map((listed) => listed.kind)).toEqual(['hospital_discharge']);
		expect((await activityOf(patient)).entries[0]).toMatchObject({
			action: 'care_plan.created',
			via: 'staff',
			channel: 'fhir',
			actorUserId: pas.client.userId
		});
		const kept = (
			await db
				.select()
				.from(tables.carePlans)
				.where(eq(tables.carePlans.id, idOf(result)))
		)[0]!;
		expect(kept.content).toMatchObject({
			summary: 'You are going home. Nurses will visit to check your wound.',
			reviewOn: '2026-12-21',
			goals: [{ text: 'Walk to the shops', status: 'in_progress' }],
			actions: [
				{ what: 'Check the wound', teamId: ward.id, when: 'Every two days', status: 'planned' },
				{ what: 'Physiotherapy at home', teamId: nursing.id, status: 'not_started' }
			],
			careTeam: [{ teamId: ward.id, role: 'Ward 7' }],
			ifWorse: 'call Ward 7 on 020 7946 0000.'
		});
		expect(kept.identifierValue).toBe(`dp-${patient.subject!.patientId}`);
	});

	it('may be no more than a titled, described plan: reviewed in four weeks, by the sender', async () => {
		const patient = await aHospitalPatient();
		const patientId = patient.subject!.patientId;
		const { caller: teamless } = await aFhirClient(hospital.organisation.id);
		const minimal = {
			resourceType: 'CarePlan',
			status: 'active',
			intent: 'plan',
			title: 'Going home',
			description: 'What happens now you are home.',
			subject: { reference: `Patient/${patientId}` }
		};
		const id = idOf(await createCarePlanFromFhir(teamless, minimal, now));
		expect((await carePlanOf(patient, id))?.content).toMatchObject({
			kind: 'other',
			label: 'general',
			reviewOn: '2026-12-21',
			goals: [],
			actions: [],
			careTeam: [{ teamId: ward.id }]
		});
	});

	it("imports UK Core's own example plan, for one of the hospital's patients", async () => {
		const patient = await aHospitalPatient();
		const example = (
			await import('../../../../../fhir/uk-core/examples/CarePlan-UKCore-CarePlan-WellnessPlan-Example.json')
		).default as Record<string, unknown>;
		// Its own id is the example's, and its period ended in 2020: a plan here looks ahead.
		const plan = { ...example };
		delete plan.id;
		delete plan.period;
		const result = await createCarePlanFromFhir(
			pas,
			{ ...plan, subject: { reference: `Patient/${patient.subject!.patientId}` } },
			now
		);
		expect((await carePlanOf(patient, idOf(result)))?.content).toMatchObject({
			title: 'Weight management plan',
			summary: 'Manage obesity and weight loss',
			actions: [{ what: 'Body weight', teamId: ward.id, status: 'done' }]
		});
	});

	it('sent again becomes version 2 (by identifier or by id), and an unchanged resend none', async () => {
		const patient = await aHospitalPatient();
		const patientId = patient.subject!.patientId;
		const id = idOf(await createCarePlanFromFhir(pas, dischargePlan(patientId), now));
		const changed = dischargePlan(patientId, { title: 'Going home: plan agreed with you' });
		expect(await createCarePlanFromFhir(pas, changed, now)).toMatchObject({
			status: 200,
			resource: { id: String(id), meta: { versionId: '2' } }
		});
		expect((await createCarePlanFromFhir(pas, changed, now)).resource).toMatchObject({
			meta: { versionId: '2' }
		});
		const byId = await updateCarePlanFromFhir(
			pas,
			String(id),
			{ ...changed, meta: { versionId: '2' }, description: 'Updated.' },
			now
		);
		expect(byId.resource).toMatchObject({ meta: { versionId: '3' }, description: 'Updated.' });
		expect((await plansNow()).filter((plan) => plan.patientId === patientId)).toHaveLength(1);
		expect((await versionsOf(pas.actor, id)).map((version) => version.version)).toEqual([3, 2, 1]);
		expect((await activityOf(patient)).entries[0]).toMatchObject({
			action: 'care_plan.updated',
			channel: 'fhir'
		});
		// A version clash: the sender changed version 2, and the plan is at 3.
		await fhirRefusal(
			async () =>
				await updateCarePlanFromFhir(
					pas,
					String(id),
					{ ...changed, meta: { versionId: '2' } },
					now
				),
			409
		);
		const params = new URLSearchParams({
			identifier: `https://hospital.example/care-plan|dp-${patientId}`
		});
		expect(
			(await updateCarePlanByIdentifier(pas, params, dischargePlan(patientId), now)).resource
		).toMatchObject({ meta: { versionId: '4' } });
	});

	it('has actions with keys and teams: they can be handed over, and keep their keys when sent again', async () => {
		const patient = await aHospitalPatient();
		const id = idOf(
			await createCarePlanFromFhir(pas, dischargePlan(patient.subject!.patientId), now)
		);
		const before = (await staffCarePlan(pas.actor, id))!.content.actions.map(
			(action) => action.key
		);
		await createCarePlanFromFhir(
			pas,
			dischargePlan(patient.subject!.patientId, { title: 'Going home (2)' }),
			now
		);
		expect(
			(await staffCarePlan(pas.actor, id))!.content.actions.map((action) => action.key)
		).toEqual(before);
		expect(await handOver(pas.actor, id, before[0]!, nursing.id, now)).toBe(true);
		expect((await staffCarePlan(pas.actor, id))!.content.actions[0]).toMatchObject({
			key: before[0],
			teamId: nursing.id
		});
	});

	it('carries its sensitivity label: a carer reads it only when allowed that label', async () => {
		const patient = await aHospitalPatient();
		const labelled = dischargePlan(patient.subject!.patientId, {
			meta: { security: securityLabelsFor('mental_health') }
		});
		const id = idOf(await createCarePlanFromFhir(pas, labelled, now));
		expect(
			(await db.select().from(tables.carePlans).where(eq(tables.carePlans.id, id)))[0]!.label
		).toBe('mental_health');
		const allowed = await aProxyFor(
			patient,
			`Allowed${people}`,
			['care_plans.view'],
			['general', 'mental_health']
		);
		const general = await aProxyFor(patient, `General${people}`, ['care_plans.view'], ['general']);
		expect(await carePlanOf(allowed.context, id)).toBeDefined();
		expect(await carePlanOf(general.context, id)).toBeUndefined();
		expect(await plansOf(general.context)).toEqual([]);
	});
});

describe('care plans refused, with nothing stored', () => {
	const refusedWithNothingStored = async (write: () => unknown, status: number) => {
		const before = await plansNow();
		const error = await fhirRefusal(write, status);
		expect(await plansNow()).toEqual(before);
		return error;
	};

	it('from an organisation not caring for the patient, as if the patient did not exist', async () => {
		const patient = await aHospitalPatient();
		await refusedWithNothingStored(
			async () =>
				await createCarePlanFromFhir(stranger, dischargePlan(patient.subject!.patientId), now),
			404
		);
		await refusedWithNothingStored(
			async () => await createCarePlanFromFhir(pas, dischargePlan(999999), now),
			404
		);
		const id = idOf(
			await createCarePlanFromFhir(pas, dischargePlan(patient.subject!.patientId), now)
		);
		await refusedWithNothingStored(
			async () =>
				await updateCarePlanFromFhir(
					stranger,
					String(id),
					dischargePlan(patient.subject!.patientId),
					now
				),
			404
		);
	});

	// Hazard H-017: a care plan from another system losing part of its content.
	it('with a label Joined Up does not know, or that does not validate, or breaks a rule', async () => {
		const patientId = (await aHospitalPatient()).subject!.patientId;
		const unknownLabel = {
			security: [
				{ system: 'https://fhir.joinedup.example/CodeSystem/sensitivity-label', code: 'secret' }
			]
		};
		await refusedWithNothingStored(
			async () =>
				await createCarePlanFromFhir(pas, dischargePlan(patientId, { meta: unknownLabel }), now),
			400
		);
		await refusedWithNothingStored(
			async () =>
				await createCarePlanFromFhir(pas, dischargePlan(patientId, { status: 'finished' }), now),
			400
		);
		await refusedWithNothingStored(
			async () =>
				await createCarePlanFromFhir(pas, dischargePlan(patientId, { status: 'draft' }), now),
			422
		);
		await refusedWithNothingStored(
			async () =>
				await createCarePlanFromFhir(pas, dischargePlan(patientId, { title: undefined }), now),
			422
		);
		await refusedWithNothingStored(
			async () =>
				await createCarePlanFromFhir(
					pas,
					dischargePlan(patientId, { period: { end: '2026-11-01' } }),
					now
				),
			422
		);
		await refusedWithNothingStored(
			async () =>
				await createCarePlanFromFhir(
					pas,
					dischargePlan(patientId, {
						activity: [
							{
								detail: {
									status: 'scheduled',
									description: 'x',
									performer: [{ reference: 'CareTeam/999999' }]
								}
							}
						]
					}),
					now
				),
			422
		);
	});

	it('answers hostile bodies with a 4xx, never another exception', async () => {
		const patientId = (await aHospitalPatient()).subject!.patientId;
		const hostile: unknown[] = [
			null,
			42,
			{ resourceType: 'CarePlan' },
			dischargePlan(patientId, { subject: { reference: 'Patient/abc' } }),
			dischargePlan(patientId, { subject: 'Patient/1' }),
			dischargePlan(patientId, { title: 42 }),
			dischargePlan(patientId, { goal: [{ reference: '#nowhere' }] }),
			dischargePlan(patientId, {
				activity: Array.from({ length: 5000 }, () => ({
					detail: { status: 'scheduled', description: 'x' }
				}))
			}),
			dischargePlan(patientId, { careTeam: [{ reference: 'Patient/999999' }] })
		];
		for (const body of hostile) {
			const before = await plansNow();
			await fhirRefusal(async () => await createCarePlanFromFhir(pas, body, now));
			expect(await plansNow()).toEqual(before);
		}
	});
});

// PostgreSQL's text cannot hold it: without the check, a 500 there (nul.ts).
describe('a care plan with a NUL character', () => {
	it('is refused with a 400 OperationOutcome, and nothing stored', async () => {
		const patientId = (await aHospitalPatient()).subject!.patientId;
		const nul = 'Going home\u0000';
		for (const changes of [
			{ title: nul },
			{ note: [{ text: nul }] },
			{ identifier: [{ system: 'https://hospital.example/care-plan', value: nul }] }
		]) {
			const before = await plansNow();
			const body = dischargePlan(patientId, changes);
			await fhirRefusal(async () => await createCarePlanFromFhir(pas, body, now), 400);
			expect(await plansNow()).toEqual(before);
		}
		const searched = new URLSearchParams({
			identifier: `https://hospital.example/care-plan|dp\u0000`
		});
		await fhirRefusal(
			async () =>
				await updateCarePlanByIdentifier(
					pas,
					searched,
					dischargePlan(patientId, { identifier: undefined }),
					now
				),
			400
		);
	});
});

describe('a plan sent out and back', () => {
	// Hazard H-017: a care plan from another system losing part of its content.
	it('keeps every goal, action, care team member and its label, ours to FHIR and back', async () => {
		const patient = await aHospitalPatient();
		const sent = await createCarePlanFromFhir(
			pas,
			dischargePlan(patient.subject!.patientId, {
				meta: { security: securityLabelsFor('mental_health') },
				contained: [
					{
						resourceType: 'Goal',
						id: 'goal-1',
						lifecycleStatus: 'active',
						description: { text: 'Walk to the shops' },
						subject: { reference: `Patient/${patient.subject!.patientId}` }
					},
					{
						resourceType: 'Goal',
						id: 'goal-2',
						lifecycleStatus: 'active',
						achievementStatus: { coding: [{ code: 'achieved' }] },
						description: { text: 'Sleep through the night' },
						subject: { reference: `Patient/${patient.subject!.patientId}` }
					}
				],
				goal: [{ reference: '#goal-1' }, { reference: '#goal-2' }]
			}),
			now
		);
		const id = idOf(sent);
		const before = (
			await db.select().from(tables.carePlans).where(eq(tables.carePlans.id, id))
		)[0]!;
		// The plan as Joined Up serves it, sent straight back by the same system.
		const served = (await readable.CarePlan!.read(pas, String(id))) as Record<string, unknown>;
		expect(validateAgainstProfile(served)).toEqual([]);
		await updateCarePlanFromFhir(pas, String(id), served, now);
		const after = (await db.select().from(tables.carePlans).where(eq(tables.carePlans.id, id)))[0]!;
		expect(after.label).toBe('mental_health');
		expect(after.content.goals).toEqual(before.content.goals);
		expect(after.content.actions).toEqual(before.content.actions);
		expect(after.content.careTeam.map((member) => member.teamId)).toEqual(
			before.content.careTeam.map((member) => member.teamId)
		);
		expect(after.content.title).toBe(before.content.title);
		expect(after.content.summary).toBe(before.content.summary);
		expect(after.content.reviewOn).toBe(before.content.reviewOn);
		expect(after.content.kind).toBe(before.content.kind);
	});
});
