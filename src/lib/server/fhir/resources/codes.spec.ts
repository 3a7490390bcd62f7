import { describe, expect, it } from 'vitest';
import { fhirString } from './codes';

describe('words people typed, as FHIR strings', () => {
	it('keeps what FHIR allows, drops control characters, and leaves out what says nothing', () => {
		expect(fhirString('Can I come\ton Tuesday?\r\nThanks')).toBe(
			'Can I come\ton Tuesday?\r\nThanks'
		);
		expect(fhirString('a\u0000b\u001cc\u007f')).toBe('abc');
		expect(fhirString('مرحبا')).toBe('مرحبا');
		expect(fhirString('')).toBeUndefined();
		expect(fhirString('  \n ')).toBeUndefined();
		expect(fhirString('\u0000')).toBeUndefined();
		expect(fhirString(null)).toBeUndefined();
	});
});
