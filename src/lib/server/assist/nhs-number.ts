// NHS numbers: ten digits, the last a modulus 11 check digit over the first nine (weights 10
// down to 2). People write them with spaces (`943 476 5919`); we keep the ten digits.

/** The ten digits of a well-formed NHS number, or null when it is not one. */
export function parseNhsNumber(input: string): string | null {
	const digits = input.replace(/[\s-]/g, '');
	if (!/^\d{10}$/.test(digits)) return null;
	const sum = [...digits.slice(0, 9)].reduce(
		(total, digit, index) => total + Number(digit) * (10 - index),
		0
	);
	const check = 11 - (sum % 11);
	// 11 means a check digit of 0; 10 means no valid number has these nine digits.
	const expected = check === 11 ? 0 : check;
	if (expected === 10 || expected !== Number(digits[9])) return null;
	return digits;
}

/** As people read it: 3 3 4 digits. */
export function formatNhsNumber(digits: string): string {
	return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}
