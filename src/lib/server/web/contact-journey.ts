// The journey of asking for face-to-face contact: one question a page, the answers so far kept
// between them (in web/journeys.ts) and checked afresh on every step.
import { error, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { isUnlinkedSelf, type ActingContext } from '../access/policy';
import { optionalNhsNumber, postcodePattern } from '../assist/forms';
import { dateInput, requiredText } from '../forms';
import type { ContactDraft } from '../requests/asking';
import { askerReachableWays, askerReachChoices, requestAsker } from '../requests/choices';

export const contactPath = '/contact';

/**
 * "Who are you?": asked first of someone whose account has no record yet, so that staff can
 * match the request to one. The same details a record is found by, and the NHS number if known.
 */
export const statedIdentityForm = v.object({
	givenName: v.pipe(
		requiredText('contact.errors.identity.givenName'),
		v.maxLength(100, 'contact.errors.identity.givenName')
	),
	familyName: v.pipe(
		requiredText('contact.errors.identity.familyName'),
		v.maxLength(100, 'contact.errors.identity.familyName')
	),
	dateOfBirth: dateInput('contact.errors.identity.dateOfBirth'),
	postcode: v.pipe(
		requiredText('contact.errors.identity.postcode'),
		v.regex(postcodePattern, 'assist.errors.postcodeInvalid')
	),
	nhsNumber: optionalNhsNumber
});

/**
 * Whom the journey is for: the subject, when the actor may make requests for them; or the
 * account itself, when it has no record yet and asks for itself. Form actions run before any
 * layout, so every step asks here.
 */
export function contactAsker(locals: ActingContext) {
	const asker = requestAsker(locals);
	if (!asker) error(404, 'not found');
	return asker;
}

/** The ways the person asking can be reached about it (see `askerReachableWays`). */
export async function contactReachableWays(locals: ActingContext) {
	return await askerReachableWays(contactAsker(locals));
}

/** The ways to offer, and the one they prefer (see `askerReachChoices`). */
export async function contactReachChoices(locals: ActingContext) {
	return await askerReachChoices(contactAsker(locals));
}

export const contactSteps = [
	'identity',
	'about',
	'details',
	'who',
	'where',
	'home-visit',
	'hub',
	'when',
	'reach',
	'check'
] as const;
export type ContactStep = (typeof contactSteps)[number];

export function contactStepHref(step: ContactStep): string {
	return step === 'about' ? contactPath : `${contactPath}/${step}`;
}

/** The step after "where": the follow-up question its answer needs, if any. */
export function afterWhere(draft: ContactDraft): ContactStep {
	if (draft.place === 'home_visit') return 'home-visit';
	if (draft.place === 'community_hub') return 'hub';
	return 'when';
}

/** The page "when" goes back to: the last question answered before it. */
export function beforeWhen(draft: ContactDraft): string {
	const followUp = afterWhere(draft);
	return contactStepHref(followUp === 'when' ? 'where' : followUp);
}

/**
 * Sends the person back to the first question whose answer is missing, so every step can rely
 * on the answers before it.
 */
export function requireContactAnswers(
	draft: ContactDraft,
	upTo: ContactStep,
	context: ActingContext
): void {
	const order: [ContactStep, boolean][] = [
		['identity', !isUnlinkedSelf(context) || draft.identity !== undefined],
		['about', draft.topic !== undefined],
		['details', draft.details !== undefined],
		['who', draft.service !== undefined],
		['where', draft.place !== undefined],
		['home-visit', draft.place !== 'home_visit' || draft.travelReason !== undefined],
		['hub', draft.place !== 'community_hub' || draft.hub !== undefined],
		['when', draft.days !== undefined && draft.dayParts !== undefined],
		['reach', draft.reachBy !== undefined]
	];
	for (const [step, answered] of order) {
		if (step === upTo) return;
		if (!answered) redirect(303, contactStepHref(step));
	}
}
