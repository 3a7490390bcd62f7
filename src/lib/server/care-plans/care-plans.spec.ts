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
const { organisation: practice } = aService();
const { organisation: hospital } = aService();
const elsewhere = aService().organisation;
const gps = aCareTeam(practice.id, 'GP team');
const ward = aCareTeam(hospital.id, 'Ward 7');
const nursing = aCareTeam(elsewhere.id, 'Community nursing');

const practiceStaff = aStaffMember(practice.id);
const hospitalStaff = aStaffMember(hospital.id);
const strangerStaff = aStaffMember(aService().organisation.id);

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

const grace = aPatient('Grace');
const graceId = grace.subject!.patientId;
const general = createCarePlan(practiceStaff, graceId, content('general', 'Diabetes'))!;
const mental = createCarePlan(practiceStaff, graceId, content('mental_health', 'Wellbeing'))!;

let proxies = 0;
function proxyOf(permissions: ActingContext['grant']): ActingContext {
	const daniel = aPatient(`Daniel${++proxies}`);
	return { actor: daniel.actor, subject: grace.subject, via: 'proxy', grant: permissions };
}

describe("a general plan's linked appointments", () => {
	// Hazard H-007: a carer seeing what a sensitivity label hides.
	it('shows an appointment with a labelled service only to those who may know of it', () => {
		const patient = aPatient(`Linked${Math.random()}`);
		const therapy = aService(['in_person'], 'mental_health');
		const startsAt = new Date(Date.now() + 7 * 24 * 60 * 60 * 1000);
		const slot = db
			.insert(tables.slots)
			.values({
				serviceId: therapy.service.id,
				locationId: therapy.location.id,
				mode: 'in_person',
				startsAt,
				endsAt: new Date(startsAt.getTime() + 30 * 60_000)
			})
			.returning()
			.get();
		const appointment = db
			.insert(tables.appointments)
			.values({
				reference: `L${Math.floor(Math.random() * 1e6)}`,
				patientId: patient.subject!.patientId,
				slotId: slot.id,
				bookedVia: 'self'
			})
			.returning()
			.get();
		const plan = content('general', 'Linked');
		plan.actions[0]!.appointmentId = appointment.id;
		const id = createCarePlan(practiceStaff, patient.subject!.patientId, plan)!;
		const linked = (context: ActingContext) =>
			carePlanOf(context, id)?.actions[0]?.appointment?.id ?? null;
		const as = (carePlanLabels: SensitivityLabel[]): ActingContext => ({
			actor: aPatient(`Carer${Math.random()}`).actor,
			subject: patient.subject,
			via: 'proxy',
			grant: { permissions: ['appointments.view', 'care_plans.view'], carePlanLabels }
		});
		expect(linked(patient)).toBe(appointment.id);
		expect(linked(as(['general']))).toBeNull();
		expect(carePlanOf(as(['general']), id)?.content.title).toBe('Linked');
		expect(linked(as(['general', 'mental_health']))).toBe(appointment.id);
	});
});

describe('care plans as the patient and people acting for them see them', () => {
	// Hazard H-002: a resident's health information shown to someone else.
	it('shows the patient every plan of theirs, and nobody else’s', () => {
		expect(
			plansOf(grace)
				.map((plan) => plan.title)
				.sort()
		).toEqual(['Diabetes', 'Wellbeing']);
		const other = aPatient('Other');
		expect(plansOf(other)).toEqual([]);
		expect(carePlanOf(other, general)).toBeUndefined();
	});

	// Hazard H-007: a carer seeing what a sensitivity label hides.
	it('shows a proxy only the labels the patient allowed: others do not exist, even by id', () => {
		const daniel = proxyOf({
			permissions: ['care_plans.view', 'requests.make'],
			carePlanLabels: ['general']
		});
		expect(plansOf(daniel).map((plan) => plan.title)).toEqual(['Diabetes']);
		expect(carePlanOf(daniel, general)?.content.title).toBe('Diabetes');
		expect(carePlanOf(daniel, mental)).toBeUndefined();
		expect(askQuestion(daniel, mental, 'Hello?', 'en')).toBe(false);
		const noPlans = proxyOf({ permissions: ['appointments.view'], carePlanLabels: ['general'] });
		expect(plansOf(noPlans)).toEqual([]);
		expect(carePlanOf(noPlans, general)).toBeUndefined();
	});

	// Hazard H-007: a carer seeing what a sensitivity label hides.
	it('shows a link worker in a session general plans only', () => {
		const sam: Actor = { userId: 999, role: 'link_worker', patientId: null, organisationId: null };
		const now = new Date();
		const grant = assistedGrant(
			sam,
			{ linkWorkerUserId: 999, endsAt: new Date(now.getTime() + 60_000), endedAt: null },
			now
		);
		const assisted: ActingContext = { actor: sam, subject: grace.subject, via: 'assisted', grant };
		expect(plansOf(assisted).map((plan) => plan.title)).toEqual(['Diabetes']);
		expect(carePlanOf(assisted, mental)).toBeUndefined();
	});

	it('keeps what matters in the writer’s language, and logs it', () => {
		expect(setWhatMatters(grace, general, 'Mi familia', 'es' as never)).toBe(true);
		const plan = carePlanOf(grace, general)!;
		expect(plan.whatMatters).toBe('Mi familia');
		expect(plan.whatMattersLanguage).toBe('es');
		expect(activityOf(grace).entries[0]!.action).toBe('care_plan.what_matters_changed');
		const readOnly = proxyOf({ permissions: ['care_plans.view'], carePlanLabels: ['general'] });
		expect(setWhatMatters(readOnly, general, 'Not mine to write', 'en')).toBe(false);
	});
});

