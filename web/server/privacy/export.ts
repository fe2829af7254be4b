/**
 * customers/data_request: everything this app stores about one customer of one shop, as
 * one JSON document the merchant downloads and passes on. Every column is included, not a
 * curated view: the customer has a right to see exactly what is kept.
 */
import type { Tx } from "../db/client.ts";
import { findEventsOfInvitations, findInvitationsByIds, findOrdersByIds } from "../db/queries/privacy.ts";
import { findShopSuppressions } from "../db/queries/suppressions.ts";
import type { InvitationEventRow } from "../db/schema.ts";
import { readProductLines } from "../invitations/products.ts";
import type { Footprint } from "./footprint.ts";
import type { DataRequestPayload } from "./payloads.ts";

export interface CustomerExport {
  format: "review-invitations/customer-data-export";
  version: 1;
  shop: string;
  generatedAt: string;
  request: { shopifyDataRequestId: string | null; customerId: string | null; email: string | null; ordersRequested: string[] };
  about: string;
  invitations: Record<string, unknown>[];
  orders: Record<string, unknown>[];
  suppressions: Record<string, unknown>[];
}

const ABOUT =
  "Review Invitations stores, per order, the data needed to send one review invitation by email: " +
  "the customer's email address, name, language, the order's name and product titles, the invitation's " +
  "delivery date and status, when the review link in the email was first opened and how often, when " +
  "the one reminder was sent, and a history of what happened to it. Addresses that unsubscribed are kept " +
  "so that they are never invited again.";

function parseJson(text: string | null): unknown {
  if (text == null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function assembleExport(
  tx: Tx,
  footprint: Footprint,
  request: DataRequestPayload,
  now: Date,
): Promise<CustomerExport> {
  const { shop } = footprint;
  const invitations = await findInvitationsByIds(tx, shop, footprint.invitationIds);
  const eventsOf = new Map<number, InvitationEventRow[]>();
  for (const event of await findEventsOfInvitations(tx, invitations.map((i) => i.id))) {
    const list = eventsOf.get(Number(event.invitationId));
    if (list) list.push(event);
    else eventsOf.set(Number(event.invitationId), [event]);
  }
  const orders = await findOrdersByIds(tx, shop, footprint.orderIds);
  const suppressions = await findShopSuppressions(tx, shop, footprint.emails);

  return {
    format: "review-invitations/customer-data-export",
    version: 1,
    shop,
    generatedAt: now.toISOString(),
    request: {
      shopifyDataRequestId: request.requestId,
      customerId: request.customerId,
      email: request.email,
      ordersRequested: request.orderIds,
    },
    about: ABOUT,
    invitations: invitations.map((invitation) => ({
      ...invitation,
      // Every stored line (title, variant, quantity…), whichever shape the row was written in.
      products: readProductLines(invitation.products),
      events: (eventsOf.get(Number(invitation.id)) ?? []).map(({ invitationId: _i, shop: _s, ...event }) => ({
        ...event,
        details: parseJson(event.details),
      })),
    })),
    orders: orders.map((order) => ({ ...order, products: readProductLines(order.products) })),
    // reason (issue 19): unsubscribed, bounced or complained; the field name predates the last two.
    suppressions: suppressions.map(({ email, createdAt, reason }) => ({ email, unsubscribedAt: createdAt, reason })),
  };
}
