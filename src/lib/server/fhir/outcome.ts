// Refusals as FHIR says them: an OperationOutcome whose issue code says what kind of refusal
// (https://hl7.org/fhir/R4/valueset-issue-type.html) and whose diagnostics say why, in English
// for the engineers of the calling system.
import { ukCoreProfiles } from './profiles';

export type IssueCode =
	| 'invalid'
	| 'structure'
	| 'required'
	| 'value'
	| 'business-rule'
	| 'conflict'
	| 'not-found'
	| 'not-supported'
	| 'forbidden'
	| 'login'
	| 'expired'
	| 'too-costly'
	| 'throttled'
	| 'processing';

export type OutcomeIssue = { code: IssueCode; diagnostics: string; expression?: string[] };

/** A refusal: the status to answer with and the issues that say why. Nothing was stored. */
export class FhirError extends Error {
	readonly status: number;
	readonly code: IssueCode;
	readonly issues: OutcomeIssue[];
	constructor(status: number, code: IssueCode, diagnostics: string, more: OutcomeIssue[] = []) {
		super(diagnostics);
		this.status = status;
		this.code = code;
		this.issues = [{ code, diagnostics }, ...more];
	}
}

/** FHIR's strings hold no NUL, and PostgreSQL's text cannot (../nul.ts): any that does is refused. */
export const nulRefused = () =>
	new FhirError(400, 'value', 'No text may hold the NUL character (U+0000).');

export function operationOutcome(
	issues: OutcomeIssue[],
	severity: 'error' | 'information' = 'error'
) {
	return {
		resourceType: 'OperationOutcome' as const,
		meta: { profile: [ukCoreProfiles.OperationOutcome] },
		issue: issues.map((issue) => ({ severity, ...issue }))
	};
}
