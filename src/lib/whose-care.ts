import { page } from '$app/state';

/**
 * The name of the person whose care the page is about when it is not the reader's own (a carer
 * acting for them, a link worker helping them), else null. Read it inside `$derived`, so that it
 * follows the page.
 */
export function otherSubjectName(): string | null {
	return page.data.via !== 'self' ? (page.data.subjectName ?? null) : null;
}
