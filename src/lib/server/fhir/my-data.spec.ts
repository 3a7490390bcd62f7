import { describe, expect, it } from 'vitest';
import { assistedGrant, type ActingContext } from '../access/policy';
import { bookSlot } from '../appointments/booking';
import { activityOf } from '../audit';
import { createCarePlan, updateCarePlan } from '../care-plans/keeping';
import { database, tables } from '../db';
import type { CarePlanContent, SensitivityLabel } from '../db/schema';
import { makeRequest, type RequestAnswers } from '../requests/asking';
import {
	aCareTeam,
	aFreeSlot,
	aPatient,
	aProxyFor,
	aService,
	aStaffMember,
	reachBy
} from '../test-data';
import { downloadMyData, myDataBundle, myDataOf } from './my-data';
import { validateAgainstProfile } from './validation';

const practice = await aService(['in_person'], 'general');
const mentalHealth = await aService(['in_person'], 'mental_health', 'mental_health');
const staff = await aStaffMember(practice.organisation.id);
const team = await aCareTeam(practice.organisation.id, 'GP team');
let day = 0;

const plan = (label: SensitivityLabel, title: string): CarePlanContent => ({
	title,
	kind: 'long_term_condition',
	label,
	summary: 'In short.',
	reviewOn: '2027-03-01',
	goals: [{ text: 'Walk daily', status: 'in_progress' }],
	actions: [
		{
			key: 'a1',
			what: 'Check feet',
			teamId: team.id,
			when: 'Monthly',
			status: 'planned',
			appointmentId: null
		}
	],
	careTeam: [{ teamId: team.id, role: 'GP', whenToCall: 'Weekdays' }],
	ifWorse: 'Call us.'
});

const answers = (service: number): RequestAnswers => ({
	topic: 'ongoing_condition',
	details: 'My knee is worse.',
	detailsLanguage: 'en',
	service,
	place: 'service',
	travelReason: '',
	days: [1, 2, 3],
	dayParts: ['morning'],
	reachBy: 'email'
});

/** A patient with an appointment and a plan at each of a general and a mental health service. */
async function aPatientWithCare(name: string) {
	const patient = await aPatient(name);
	const book = async (at: typeof practice) => {
		const slot = await aFreeSlot(at, new Date(Date.UTC(2030, 0, 1 + ++day, 10)));
		const booked = await bookSlot(patient, { slotId: slot.id, needs: {} });
		if (!booked.ok) throw new Error(booked.reason);
		return booked.appointment.id;
	};
	const general = (await createCarePlan(
		staff,
		patient.subject!.patientId,
		plan('general', 'Diabetes')
	))!;
	await updateCarePlan(staff, general, 1, { ...plan('general', 'Diabetes, reviewed') });
	const request = async (service: number) => {
		const made = await makeRequest(patient, answers(service), undefined);
		if (!made.ok) throw new Error(made.reason);
		return made.id;
	};
	return {
		patient,
		appointments: { general: await book(practice), mentalHealth: await book(mentalHealth) },
		plans: {
			general,
			mentalHealth: (await createCarePlan(
				staff,
				patient.subject!.patientId,
				plan('mental_health', 'Wellbeing')
			))!
		},
		requests: {
			general: await request(practice.service.id),
			mentalHealth: await request(mentalHealth.service.id)
		}
	};
}

const ids = <T extends { id: number }>(rows: T[]) => rows.map((row) => row.id).sort();

