import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { oneOf, parseForm } from '../forms';
import { formFailure } from './forms';

function form(fields: Record<string, string>): FormData {
	const data = new FormData();
	for (const [name, value] of Object.entries(fields)) data.append(name, value);
	return data;
}

describe('formFailure', () => {
	const error = { field: 'colour', message: 'booking.errors.modeMissing' };
	it('answers a failed parse with its errors and what was typed, 400 unless told', () => {
		const failed = parseForm(
			v.object({ colour: oneOf(['red'], error.message) }),
			form({ colour: 'x' })
		);
		expect(failed.ok).toBe(false);
		if (failed.ok) return;
		expect(formFailure(failed)).toMatchObject({
			status: 400,
			data: { errors: [error], values: { colour: 'x' } }
		});
		expect(formFailure(failed, { needs: [] }, 409)).toMatchObject({
			status: 409,
			data: { errors: [error], values: { colour: 'x' }, needs: [] }
		});
	});
	it('answers one error or several with exactly what it is given', () => {
		expect(formFailure(error)).toEqual(
			expect.objectContaining({ status: 400, data: { errors: [error] } })
		);
		expect(formFailure([error, error], { values: { colour: 'x' } }, 429)).toEqual(
			expect.objectContaining({
				status: 429,
				data: { errors: [error, error], values: { colour: 'x' } }
			})
		);
		expect(formFailure([], {}, 409)).toEqual(
			expect.objectContaining({ status: 409, data: { errors: [] } })
		);
	});
});
