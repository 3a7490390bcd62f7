// Who did something to a person's care and how, as the person reads it in their activity log:
// "You", "Daniel Ofori, acting for you", "Staff at Eastmere Health Centre", "You, by text
// message". Shared by the log's list and its filter, and by the summary of a person's data.
import type { CatalogueName, Translate } from '$lib/i18n';

export type Who = {
	actorUserId?: number | null;
	userId?: number | null;
	via: string;
	name: string | null;
	organisation: string | null;
	/** The name of another organisation's system, when it was one. */
	system?: string | null;
	/** Where it was done; a reply to a text message says so. */
	channel?: string;
};

/** `me`: the signed-in person, who is "You". */
export function whoDid(
	entry: Who,
	me: number,
	t: Translate,
	catalogue: (name: string) => CatalogueName
): string {
	const person = (() => {
		const userId = entry.actorUserId ?? entry.userId ?? null;
		if (userId === null) return t('activity.by.system');
		if (userId === me) return t('activity.by.self');
		const name = entry.name ?? t('activity.someone');
		if (entry.via === 'staff') {
			const organisation = entry.organisation ? catalogue(entry.organisation).text : '';
			// Not a person at all: another organisation's system, by the name it was registered with.
			return entry.system
				? t('activity.by.fhir', { organisation, system: entry.system })
				: t('activity.by.staff', { organisation });
		}
		if (entry.via === 'assisted') return t('activity.by.assisted', { name });
		return t('activity.by.proxy', { name });
	})();
	return entry.channel === 'text' ? t('activity.by.byText', { who: person }) : person;
}
