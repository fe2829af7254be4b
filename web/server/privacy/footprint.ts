/**
 * Finds everything one customer left in one shop. A customer is matched by email (case-
 * insensitively: Shopify keeps the case the customer typed, our rows keep what the order
 * said), by Shopify customer id (stored on Order rows), and by the order ids the request
 * names. Addresses found on the matched orders count as the customer's too, so an order
 * placed under an older address is found by the customer id and its invitation with it.
 */
import { Prisma } from "../db/client.ts";
import type { CustomerIdentity } from "./payloads.ts";
import { isPlaceholderEmail } from "./scrub.ts";

type Tx = Prisma.TransactionClient;

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

function inList<T>(values: T[]): Prisma.Sql {
  return Prisma.join(values.map((v) => Prisma.sql`${v}`));
}

export async function findFootprint(tx: Tx, shop: string, who: CustomerIdentity): Promise<Footprint> {
  const emails = new Set<string>(who.email ? [who.email] : []);
  const names = new Set<string>();
  const orderIds = new Set<string>(who.orderIds);

  const orderConditions: Prisma.Sql[] = [];
  if (who.customerId) orderConditions.push(Prisma.sql`"customerId" = ${who.customerId}`);
  if (who.email) orderConditions.push(Prisma.sql`lower("email") = ${who.email}`);
  if (who.orderIds.length) orderConditions.push(Prisma.sql`"orderId" IN (${inList(who.orderIds)})`);
  const orders = await tx.$queryRaw<{ orderId: string; email: string | null; customerName: string | null }[]>`
    SELECT "orderId", "email", "customerName" FROM "Order"
    WHERE "shop" = ${shop} AND (${Prisma.join(orderConditions, " OR ")})`;
  for (const o of orders) {
    orderIds.add(o.orderId);
    if (o.email) emails.add(o.email.toLowerCase());
    if (o.customerName) names.add(o.customerName);
  }

  const invitationConditions: Prisma.Sql[] = [];
  if (emails.size) invitationConditions.push(Prisma.sql`lower("email") IN (${inList([...emails])})`);
  if (orderIds.size) invitationConditions.push(Prisma.sql`"orderId" IN (${inList([...orderIds])})`);
  const invitations = invitationConditions.length
    ? await tx.$queryRaw<{ id: number | bigint; email: string; customerName: string | null }[]>`
        SELECT "id", "email", "customerName" FROM "Invitation"
        WHERE "shop" = ${shop} AND (${Prisma.join(invitationConditions, " OR ")})
        ORDER BY "id"`
    : [];
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

export { inList };
