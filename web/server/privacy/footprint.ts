/**
 * Finds everything one customer left in one shop. A customer is matched by email (case-
 * insensitively: Shopify keeps the case the customer typed, our rows keep what the order
 * said), by Shopify customer id (stored on Order rows), and by the order ids the request
 * names. Addresses found on the matched orders count as the customer's too, so an order
 * placed under an older address is found by the customer id and its invitation with it.
 */
import type { Tx } from "../db/client.ts";
import { findCustomerInvitations, findCustomerOrders } from "../db/queries/privacy.ts";
import type { CustomerIdentity } from "./payloads.ts";
import { isPlaceholderEmail } from "./scrub.ts";

export interface Footprint {
  shop: string;
  /** Lower-cased addresses tied to the customer. */
  emails: string[];
  /** Names found on the customer's rows, to remove copies of them in free text. */
  names: string[];
  /** Order ids: the request's and those of matched Order rows. */
  orderIds: string[];
  invitationIds: number[];
  customerId: string | null;
}

export async function findFootprint(tx: Tx, shop: string, who: CustomerIdentity): Promise<Footprint> {
  const emails = new Set<string>(who.email ? [who.email] : []);
  const names = new Set<string>();
  const orderIds = new Set<string>(who.orderIds);

  for (const o of await findCustomerOrders(tx, shop, who)) {
    orderIds.add(o.orderId);
    if (o.email) emails.add(o.email.toLowerCase());
    if (o.customerName) names.add(o.customerName);
  }

  const invitations = await findCustomerInvitations(tx, shop, [...emails], [...orderIds]);
  for (const i of invitations) {
    if (!isPlaceholderEmail(i.email)) emails.add(i.email.toLowerCase());
    if (i.customerName) names.add(i.customerName);
  }

  return {
    shop,
    emails: [...emails],
    names: [...names],
    orderIds: [...orderIds],
    invitationIds: invitations.map((i) => Number(i.id)),
    customerId: who.customerId,
  };
}
