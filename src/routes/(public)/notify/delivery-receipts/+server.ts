// GOV.UK Notify's delivery-receipt callback: how a message we sent went (see README, "Delivery
// receipts"). Public, as Notify has no session: it proves itself with the bearer token set for
// this callback, and what it says is recorded by messages/delivery.ts.
import { notifyCallbackTokens } from '$lib/server/config';
import { readDeliveryReceipt, recordDelivery } from '$lib/server/messages/delivery';
import { notifyCallbackBody } from '$lib/server/web/callback';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request }) => {
	const body = await notifyCallbackBody(request, notifyCallbackTokens.deliveryReceipt);
	if (!body.ok) return body.response;
	const receipt = readDeliveryReceipt(body.posted);
	if (!receipt) return new Response(null, { status: 400 });
	// A receipt for no message of ours (one sent after the backup this database was restored
	// from, say) is answered as one recorded: it is not wrong, and nothing can be done with it.
	await recordDelivery(receipt);
	return new Response(null, { status: 204 });
};
