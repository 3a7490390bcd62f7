import { describe, expect, it } from 'vitest';
import { database, tables } from '../db';
import { recordCall } from './calls';

describe('the record of a call', () => {
	// An address is typed by the caller, `%00` and all: PostgreSQL's text cannot hold the NUL
	// character, and the call must still be recorded (refused, 404) rather than fail (nul.ts).
	it('records a call whose address holds a NUL character, without what it typed', async () => {
		await recordCall({
			clientRowId: null,
			interaction: 'read',
			resourceType: 'Patient\u0000',
			resourceId: '1\u0000',
			status: 404,
			outcome: 'not-supported'
		});
		const [call] = await database().select().from(tables.fhirCalls);
		expect(call).toMatchObject({ resourceType: null, resourceId: null, status: 404 });
	});
});
