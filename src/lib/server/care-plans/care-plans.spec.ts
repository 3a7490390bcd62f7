import { describe, expect, it } from 'vitest';
import { assistedGrant, type ActingContext, type Actor } from '../access/policy';
import { activityOf } from '../audit';
import { database, tables } from '../db';
import type { CarePlanContent, SensitivityLabel } from '../db/schema';
import { aPatient, aService, aCareTeam, aStaffMember } from '../test-data';
import {
	answerQuestion,
	createCarePlan,
	handOver,
	staffCarePlan,
	updateCarePlan,
	versionOf,
	versionsOf,
	waitingQuestions
} from './keeping';
import { askQuestion, carePlanOf, plansOf, setWhatMatters } from './reading';

const db = database();
const { organisation: practice } = await aService();
const { organisation: hospital } = await aService();
const elsewhere = (await aService()).organisation;
const gps = await aCareTeam(practice.id, 'GP team');
const ward = await aCareTeam(hospital.id, 'Ward 7');
const nursing = await aCareTeam(elsewhere.id, 'Community nursing');

const practiceStaff = await aStaffMember(practice.id);
const hospitalStaff = await aStaffMember(hospital.id);
const strangerStaff = await aStaffMember((await aService()).organisation.id);

const content = (label: SensitivityLabel, title: string): CarePlanContent => ({
	title,
	kind: 'long_term_condition',
	label,
	summary: 'In short.',
	reviewOn: '2027-03-01',
	goals: [{ text: 'Walk daily', status: 'in_progress' }],
	actions: [
		{
			key: 'a1',
			what: 'Wound care',
			teamId: ward.id,
			when: 'Daily',
			status: 'in_progress',
			appointmentId: null
		}
	],
	careTeam: [{ teamId: gps.id, role: 'GP', whenToCall: 'Weekdays' }],
	ifWorse: 'Call us.'
});

const grace = await aPatient('Grace');
const graceId = grace.subject!.patientId;
const general = (await createCarePlan(practiceStaff, graceId, content('general', 'Diabetes')))!;
const mental = (await createCarePlan(
	practiceStaff,
	graceId,
	content('mental_health', 'Wellbeing')
))!;

let proxies = 0;
async function proxyOf(permissions: ActingContext['grant']): Promise<ActingContext> {
	const daniel = await aPatient(`Daniel${++proxies}`);
	return { actor: daniel.actor, subject: grace.subject, via: 'proxy', grant: permissions };
}

describe("a general plan's linked appointments", () => {
	// Hazard H-007: a carer seeing what a sensitivity label hides.
	it('shows an appointment with a labelled service only to those who may know of it', async () => {
		const patient = await aPatient(`Linked${Math.random()}`);
		const therapy = await aService(['in_person'], 'mental_health');
		const startsAt = new Date(Date.now() + 7 * 24 * 60 * 60 * 1000);
		const slot = (
			await db
				.insert(tables.slots)
				.values({
					serviceId: therapy.service.id,
					locationId: therapy.location.id,
					mode: 'in_person',
					startsAt,
					endsAt: new Date(startsAt.getTime() + 30 * 60_000)
				})
				.returning()
		)[0]!;
		const appointment = (
			await db
				.insert(tables.appointments)
				.values({
					reference: `L${Math.floor(Math.random() * 1e6)}`,
					patientId: patient.subject!.patientId,
					slotId: slot.id,
					bookedVia: 'self'
				})
				.returning()
		)[0]!;
		const plan = content('general', 'Linked');
		plan.actions[0]!.appointmentId = appointment.id;
		const id = (await createCarePlan(practiceStaff, patient.subject!.patientId, plan))!;
		const linked = async (context: ActingContext) =>
			(await carePlanOf(context, id))?.actions[0]?.appointment?.id ?? null;
		const as = async (carePlanLabels: SensitivityLabel[]): Promise<ActingContext> => ({
			actor: (await aPatient(`Carer${Math.random()}`)).actor,
			subject: patient.subject,
			via: 'proxy',
			grant: { permissions: ['appointments.view', 'care_plans.view'], carePlanLabels }
		});
		expect(await linked(patient)).toBe(appointment.id);
		expect(await linked(await as(['general']))).toBeNull();
		expect((await carePlanOf(await as(['general']), id))?.content.title).toBe('Linked');
		expect(await linked(await as(['general', 'mental_health']))).toBe(appointment.id);
	});
});

