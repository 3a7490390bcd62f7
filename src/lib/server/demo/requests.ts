// The demo's requests for face-to-face contact, all to Eastmere Health Centre so its staff see a
// queue at several stages: Maureen's, waiting past its due time; Grace's home visit, picked up
// and messaged; Hodan's, made with her link worker, needing a Somali interpreter; and one of
// Grace's, closed earlier after a phone call.
import { addDays, londonDate, londonTime } from '$lib/time';
import { dueByFrom } from '../requests/asking';
import type { ActivityAction } from '../audit';
import type { Transaction } from '../db';
// SQLite's tables: the demo is always made in SQLite (demo.ts), and copied when on PostgreSQL.
import * as tables from '../db/schema';
import type { RequestEventKind, RequestNeeds, Via } from '../db/schema';

type Request = typeof tables.contactRequests.$inferInsert;

export async function seedRequests(
	tx: Transaction,
	{
		people,
		linkWorkerUserId,
		services,
		hubId,
		staffUserId,
		now
	}: {
		people: { grace: { patientId: number; userId: number }; maureen: number; hodan: number };
		linkWorkerUserId: number;
		services: Record<'gp' | 'nurse', { id: number; responseTargetWorkingDays: number }>;
		hubId: number;
		staffUserId: number;
		now: Date;
	}
): Promise<void> {
	const today = londonDate(now);
	const at = (daysAgo: number, time: string) => londonTime(addDays(today, -daysAgo), time);
	const noNeeds: RequestNeeds = {
		interpreterLanguage: null,
		needs: [],
		other: null,
		otherLanguage: null
	};

	const request = async (values: Omit<Request, 'dueBy'> & { createdAt: Date }) => {
		const service = values.serviceId === services.gp.id ? services.gp : services.nurse;
		return (
			await tx
				.insert(tables.contactRequests)
				.values({
					...values,
					dueBy: dueByFrom(values.createdAt, service.responseTargetWorkingDays)
				})
				.returning()
		)[0]!;
	};
	const event = async (
		made: { id: number; reference: string; patientId: number | null },
		kind: RequestEventKind,
		action: ActivityAction,
		when: Date,
		by: { userId: number | null; via: Via },
		body?: string
	) => {
		await tx.insert(tables.requestEvents).values({
			requestId: made.id,
			kind,
			at: when,
			actorUserId: by.userId,
			via: by.via,
			body: body ?? null,
			bodyLanguage: body ? 'en' : null
		});
		await tx.insert(tables.activityLog).values({
			at: when,
			actorUserId: by.userId,
			subjectPatientId: made.patientId,
			via: by.via,
			action,
			detail: { reference: made.reference }
		});
	};
	const staff = { userId: staffUserId, via: 'staff' as const };
	const grace = { userId: people.grace.userId, via: 'self' as const };

	// Maureen asked at the hub a week ago, through her link worker; nobody has picked it up.
	const maureenMadeAt = at(7, '10:30');
	const maureens = await request({
		reference: 'RQM4KT',
		patientId: people.maureen,
		serviceId: services.nurse.id,
		topic: 'ongoing_condition',
		details:
			'My legs have been swelling more this month and I would like the nurse to look at them.',
		detailsLanguage: 'en',
		place: 'community_hub',
		hubLocationId: hubId,
		days: [2, 4],
		dayParts: ['morning'],
		reachBy: 'link_worker',
		needs: { ...noNeeds, needs: ['hearing_loop', 'longer_appointments', 'large_print'] },
		madeByUserId: linkWorkerUserId,
		madeVia: 'assisted',
		createdAt: maureenMadeAt
	});
	const linkWorker = { userId: linkWorkerUserId, via: 'assisted' as const };
	await event(maureens, 'received', 'request.made', maureenMadeAt, linkWorker);

	// Grace asked for a home visit yesterday; the practice picked it up and wrote to her.
	const graceMadeAt = at(1, '09:15');
	const graces = await request({
		reference: 'RQG7HV',
		patientId: people.grace.patientId,
		serviceId: services.gp.id,
		topic: 'ongoing_condition',
		details: 'My knee is worse and I am finding the stairs hard. I would like a GP to visit.',
		detailsLanguage: 'en',
		place: 'home_visit',
		travelReason: 'I cannot manage the bus since my knee got worse.',
		days: [1, 2, 3, 4, 5],
		dayParts: ['morning', 'afternoon'],
		reachBy: 'email',
		needs: { ...noNeeds, needs: ['large_print', 'step_free_access', 'someone_with_me'] },
		madeByUserId: people.grace.userId,
		madeVia: 'self',
		status: 'in_review',
		assignedToUserId: staffUserId,
		createdAt: graceMadeAt
	});
	await event(graces, 'received', 'request.made', graceMadeAt, grace);
	await event(graces, 'in_review', 'request.in_review', at(1, '11:00'), staff);
	await event(
		graces,
		'message_from_staff',
		'request.message_sent',
		at(1, '11:05'),
		staff,
		'Thank you, Grace. A GP will look at your request today and we will offer you a visit time.'
	);

	// Hodan asked with her link worker this morning; she needs a Somali interpreter.
	const hodanMadeAt = new Date(now.getTime() - 2 * 60 * 60 * 1000);
	const hodans = await request({
		reference: 'RQH2SM',
		patientId: people.hodan,
		serviceId: services.gp.id,
		topic: 'new_problem',
		details: 'Headaches most days for three weeks. She would like to see a GP with an interpreter.',
		detailsLanguage: 'en',
		place: 'service',
		days: [1, 3, 5],
		dayParts: ['afternoon'],
		reachBy: 'link_worker',
		needs: { ...noNeeds, interpreterLanguage: 'so' },
		madeByUserId: linkWorkerUserId,
		madeVia: 'assisted',
		createdAt: hodanMadeAt
	});
	await event(hodans, 'received', 'request.made', hodanMadeAt, linkWorker);

	// An older request of Grace's, closed after the practice phoned her.
	const closedMadeAt = at(20, '14:00');
	const closed = await request({
		reference: 'RQG3PH',
		patientId: people.grace.patientId,
		serviceId: services.nurse.id,
		topic: 'medicines',
		details: 'I would like to talk to the nurse about my new tablets.',
		detailsLanguage: 'en',
		place: 'no_preference',
		days: [1, 2],
		dayParts: ['morning'],
		reachBy: 'email',
		needs: { ...noNeeds, needs: ['large_print', 'step_free_access', 'someone_with_me'] },
		madeByUserId: people.grace.userId,
		madeVia: 'self',
		status: 'closed',
		closeReason: 'handled_another_way',
		assignedToUserId: staffUserId,
		createdAt: closedMadeAt
	});
	await event(closed, 'received', 'request.made', closedMadeAt, grace);
	await event(
		closed,
		'closed',
		'request.closed',
		at(19, '10:00'),
		staff,
		'The nurse phoned you and talked through your tablets.'
	);
}
