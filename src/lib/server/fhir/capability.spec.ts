import { beforeAll, describe, expect, it } from 'vitest';
import { aFhirClient, aService } from '../test-data';
import { capabilityStatement } from './capability';
import { FhirError } from './outcome';
import { ukCoreProfiles } from './profiles';
import { readable } from './read';
import { writable } from './write';
import { validateAgainstProfile } from './validation';

const base = 'https://joinedup.example/fhir/R4';
const statement = capabilityStatement(base);
const [rest] = statement.rest;
const { caller } = await aFhirClient((await aService()).organisation.id, ['system/*.read']);

/** A value each parameter's type accepts, to try a search with. */
const sample = { token: 'x', reference: 'Patient/1', date: '2026-12-01' } as const;

describe('the CapabilityStatement', () => {
	// The validator reads its definitions (tens of megabytes) the first time: not a test's time.
	beforeAll(() => validateAgainstProfile({ resourceType: 'Basic' }), 60_000);

	it('validates against base R4', () => {
		expect(validateAgainstProfile(statement)).toEqual([]);
		expect(validateAgainstProfile({ ...statement, kind: 'everything' })).not.toEqual([]);
		expect(statement).toMatchObject({ kind: 'instance', fhirVersion: '4.0.1' });
	});

	it('names the token endpoint as SMART says', () => {
		expect(rest!.security.extension[0]!.extension).toEqual([
			{ url: 'token', valueUri: `${base}/auth/token` }
		]);
	});

	it('lists each type served with its UK Core profile and the writes there are', () => {
		const types = rest!.resource.map((resource) => resource.type);
		expect(types.sort()).toEqual(Object.keys(readable).sort());
		for (const resource of rest!.resource) {
			expect(resource.profile).toBe(ukCoreProfiles[resource.type]);
			const writer = writable[resource.type] ?? {};
			expect(resource.interaction.map((i) => i.code)).toEqual([
				'read',
				'search-type',
				...(['create', 'update', 'delete'] as const).filter((code) => writer[code])
			]);
			expect(Boolean(resource.conditionalUpdate)).toBe(Boolean(writer.conditionalUpdate));
		}
	});

	it('lists exactly the search parameters each search takes', async () => {
		for (const resource of rest!.resource) {
			const search = readable[resource.type]!.search;
			for (const param of resource.searchParam) {
				expect(param.type).toBeDefined();
				const query = new URLSearchParams({
					[param.name]: param.name === '_id' ? '1' : sample[param.type as keyof typeof sample],
					// Patient, RelatedPerson and Consent are searched for one person.
					...(param.name === '_id' || resource.type === 'Schedule' ? {} : { _id: '1' })
				});
				await expect(search(caller, query, { base })).resolves.toBeDefined();
			}
			await expect(search(caller, new URLSearchParams({ name: 'x' }), { base })).rejects.toThrow(
				FhirError
			);
		}
	});
});
