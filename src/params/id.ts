// A row's id in an address (`/appointments/[id=id]`): a positive whole number written plainly,
// with no sign, leading zero, spaces or exponent, and small enough to be a safe integer. Any
// other address is no page at all (404), before any load or action runs.
import type { ParamMatcher } from '@sveltejs/kit';

export const match = ((param: string) =>
	/^[1-9]\d*$/.test(param) && Number.isSafeInteger(Number(param))) satisfies ParamMatcher;
