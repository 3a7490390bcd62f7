import { may } from '$lib/server/access/policy';
import { actingForList, proxiesOf } from '$lib/server/people/people';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => ({
	// Who can act for the person is theirs alone to see: not shown while acting for someone else.
	managesOwn: may(locals, 'people.manage'),
	proxies: await proxiesOf(locals),
	actingFor: await actingForList(locals.actor),
	notice: url.searchParams.get('done')
});
