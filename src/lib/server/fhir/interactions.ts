// What each part of the FHIR interface offers the routes: read.ts answers reads and searches,
// write.ts the writes, each a registry by resource type. A type or interaction missing from a
// registry is not supported, and the CapabilityStatement says exactly what is.
import type { FhirCaller } from '../access/policy';

export type Page = {
	/** The interface's own address, for the Bundle's links (`https://…/fhir/R4`). */
	base: string;
};

export type Reader = {
	read(caller: FhirCaller, id: string): Promise<object>;
	search(caller: FhirCaller, params: URLSearchParams, page: Page): Promise<object>;
};

export type Written = { status: 200 | 201; resource: { id?: string } & object };

export type Writer = {
	create?(caller: FhirCaller, body: Record<string, unknown>): Promise<Written>;
	update?(caller: FhirCaller, id: string, body: Record<string, unknown>): Promise<Written>;
	/** `PUT [type]?identifier=system|value`: update the one it names, or create it. */
	conditionalUpdate?(
		caller: FhirCaller,
		params: URLSearchParams,
		body: Record<string, unknown>
	): Promise<Written>;
	delete?(caller: FhirCaller, id: string): Promise<void>;
};
