import { error, fail, redirect } from '@sveltejs/kit';
import { addDays, londonDate } from '$lib/time';
import {
	dayList,
	dayPlan,
	recordAttendance,
	setSlotBlocked,
	type Attendance
} from '$lib/server/diary/diary';
import { undeliveredAbout } from '$lib/server/messages/delivery';
import { repliesAbout } from '$lib/server/texts/staff';
import { diaryCatalogue } from '$lib/server/web/diary-catalogue';
import type { Actions, PageServerLoad } from './$types';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** The day asked for, if it is a real date; otherwise today in London. */
function dayFrom(value: string | null | undefined): string {
	if (value && isoDate.test(value) && !Number.isNaN(Date.parse(value))) return value;
	return londonDate(new Date());
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const { catalogue, actor } = await diaryCatalogue(locals);
	const day = dayFrom(url.searchParams.get('day'));
	const created = url.searchParams.get('created');
	const skipped = url.searchParams.get('skipped');
	const plan = dayPlan(await dayList(actor, day));
	const appointmentIds = plan.appointments.map((entry) => entry.appointmentId!);
	return {
		organisation: catalogue.organisation.name,
		day,
		today: londonDate(new Date()),
		previousDay: addDays(day, -1),
		nextDay: addDays(day, 1),
		...plan,
		textReplies: await repliesAbout(appointmentIds),
		// Messages about the day's appointments (the diary's staff may see them) that could not be
		// delivered, and the way each went instead: the patient may not know, so staff can phone.
		undelivered: await undeliveredAbout(appointmentIds),
		// The time just blocked or unblocked: its service's times are shown open, to see it done.
		openSlot: Number(url.searchParams.get('slot')) || null,
		created:
			created !== null && skipped !== null
				? { count: Number(created) || 0, skipped: Number(skipped) || 0 }
				: null
	};
};

function idFrom(form: FormData, name: string): number {
	const id = Number(form.get(name));
	if (!Number.isSafeInteger(id) || id <= 0) error(404, 'not found');
	return id;
}

const problems = {
	booked: 'staff:diary.problems.booked',
	'not-yet': 'staff:diary.problems.notYet',
	cancelled: 'staff:diary.problems.cancelled'
} as const;

async function blocking(locals: App.Locals, request: Request, blocked: boolean) {
	const { actor } = await diaryCatalogue(locals);
	const form = await request.formData();
	const slotId = idFrom(form, 'slot');
	const result = await setSlotBlocked(actor, slotId, blocked);
	if (!result.ok) {
		if (result.reason === 'not-found') error(404, 'not found');
		return fail(409, { problem: problems[result.reason] });
	}
	const day = dayFrom(form.get('day')?.toString());
	redirect(303, `/staff/diary?day=${day}&slot=${slotId}#slot-${slotId}`);
}

async function attendance(locals: App.Locals, request: Request, outcome: Attendance) {
	const { actor } = await diaryCatalogue(locals);
	const form = await request.formData();
	const appointmentId = idFrom(form, 'appointment');
	const result = await recordAttendance(actor, appointmentId, outcome);
	if (!result.ok) {
		if (result.reason === 'not-found') error(404, 'not found');
		return fail(409, { problem: problems[result.reason] });
	}
	const slot = idFrom(form, 'slot');
	redirect(303, `/staff/diary?day=${dayFrom(form.get('day')?.toString())}#slot-${slot}`);
}

export const actions: Actions = {
	block: ({ locals, request }) => blocking(locals, request, true),
	unblock: ({ locals, request }) => blocking(locals, request, false),
	attended: ({ locals, request }) => attendance(locals, request, 'attended'),
	didNotAttend: ({ locals, request }) => attendance(locals, request, 'did_not_attend')
};