describe('a copy of my data', () => {
	it('gives the patient everything held about them: every part, every label, every version', async () => {
		const grace = await aPatientWithCare('Grace');
		await aProxyFor(grace.patient, 'Daniel', ['appointments.view'], ['general']);
		const data = (await myDataOf(grace.patient))!;
		expect(data.patient).toMatchObject({ givenName: 'Grace', postcode: 'E20 1AA' });
		expect(ids(data.appointments!)).toEqual(
			[grace.appointments.general, grace.appointments.mentalHealth].sort()
		);
		expect(data.carePlans!.map(({ plan }) => plan.id).sort()).toEqual(
			[grace.plans.general, grace.plans.mentalHealth].sort()
		);
		const diabetes = data.carePlans!.find(({ plan }) => plan.id === grace.plans.general)!;
		expect(diabetes.versions.map((v) => [v.version, v.content.title])).toEqual([
			[1, 'Diabetes'],
			[2, 'Diabetes, reviewed']
		]);
		expect(data.requests!.map((detail) => detail.request.id).sort()).toEqual(
			[grace.requests.general, grace.requests.mentalHealth].sort()
		);
		expect(data.requests![0]!.events.length).toBeGreaterThan(0);
		// Booked and received messages, about both services.
		expect(data.messages.map((message) => message.kind)).toEqual(
			expect.arrayContaining(['appointment.booked', 'request.received', 'proxy.invitation'])
		);
		expect(data.messages.some((m) => m.appointmentId === grace.appointments.mentalHealth)).toBe(
			true
		);
		expect(data.proxies!.map((proxy) => proxy.name)).toEqual(['Daniel Test']);
		expect(data.communicationNeeds).toMatchObject({ needs: [] });
		expect(data.activity!.map((entry) => entry.action)).toEqual(
			expect.arrayContaining(['appointment.booked', 'care_plan.created', 'request.made'])
		);
	});

	// Hazard H-007: a carer seeing what a sensitivity label hides.
	it('gives someone allowed appointments only the appointments of general services, and nothing labelled', async () => {
		const hodan = await aPatientWithCare('Hodan');
		const { context } = await aProxyFor(hodan.patient, 'Abdi', ['appointments.view'], ['general']);
		const data = (await myDataOf(context))!;
		expect(ids(data.appointments!)).toEqual([hodan.appointments.general]);
		expect(data.carePlans).toBeNull();
		expect(data.requests).toBeNull();
		expect(data.communicationNeeds).toBeNull();
		// Only what was said about the appointment they may see.
		expect(data.messages.length).toBeGreaterThan(0);
		for (const message of data.messages) {
			expect(message.appointmentId).toBe(hodan.appointments.general);
		}
		// Whose copy it is, not where they live or how to reach them.
		expect(data.patient).toMatchObject({ givenName: 'Hodan', address: null, email: null });
	});

	it('gives mental health plans, appointments and requests to someone allowed that label', async () => {
		const samir = await aPatientWithCare('Samir');
		const { context } = await aProxyFor(
			samir.patient,
			'Leila',
			['appointments.view', 'care_plans.view', 'requests.make'],
			['general', 'mental_health']
		);
		const data = (await myDataOf(context))!;
		expect(data.carePlans!.map(({ plan }) => plan.id).sort()).toEqual(
			[samir.plans.general, samir.plans.mentalHealth].sort()
		);
		expect(ids(data.appointments!)).toEqual(
			[samir.appointments.general, samir.appointments.mentalHealth].sort()
		);
		// Requests the patient made alone stay theirs, whatever the label (see mayFollowRequest).
		expect(data.requests).toEqual([]);
	});

	it('never gives who acts for the person, or their activity log, to anyone acting for them', async () => {
		const tomasz = await aPatientWithCare('Tomasz');
		const { context } = await aProxyFor(
			tomasz.patient,
			'Ewa',
			['appointments.manage', 'care_plans.view', 'requests.make', 'communication_needs.manage'],
			['general', 'mental_health', 'sexual_health', 'social_care']
		);
		const full = (await myDataOf(context))!;
		expect(full.proxies).toBeNull();
		expect(full.activity).toBeNull();
		expect(full.communicationNeeds).not.toBeNull();
		expect(full.messages.map((message) => message.kind)).not.toContain('proxy.invitation');
		const linkWorker = (
			await database()
				.insert(tables.users)
				.values({ email: 'lw@example.org', passwordHash: 'x', role: 'link_worker' })
				.returning()
		)[0]!;
		const actor = {
			userId: linkWorker.id,
			role: 'link_worker' as const,
			patientId: null,
			organisationId: null
		};
		const assisted: ActingContext = {
			actor,
			subject: tomasz.patient.subject,
			via: 'assisted',
			grant: assistedGrant(actor, {
				linkWorkerUserId: actor.userId,
				endsAt: new Date(Date.now() + 3600_000),
				endedAt: null
			})
		};
		const helped = (await myDataOf(assisted))!;
		expect(helped.proxies).toBeNull();
		expect(helped.activity).toBeNull();
		expect(helped.carePlans!.map(({ plan }) => plan.id)).toEqual([tomasz.plans.general]);
		expect(ids(helped.appointments!)).toEqual([tomasz.appointments.general]);
	});

	it("never holds another person's data, and nothing for someone who may not take a copy", async () => {
		const mine = await aPatientWithCare('Maria');
		const theirs = await aPatientWithCare('Pedro');
		const data = (await myDataOf(mine.patient))!;
		const everyId = JSON.stringify({
			appointments: ids(data.appointments!),
			plans: data.carePlans!.map(({ plan }) => plan.id),
			requests: data.requests!.map((detail) => detail.request.id)
		});
		for (const id of [
			...Object.values(theirs.appointments),
			...Object.values(theirs.plans),
			...Object.values(theirs.requests)
		]) {
			expect(everyId).not.toMatch(new RegExp(`\\b${id}\\b`));
		}
		expect(JSON.stringify(data)).not.toContain('Pedro');
		// Signed in as Pedro, asking for Maria's: nothing.
		expect(await myDataOf({ ...theirs.patient, subject: mine.patient.subject })).toBeNull();
		const { context } = await aProxyFor(mine.patient, 'Nobody', ['appointments.view'], ['general']);
		expect(await myDataOf({ ...context, grant: null })).toBeNull();
	});

	it('records the download in the activity log, with how it was taken', async () => {
		const ana = await aPatientWithCare('Ana');
		const { context } = await aProxyFor(ana.patient, 'Rui', ['care_plans.view'], ['general']);
		expect(await downloadMyData(context, base)).not.toBeNull();
		expect(await downloadMyData(ana.patient, base)).not.toBeNull();
		const [own, byProxy] = (await activityOf(ana.patient)).entries;
		expect(own).toMatchObject({ action: 'data.downloaded', via: 'self' });
		expect(byProxy).toMatchObject({ action: 'data.downloaded', via: 'proxy', name: 'Rui Test' });
		// Refused, and nothing recorded.
		const before = (await activityOf(ana.patient)).entries.length;
		expect(await downloadMyData({ ...context, grant: null }, base)).toBeNull();
		expect((await activityOf(ana.patient)).entries).toHaveLength(before);
	});
});

