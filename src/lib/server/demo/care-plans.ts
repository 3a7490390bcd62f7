// The demo's care plans: Grace's diabetes plan (her practice, community podiatry and a course at
// the community hub), her plan for leaving hospital (the trust hands her wound care to community
// nursing, with council reablement), and a wellbeing plan labelled mental health, which her son
// Daniel's permissions (general plans only) do not reach.
import { eq } from 'drizzle-orm';
import { addDays, londonDate } from '$lib/time';
import type { CarePlanContent } from '../db/schema';
import type { Transaction } from '../db';
// SQLite's tables: the demo is always made in SQLite (demo.ts), and copied when on PostgreSQL.
import * as tables from '../db/schema';

type Organisation = typeof tables.organisations.$inferSelect;

export async function seedCarePlans(
	tx: Transaction,
	{
		grace,
		organisations,
		now
	}: {
		grace: { id: number };
		organisations: Record<
			'eastmerePractice' | 'hospital' | 'community' | 'council' | 'hub',
			Organisation
		>;
		now: Date;
	}
): Promise<void> {
	const team = async (organisation: Organisation, name: string, phone: string) =>
		(
			await tx
				.insert(tables.careTeams)
				.values({ organisationId: organisation.id, name, phone })
				.returning()
		)[0]!;
	const { eastmerePractice, hospital, community, council, hub } = organisations;
	const practiceNurses = await team(eastmerePractice, 'Practice nursing team', '020 7946 0111');
	const gps = await team(eastmerePractice, 'GP team', '020 7946 0101');
	const podiatry = await team(community, 'Community podiatry', '020 7946 0411');
	const nursing = await team(community, 'Community nursing', '020 7946 0422');
	const mentalHealth = await team(community, 'Community mental health team', '020 7946 0433');
	const ward = await team(hospital, 'Ward 7 (elderly care)', '020 7946 0317');
	const reablement = await team(council, 'Reablement team', '020 7946 0511');
	const education = await team(hub, 'Diabetes education course', '020 7946 0606');

	const staffOf = async (email: string) =>
		(await tx.select().from(tables.users).where(eq(tables.users.email, email)))[0]!;
	const practiceStaff = await staffOf('staff@example.org');
	const hospitalStaff = await staffOf('hospital@example.org');
	const gpReview = (
		await tx.select().from(tables.appointments).where(eq(tables.appointments.reference, 'GRC7MX'))
	)[0];
	const today = londonDate(now);
	const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 60 * 60 * 1000);

	const plan = async (
		organisation: Organisation,
		by: { id: number },
		content: CarePlanContent,
		updatedAt: Date,
		whatMatters: string | null = null
	) => {
		const row = (
			await tx
				.insert(tables.carePlans)
				.values({
					patientId: grace.id,
					organisationId: organisation.id,
					label: content.label,
					content,
					version: 1,
					updatedAt,
					updatedByUserId: by.id,
					whatMatters,
					whatMattersLanguage: whatMatters ? 'en' : null,
					whatMattersUpdatedAt: whatMatters ? updatedAt : null
				})
				.returning()
		)[0]!;
		await tx
			.insert(tables.carePlanVersions)
			.values({ planId: row.id, version: 1, content, savedAt: updatedAt, savedByUserId: by.id });
		return row;
	};

	await plan(
		eastmerePractice,
		practiceStaff,
		{
			title: 'Living well with type 2 diabetes',
			kind: 'long_term_condition',
			label: 'general',
			summary:
				'Your blood sugar is a little high. Together we aim to bring it down, look after your feet, and help you feel in charge of your diabetes.',
			reviewOn: addDays(today, 90),
			goals: [
				{ text: 'Bring my HbA1c (long-term blood sugar) below 53', status: 'in_progress' },
				{ text: 'Walk for 20 minutes on most days', status: 'in_progress' },
				{ text: 'Understand what I eat and how it affects me', status: 'not_started' }
			],
			actions: [
				{
					key: 'diabetes-review',
					what: 'Diabetes review with blood test',
					teamId: gps.id,
					when: 'Every 6 months',
					status: 'planned',
					appointmentId: gpReview?.id ?? null
				},
				{
					key: 'foot-check',
					what: 'Foot check and nail care',
					teamId: podiatry.id,
					when: 'Every 3 months',
					status: 'in_progress',
					appointmentId: null
				},
				{
					key: 'education',
					what: 'Six-week course about living with diabetes',
					teamId: education.id,
					when: 'Starts in January, Tuesday mornings',
					status: 'not_started',
					appointmentId: null
				}
			],
			careTeam: [
				{
					teamId: gps.id,
					role: 'Your GP, in charge of your diabetes care',
					whenToCall: 'Weekdays 8am to 6:30pm'
				},
				{
					teamId: practiceNurses.id,
					role: 'Diabetes nurse: checks, blood tests and advice',
					whenToCall: 'Weekdays 9am to 5pm'
				},
				{
					teamId: podiatry.id,
					role: 'Looks after your feet',
					whenToCall: 'If you notice a cut, blister or colour change on your feet'
				},
				{
					teamId: education.id,
					role: 'Runs the diabetes course',
					whenToCall: 'To book or change your place'
				}
			],
			ifWorse:
				'If your blood sugar stays above 15 for more than a day, or you feel very thirsty and tired, call the practice the same day.'
		},
		daysAgo(12),
		'Being able to look after my grandchildren on Saturdays, and going to church on Sundays.'
	);

	const discharge = await plan(
		hospital,
		hospitalStaff,
		{
			title: 'Going home from hospital after your fall',
			kind: 'hospital_discharge',
			label: 'general',
			summary:
				'You are going home after your fall. Nurses will visit to look after the wound on your leg, and the reablement team will help you get back to doing things for yourself.',
			reviewOn: addDays(today, 28),
			goals: [
				{ text: 'The wound on my leg heals', status: 'in_progress' },
				{ text: 'Get washed and dressed on my own again', status: 'in_progress' }
			],
			actions: [
				{
					key: 'wound-care',
					what: 'Wound dressing changed',
					teamId: nursing.id,
					when: 'Every 2 days at home',
					status: 'in_progress',
					appointmentId: null
				},
				{
					key: 'reablement',
					what: 'Help at home with washing, dressing and meals, for up to 6 weeks',
					teamId: reablement.id,
					when: 'Mornings, starting the day after you get home',
					status: 'in_progress',
					appointmentId: null
				},
				{
					key: 'medicines',
					what: 'Check your medicines after your stay in hospital',
					teamId: gps.id,
					when: 'Within 2 weeks of going home',
					status: 'planned',
					appointmentId: null
				}
			],
			careTeam: [
				{
					teamId: ward.id,
					role: 'Cared for you in hospital',
					whenToCall: 'Questions about your stay, for 2 weeks'
				},
				{
					teamId: nursing.id,
					role: 'District nurses: your wound care',
					whenToCall: '8am to 8pm, every day'
				},
				{ teamId: reablement.id, role: 'Help at home', whenToCall: 'To change a visit time' },
				{ teamId: gps.id, role: 'Your GP', whenToCall: 'Weekdays 8am to 6:30pm' }
			],
			ifWorse:
				'If the wound gets red, hot, swollen or smells, call community nursing the same day. If you fall again, call 999 if you are hurt.'
		},
		daysAgo(5)
	);
	// The ward looked after the wound until Grace went home, then handed it to community nursing.
	await tx.insert(tables.carePlanHandovers).values({
		planId: discharge.id,
		actionKey: 'wound-care',
		fromTeamId: ward.id,
		toTeamId: nursing.id,
		at: daysAgo(5),
		byUserId: hospitalStaff.id
	});

	await plan(
		eastmerePractice,
		practiceStaff,
		{
			title: 'Feeling better in yourself',
			kind: 'wellbeing',
			label: 'mental_health',
			summary:
				'Since your fall you have felt low and anxious about going out. We will help you with talking therapy and a weekly walking group.',
			reviewOn: addDays(today, 60),
			goals: [{ text: 'Go out of the house on my own each week', status: 'not_started' }],
			actions: [
				{
					key: 'talking-therapy',
					what: 'Talking therapy, six sessions',
					teamId: mentalHealth.id,
					when: 'Weekly from next month',
					status: 'planned',
					appointmentId: null
				}
			],
			careTeam: [
				{ teamId: mentalHealth.id, role: 'Talking therapy', whenToCall: 'Weekdays 9am to 5pm' },
				{ teamId: gps.id, role: 'Your GP', whenToCall: 'Weekdays 8am to 6:30pm' }
			],
			ifWorse:
				'If you feel you might harm yourself, call 999 or the NHS 111 mental health option (press 2), any time.'
		},
		daysAgo(20)
	);
}
