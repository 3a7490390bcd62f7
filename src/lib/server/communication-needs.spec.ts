import { describe, expect, it } from 'vitest';
import type { ActingContext } from './access/policy';
import { activityOf } from './audit';
import {
	bookingNeedsFrom,
	communicationNeedsOf,
	hasNeeds,
	ownCommunicationNeeds,
	saveCommunicationNeeds
} from './communication-needs';
import { aPatient } from './test-data';

const grace = aPatient('Grace');
const proxy = (permissions: NonNullable<ActingContext['grant']>['permissions']): ActingContext => ({
	actor: aPatient(`Proxy${Math.random()}`).actor,
	subject: grace.subject,
	via: 'proxy',
	grant: { permissions, carePlanLabels: [] }
});

describe('communication needs', () => {
	it('are none until recorded, then kept with how to reach the person, and logged', () => {
		const before = communicationNeedsOf(grace.subject!.patientId);
		expect(hasNeeds(before)).toBe(false);
		expect(
			saveCommunicationNeeds(
				grace,
				{
					interpreterLanguage: 'so',
					needs: ['large_print', 'step_free_access'],
					other: 'Please speak slowly',
					otherLanguage: null,
					reachBy: 'email'
				},
				'en'
			)
		).toBe('saved');
		const after = ownCommunicationNeeds(grace)!;
		expect(after).toEqual({
			interpreterLanguage: 'so',
			needs: ['large_print', 'step_free_access'],
			other: 'Please speak slowly',
			otherLanguage: 'en',
			reachBy: 'email'
		});
		expect(activityOf(grace).entries[0]!.action).toBe('communication_needs.changed');
	});

	it('start a booking with the interpreter (named in its own language) and the needs it asks about', () => {
		expect(bookingNeedsFrom(communicationNeedsOf(grace.subject!.patientId), 'BSL')).toEqual({
			interpreterLanguage: 'Soomaali',
			stepFreeAccess: true
		});
		expect(
			bookingNeedsFrom(
				{
					interpreterLanguage: null,
					needs: ['bsl', 'someone_with_me'],
					other: null,
					otherLanguage: null,
					reachBy: null
				},
				'British Sign Language'
			)
		).toEqual({ interpreterLanguage: 'British Sign Language', someoneWithMe: true });
	});

	it('can be changed by someone acting for the person only with that permission', () => {
		const without = proxy(['appointments.view', 'care_plans.view']);
		expect(ownCommunicationNeeds(without)).toBeNull();
		const empty = {
			interpreterLanguage: null,
			needs: [],
			other: null,
			otherLanguage: null,
			reachBy: null
		};
		expect(saveCommunicationNeeds(without, empty, 'en')).toBe('not-allowed');
		expect(hasNeeds(communicationNeedsOf(grace.subject!.patientId))).toBe(true);
		const allowed = proxy(['communication_needs.manage']);
		expect(ownCommunicationNeeds(allowed)?.interpreterLanguage).toBe('so');
	});

	it('refuse a way to reach the person that we cannot use, and keep the language of words kept', () => {
		// Grace has an email address only: no mobile for texts, no postal address for letters.
		const keep = communicationNeedsOf(grace.subject!.patientId);
		expect(saveCommunicationNeeds(grace, { ...keep, reachBy: 'letter' }, 'en')).toBe('unreachable');
		expect(saveCommunicationNeeds(grace, { ...keep, reachBy: 'sms' }, 'en')).toBe('unreachable');
		expect(saveCommunicationNeeds(grace, { ...keep, reachBy: 'email' }, 'pl')).toBe('saved');
		// Saved in Polish, her English words are still marked English.
		expect(communicationNeedsOf(grace.subject!.patientId).otherLanguage).toBe('en');
	});

	it('ignore a language that is not on the list', () => {
		saveCommunicationNeeds(
			grace,
			{ interpreterLanguage: 'xx', needs: [], other: null, otherLanguage: null, reachBy: null },
			'en'
		);
		expect(communicationNeedsOf(grace.subject!.patientId).interpreterLanguage).toBeNull();
	});
});