const base = 'https://joined-up.test/fhir/R4';
type Resource = { resourceType: string; id?: string; meta?: { versionId?: string } };
const resources = (bundle: { entry: { resource: Resource }[] }) =>
	bundle.entry.map((entry) => entry.resource);
const named = (bundle: { entry: { resource: Resource }[] }, type: string) =>
	resources(bundle)
		.filter((resource) => resource.resourceType === type)
		.map(
			(resource) => `${resource.id}${resource.meta?.versionId ? `@${resource.meta.versionId}` : ''}`
		)
		.sort();

describe('a copy of my data as a FHIR Bundle', () => {
	// Its first validation loads UK Core's definitions: seconds on a busy machine.
	it(
		'holds everything of the patient, each version of a plan, and validates against UK Core',
		{
			timeout: 30_000
		},
		async () => {
			const rosa = await aPatientWithCare('Rosa');
			await aProxyFor(rosa.patient, 'Marco', ['appointments.view'], ['general']);
			await database()
				.insert(tables.communicationNeeds)
				.values({
					patientId: rosa.patient.subject!.patientId,
					interpreterLanguage: 'pt',
					needs: ['large_print', 'hearing_loop'],
					other: 'Please speak slowly.',
					otherLanguage: 'en',
					updatedAt: new Date(),
					updatedByUserId: rosa.patient.actor!.userId
				});
			await reachBy(rosa.patient, 'letter');
			const bundle = (await downloadMyData(rosa.patient, base))!;
			expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
			expect(named(bundle, 'Patient')).toEqual([String(rosa.patient.subject!.patientId)]);
			expect(named(bundle, 'Appointment')).toEqual(
				Object.values(rosa.appointments).map(String).sort()
			);
			expect(named(bundle, 'CarePlan')).toEqual(
				[
					`${rosa.plans.general}@1`,
					`${rosa.plans.general}@2`,
					`${rosa.plans.mentalHealth}@1`
				].sort()
			);
			expect(named(bundle, 'ServiceRequest')).toEqual(
				Object.values(rosa.requests).map(String).sort()
			);
			expect(named(bundle, 'RelatedPerson')).toHaveLength(1);
			expect(named(bundle, 'Consent')).toHaveLength(1);
			expect(named(bundle, 'Communication').length).toBeGreaterThan(0);
			// What they refer to in the directory, so that the copy reads on its own.
			expect(named(bundle, 'HealthcareService')).toEqual(
				[practice.service.id, mentalHealth.service.id].map(String).sort()
			);
			expect(named(bundle, 'CareTeam')).toEqual([String(team.id)]);
			// Communication needs: the language in the Patient, how to write to her, and every need.
			const patient = JSON.stringify(resources(bundle)[0]);
			expect(patient).toContain('"code":"pt"');
			expect(patient).toContain('Extension-UKCore-ContactPreference');
			expect(patient).toContain('"display":"Large print"');
			expect(patient).toContain('"display":"Letter"');
			const flags = resources(bundle).filter((r) => r.resourceType === 'Flag');
			expect(JSON.stringify(flags)).toContain('A hearing loop');
			expect(JSON.stringify(flags)).toContain('Please speak slowly.');
			// The activity log, down to this very download.
			const audit = resources(bundle).filter((r) => r.resourceType === 'AuditEvent') as unknown as {
				subtype: { code: string }[];
			}[];
			expect(audit.map((event) => event.subtype[0]!.code)).toContain('data.downloaded');
			const fullUrls = bundle.entry.map((entry) => entry.fullUrl);
			expect(new Set(fullUrls).size).toBe(fullUrls.length);
			expect(validateAgainstProfile(bundle)).toEqual([]);
			for (const resource of resources(bundle)) {
				expect([resource.resourceType, validateAgainstProfile(resource)]).toEqual([
					resource.resourceType,
					[]
				]);
			}
		}
	);

	it("holds only what a proxy may see, never another person's", async () => {
		const yusuf = await aPatientWithCare('Yusuf');
		const other = await aPatientWithCare('Other');
		const { context } = await aProxyFor(yusuf.patient, 'Amina', ['appointments.view'], ['general']);
		const bundle = await myDataBundle((await myDataOf(context))!, base);
		expect(named(bundle, 'Appointment')).toEqual([String(yusuf.appointments.general)]);
		// Not even the service of what they may not see.
		expect(named(bundle, 'HealthcareService')).toEqual([String(practice.service.id)]);
		for (const type of ['CarePlan', 'ServiceRequest', 'RelatedPerson', 'Consent', 'AuditEvent']) {
			expect([type, named(bundle, type)]).toEqual([type, []]);
		}
		const patient = resources(bundle)[0] as unknown as Record<string, unknown>;
		expect(patient.telecom).toBeUndefined();
		expect(patient.address).toBeUndefined();
		const text = JSON.stringify(bundle);
		expect(text).not.toContain('Other');
		expect(text).not.toContain(`Appointment/${other.appointments.general}"`);
		expect(validateAgainstProfile(bundle)).toEqual([]);
	});
});