describe('care plans as the patient and people acting for them see them', () => {
	// Hazard H-002: a resident's health information shown to someone else.
	it('shows the patient every plan of theirs, and nobody else’s', async () => {
		expect((await plansOf(grace)).map((plan) => plan.title).sort()).toEqual([
			'Diabetes',
			'Wellbeing'
		]);
		const other = await aPatient('Other');
		expect(await plansOf(other)).toEqual([]);
		expect(await carePlanOf(other, general)).toBeUndefined();
	});

	// Hazard H-007: a carer seeing what a sensitivity label hides.
	it('shows a proxy only the labels the patient allowed: others do not exist, even by id', async () => {
		const daniel = await proxyOf({
			permissions: ['care_plans.view', 'requests.make'],
			carePlanLabels: ['general']
		});
		expect((await plansOf(daniel)).map((plan) => plan.title)).toEqual(['Diabetes']);
		expect((await carePlanOf(daniel, general))?.content.title).toBe('Diabetes');
		expect(await carePlanOf(daniel, mental)).toBeUndefined();
		expect(await askQuestion(daniel, mental, 'Hello?', 'en')).toBe(false);
		const noPlans = await proxyOf({
			permissions: ['appointments.view'],
			carePlanLabels: ['general']
		});
		expect(await plansOf(noPlans)).toEqual([]);
		expect(await carePlanOf(noPlans, general)).toBeUndefined();
	});

	// Hazard H-007: a carer seeing what a sensitivity label hides.
	it('shows a link worker in a session general plans only', async () => {
		const sam: Actor = { userId: 999, role: 'link_worker', patientId: null, organisationId: null };
		const now = new Date();
		const grant = assistedGrant(
			sam,
			{ linkWorkerUserId: 999, endsAt: new Date(now.getTime() + 60_000), endedAt: null },
			now
		);
		const assisted: ActingContext = { actor: sam, subject: grace.subject, via: 'assisted', grant };
		expect((await plansOf(assisted)).map((plan) => plan.title)).toEqual(['Diabetes']);
		expect(await carePlanOf(assisted, mental)).toBeUndefined();
	});

	it('keeps what matters in the writer’s language, and logs it', async () => {
		expect(await setWhatMatters(grace, general, 'Mi familia', 'es' as never)).toBe(true);
		const plan = (await carePlanOf(grace, general))!;
		expect(plan.whatMatters).toBe('Mi familia');
		expect(plan.whatMattersLanguage).toBe('es');
		expect((await activityOf(grace)).entries[0]!.action).toBe('care_plan.what_matters_changed');
		const readOnly = await proxyOf({
			permissions: ['care_plans.view'],
			carePlanLabels: ['general']
		});
		expect(await setWhatMatters(readOnly, general, 'Not mine to write', 'en')).toBe(false);
	});
});

describe('care plans as staff keep them', () => {
	it('lets staff of the plan’s organisations keep it, and nobody else', async () => {
		expect((await staffCarePlan(practiceStaff, general))?.content.title).toBe('Diabetes');
		// The ward owns an action: the hospital is in the plan.
		expect(await staffCarePlan(hospitalStaff, general)).toBeDefined();
		expect(await staffCarePlan(strangerStaff, general)).toBeUndefined();
		expect(await updateCarePlan(strangerStaff, general, 1, content('general', 'Mine now'))).toBe(
			'not-found'
		);
		expect(await versionsOf(strangerStaff, general)).toEqual([]);
	});

	// Hazard H-011: an out-of-date care plan.
	it('saves each version, and refuses to overwrite a save made meanwhile', async () => {
		const changed = {
			...content('general', 'Diabetes'),
			goals: [{ text: 'Walk daily', status: 'achieved' as const }]
		};
		expect(await updateCarePlan(practiceStaff, general, 1, changed)).toBe('saved');
		expect(await updateCarePlan(hospitalStaff, general, 1, content('general', 'Stale'))).toBe(
			'changed-meanwhile'
		);
		expect((await versionsOf(practiceStaff, general)).map((version) => version.version)).toEqual([
			2, 1
		]);
		expect((await versionOf(practiceStaff, general, 1))!.content.goals[0]!.status).toBe(
			'in_progress'
		);
		expect((await carePlanOf(grace, general))!.content.goals[0]!.status).toBe('achieved');
	});

	it('hands an action to another team, recording both teams, and the other organisation joins', async () => {
		expect(await staffCarePlan(await aStaffMember(elsewhere.id), general)).toBeUndefined();
		expect(await handOver(hospitalStaff, general, 'a1', nursing.id)).toBe(true);
		const plan = (await carePlanOf(grace, general))!;
		expect(plan.actions[0]!.team?.name).toBe('Community nursing');
		expect(plan.actions[0]!.handovers.map((h) => [h.from?.name, h.to?.name])).toEqual([
			['Ward 7', 'Community nursing']
		]);
		expect(await staffCarePlan(await aStaffMember(elsewhere.id), general)).toBeDefined();
		// The same team again, or an action that is not there, changes nothing.
		expect(await handOver(hospitalStaff, general, 'a1', nursing.id)).toBe(false);
		expect(await handOver(practiceStaff, general, 'nope', gps.id)).toBe(false);
	});

	it('answers a question once, on the plan, for the patient to read', async () => {
		expect(await askQuestion(grace, general, 'Can visits be on Mondays?', 'en')).toBe(true);
		const [waiting] = await waitingQuestions(practiceStaff);
		expect(waiting).toMatchObject({ question: 'Can visits be on Mondays?', planId: general });
		expect(await waitingQuestions(strangerStaff)).toEqual([]);
		expect(await answerQuestion(strangerStaff, general, waiting!.id, 'No')).toBe(false);
		expect(await answerQuestion(practiceStaff, general, waiting!.id, 'Yes, Mondays.')).toBe(true);
		expect(await answerQuestion(practiceStaff, general, waiting!.id, 'Again')).toBe(false);
		expect((await carePlanOf(grace, general))!.questions[0]!.answer).toBe('Yes, Mondays.');
		expect(await waitingQuestions(practiceStaff)).toEqual([]);
	});
});