describe('care plans as staff keep them', () => {
	it('lets staff of the plan’s organisations keep it, and nobody else', () => {
		expect(staffCarePlan(practiceStaff, general)?.content.title).toBe('Diabetes');
		// The ward owns an action: the hospital is in the plan.
		expect(staffCarePlan(hospitalStaff, general)).toBeDefined();
		expect(staffCarePlan(strangerStaff, general)).toBeUndefined();
		expect(updateCarePlan(strangerStaff, general, 1, content('general', 'Mine now'))).toBe(
			'not-found'
		);
		expect(versionsOf(strangerStaff, general)).toEqual([]);
	});

	// Hazard H-011: an out-of-date care plan.
	it('saves each version, and refuses to overwrite a save made meanwhile', () => {
		const changed = {
			...content('general', 'Diabetes'),
			goals: [{ text: 'Walk daily', status: 'achieved' as const }]
		};
		expect(updateCarePlan(practiceStaff, general, 1, changed)).toBe('saved');
		expect(updateCarePlan(hospitalStaff, general, 1, content('general', 'Stale'))).toBe(
			'changed-meanwhile'
		);
		expect(versionsOf(practiceStaff, general).map((version) => version.version)).toEqual([2, 1]);
		expect(versionOf(practiceStaff, general, 1)!.content.goals[0]!.status).toBe('in_progress');
		expect(carePlanOf(grace, general)!.content.goals[0]!.status).toBe('achieved');
	});

	it('hands an action to another team, recording both teams, and the other organisation joins', () => {
		expect(staffCarePlan(aStaffMember(elsewhere.id), general)).toBeUndefined();
		expect(handOver(hospitalStaff, general, 'a1', nursing.id)).toBe(true);
		const plan = carePlanOf(grace, general)!;
		expect(plan.actions[0]!.team?.name).toBe('Community nursing');
		expect(plan.actions[0]!.handovers.map((h) => [h.from?.name, h.to?.name])).toEqual([
			['Ward 7', 'Community nursing']
		]);
		expect(staffCarePlan(aStaffMember(elsewhere.id), general)).toBeDefined();
		// The same team again, or an action that is not there, changes nothing.
		expect(handOver(hospitalStaff, general, 'a1', nursing.id)).toBe(false);
		expect(handOver(practiceStaff, general, 'nope', gps.id)).toBe(false);
	});

	it('answers a question once, on the plan, for the patient to read', () => {
		expect(askQuestion(grace, general, 'Can visits be on Mondays?', 'en')).toBe(true);
		const [waiting] = waitingQuestions(practiceStaff);
		expect(waiting).toMatchObject({ question: 'Can visits be on Mondays?', planId: general });
		expect(waitingQuestions(strangerStaff)).toEqual([]);
		expect(answerQuestion(strangerStaff, general, waiting!.id, 'No')).toBe(false);
		expect(answerQuestion(practiceStaff, general, waiting!.id, 'Yes, Mondays.')).toBe(true);
		expect(answerQuestion(practiceStaff, general, waiting!.id, 'Again')).toBe(false);
		expect(carePlanOf(grace, general)!.questions[0]!.answer).toBe('Yes, Mondays.');
		expect(waitingQuestions(practiceStaff)).toEqual([]);
	});
});
