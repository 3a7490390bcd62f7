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

const grace = await aPatient('Grace');
const proxy = async (
	permissions: NonNullable<ActingContext['grant']>['permissions']
): Promise<ActingContext> => ({
	actor: (await aPatient(`Proxy${Math.random()}`)).actor,
	subject: grace.subject,
	via: 'proxy',
	grant: { permissions, carePlanLabels: [] }
});

describe('communication needs', () => {
	it('are none until recorded, then kept with how to reach the person, and logged', async () => {
		const before = await communicationNeedsOf(grace.subject!.patientId);
		expect(hasNeeds(before)).toBe(false);
		expect(
			await saveCommunicationNeeds(
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
		const after = (await ownCommunicationNeeds(grace))!;
		expect(after).toEqual({
			interpreterLanguage: 'so',
			needs: ['large_print', 'step_free_access'],
			other: 'Please speak slowly',
			otherLanguage: 'en',
			reachBy: 'email'
		});
		expect((await activityOf(grace)).entries[0]!.action).toBe('communication_needs.changed');
	});

	it('start a booking with the interpreter (named in its own language) and the needs it asks about', async () => {
		expect(bookingNeedsFrom(await communicationNeedsOf(grace.subject!.patientId), 'BSL')).toEqual({
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

	it('can be changed by someone acting for the person only with that permission', async () => {
		const without = await proxy(['appointments.view', 'care_plans.view']);
		expect(await ownCommunicationNeeds(without)).toBeNull();
		const empty = {
			interpreterLanguage: null,
			needs: [],
			other: null,
			otherLanguage: null,
			reachBy: null
		};
		expect(await saveCommunicationNeeds(without, empty, 'en')).toBe('not-allowed');
		expect(hasNeeds(await communicationNeedsOf(grace.subject!.patientId))).toBe(true);
		const allowed = await proxy(['communication_needs.manage']);
		expect((await ownCommunicationNeeds(allowed))?.interpreterLanguage).toBe('so');
	});

	it('refuse a way to reach the person that we cannot use, and keep the language of words kept', async () => {
		// Grace has an email address only: no mobile for texts, no postal address for letters.
		const keep = await communicationNeedsOf(grace.subject!.patientId);
		expect(await saveCommunicationNeeds(grace, { ...keep, reachBy: 'letter' }, 'en')).toBe(
			'unreachable'
		);
		expect(await saveCommunicationNeeds(grace, { ...keep, reachBy: 'sms' }, 'en')).toBe(
			'unreachable'
		);
		expect(await saveCommunicationNeeds(grace, { ...keep, reachBy: 'email' }, 'pl')).toBe('saved');
		// Saved in Polish, her English words are still marked English.
		expect((await communicationNeedsOf(grace.subject!.patientId)).otherLanguage).toBe('en');
	});

	it('ignore a language that is not on the list', async () => {
		await saveCommunicationNeeds(
			grace,
			{ interpreterLanguage: 'xx', needs: [], other: null, otherLanguage: null, reachBy: null },
			'en'
		);
		expect((await communicationNeedsOf(grace.subject!.patientId)).interpreterLanguage).toBeNull();
	});
});
