// The booking journey: its questions, the answers it keeps between them (in journeys.ts),
// checked afresh against the diaries on every step.
import { redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import {
	daysWithFreeTimes,
	freeSlotOf,
	freeSlots,
	freeSlotsOn
} from '../appointments/availability';
import { bookingWindow, needsPlace, serviceOf } from '../appointments/services';
import { appointmentModes } from '../db/schema';

export const bookingPath = '/appointments/book';

/** The answers so far: each one optional until its question is answered. */
export const bookingAnswers = v.object({
	service: v.optional(v.number()),
	mode: v.optional(v.picklist(appointmentModes)),
	location: v.optional(v.number()),
	day: v.optional(v.pipe(v.string(), v.isoDate())),
	slot: v.optional(v.number()),
	needs: v.optional(
		v.object({
			interpreterLanguage: v.optional(v.pipe(v.string(), v.maxLength(100))),
			stepFreeAccess: v.optional(v.boolean()),
			longerAppointment: v.optional(v.boolean()),
			someoneWithMe: v.optional(v.boolean()),
			other: v.optional(v.pipe(v.string(), v.maxLength(500)))
		})
	)
});

export type Draft = v.InferOutput<typeof bookingAnswers>;

export const bookingSteps = ['service', 'how', 'where', 'day', 'time', 'needs', 'check'] as const;
export type BookingStep = (typeof bookingSteps)[number];

export function stepHref(step: BookingStep): string {
	return step === 'service' ? bookingPath : `${bookingPath}/${step}`;
}

/**
 * Sends the person back to the first step whose answer is missing, so every step can rely on
 * the answers before it.
 */
export function requireAnswers(draft: Draft, upTo: BookingStep): void {
	const order: [BookingStep, boolean][] = [
		['service', draft.service !== undefined],
		['how', draft.mode !== undefined],
		['where', draft.mode === undefined || !needsPlace(draft.mode) || draft.location !== undefined],
		['day', draft.day !== undefined],
		['time', draft.slot !== undefined],
		['needs', draft.needs !== undefined]
	];
	for (const [step, answered] of order) {
		if (step === upTo) return;
		if (!answered) redirect(303, stepHref(step));
	}
}

/**
 * The answers a step after "how" builds on: the service and the way, checked, and the window
 * to look for free times in. Missing answers send the person back to answer them.
 */
export async function answersFor(draft: Draft, step: Exclude<BookingStep, 'service' | 'how'>) {
	requireAnswers(draft, step);
	const service = await serviceOf(draft);
	if (!service || !draft.mode) redirect(303, stepHref('service'));
	return { service, mode: draft.mode, ...bookingWindow() };
}

type DiaryStep = Exclude<BookingStep, 'service' | 'how' | 'where'>;

/** The diary the answers so far point to: service, way and, for in person, place; and the window. */
async function diaryFor(draft: Draft, step: DiaryStep) {
	const { service, mode, from, to } = await answersFor(draft, step);
	return { service, query: { serviceId: service.id, mode, locationId: draft.location, from, to } };
}

/** Every free time matching the answers so far. */
export async function freeSlotsFor(draft: Draft, step: DiaryStep) {
	const { service, query } = await diaryFor(draft, step);
	return { service, slots: await freeSlots(query) };
}

/** The days with free times matching the answers so far, counted without reading the slots. */
export async function freeDaysFor(draft: Draft, step: DiaryStep) {
	const { service, query } = await diaryFor(draft, step);
	return { service, days: await daysWithFreeTimes(query) };
}

/** The free times on the chosen day that match the answers so far. */
export async function freeTimesFor(draft: Draft, step: DiaryStep) {
	const { query } = await diaryFor(draft, step);
	return draft.day === undefined ? [] : await freeSlotsOn(query, draft.day);
}

/** The slot, if it is one of the free times matching the answers so far. */
export async function freeSlotFor(draft: Draft, step: DiaryStep, slotId: number) {
	return await freeSlotOf((await diaryFor(draft, step)).query, slotId);
}
