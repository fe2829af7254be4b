/**
 * customers/redact: a legal erasure of one customer's personal data in one shop. Rows stay
 * with their statuses and dates, so counts and statistics stay right; what identifies the
 * person goes, in every table:
 *
 * | table           | what happens                                                             |
 * |-----------------|--------------------------------------------------------------------------|
 * | Invitation      | email → placeholder; name, locale, products, order name → null; error text scrubbed; queued → canceled |
 * | InvitationEvent | details scrubbed of addresses and names; a `redacted` event is added     |
 * | Order           | email, name, customer id, locale, products, order name → null            |
 * | Suppression     | the customer's addresses deleted; each survives as a keyed hash (Erasure) |
 * | Erasure         | tombstones: keyed hashes of each address and the customer id (tombstones.ts) |
 * | DataRequest     | exports of that customer, their email and customer id → null             |
 * | DeliveryReport  | the bounce's diagnostic text scrubbed (it often quotes the address)      |
 * | other tables    | hold no customer data (WebhookDelivery keeps no payload)                 |
 */
import type { Tx } from "../db/client.ts";
import { eraseCustomerDataRequests } from "../db/queries/data-requests.ts";
import { findReportDiagnostics, setReportDiagnostic } from "../db/queries/delivery-reports.ts";
import { insertEvents } from "../db/queries/events.ts";
import { countMoved } from "../db/queries/invitation-counts.ts";
import {
  anonymiseInvitations,
  cancelQueuedInvitations,
  eraseOrders,
  findEventDetails,
  findInvitationErrors,
  findUnerasedInvitationIds,
  setEventDetails,
  setInvitationError,
} from "../db/queries/privacy.ts";
import { countShopErasures, insertErasures } from "../db/queries/erasures.ts";
import { deleteSuppressions, findShopSuppressions } from "../db/queries/suppressions.ts";
import { findFootprint, type Footprint } from "./footprint.ts";
import type { CustomerIdentity } from "./payloads.ts";
import { scrubDetails, scrubText } from "./scrub.ts";
import { tombstoneHash, type ErasureKeys, type TombstoneKind } from "./tombstones.ts";

export interface RedactionResult {
  invitations: number;
  canceled: number;
  orders: number;
  suppressions: number;
  dataRequests: number;
  tombstones: number;
  /** The erased invitations (their outbox files go too). */
  invitationIds: number[];
}

export const ERASURE_NOTE =
  "Personal data erased on the customer's request (Shopify customers/redact). " +
  "This is a legal erasure, not the merchant's choice.";

/** Runs inside the delivery's transaction: every statement on `tx`. */
export async function redactCustomer(
  tx: Tx,
  shop: string,
  who: CustomerIdentity,
  now: Date,
  keys: ErasureKeys,
): Promise<RedactionResult> {
  const footprint = await findFootprint(tx, shop, who);
  const ids = footprint.invitationIds;
  let canceled = 0;

  if (ids.length) {
    // A queued invitation must not go out to someone who asked to be forgotten. Only
    // `queued`: one already `sending` is in the hands of the mail server, and pretending it
    // was not sent would make the statistics lie.
    const canceledIds = await cancelQueuedInvitations(tx, shop, ids, now);
    await countMoved(tx, canceledIds.map((id) => ({ id, shop })), "queued", "canceled");
    const queuedIds = new Set(canceledIds);
    canceled = queuedIds.size;
    await scrubEvents(tx, footprint);
    // A redelivered request finds the same rows again; their history says "redacted" once.
    const fresh = await findUnerasedInvitationIds(tx, shop, ids);
    await insertEvents(
      tx,
      fresh.map((invitationId) => ({
        invitationId,
        shop,
        type: "redacted",
        actor: "system",
        at: now,
        details: {
          reason: "customers/redact",
          note: ERASURE_NOTE,
          ...(queuedIds.has(invitationId) ? { canceled: true, effect: "The queued invitation was cancelled by this erasure." } : {}),
        },
      })),
    );
    await anonymise(tx, footprint, now);
  }

  const orders = await eraseOrders(tx, shop, footprint.orderIds, now);
  // "Never invite again" outlives the address: the suppression stays, as a hash.
  const suppressed = await findShopSuppressions(tx, shop, footprint.emails);
  const suppressions = await deleteSuppressions(tx, shop, footprint.emails);
  const dataRequests = await eraseCustomerDataRequests(tx, shop, footprint.customerId, footprint.emails);

  const tombstone = (kind: TombstoneKind, value: string) => ({ kind, hash: tombstoneHash(keys, kind, value) });
  const tombstones = await insertErasures(
    tx,
    shop,
    [
      ...footprint.emails.map((email) => tombstone("customer_email", email)),
      ...(footprint.customerId ? [tombstone("customer_id", footprint.customerId)] : []),
      ...suppressed.map((row) => tombstone("suppressed_email", row.email)),
    ],
    now,
  );
  if (tombstones > 0) await countShopErasures(tx, shop, tombstones);

  return { invitations: ids.length, canceled, orders, suppressions, dataRequests, tombstones, invitationIds: ids };
}

/** One set-based statement (the placeholder is computed from each row's id), then the error texts. */
async function anonymise(tx: Tx, footprint: Footprint, now: Date): Promise<void> {
  await anonymiseInvitations(tx, footprint.shop, footprint.invitationIds, now);
  // Error texts are free text (an SMTP reply often quotes the address): scrub, keep the reason.
  for (const row of await findInvitationErrors(tx, footprint.shop, footprint.invitationIds)) {
    const scrubbed = scrubText(row.lastError, footprint.names);
    if (scrubbed !== row.lastError) await setInvitationError(tx, row.id, scrubbed);
  }
  for (const row of await findReportDiagnostics(tx, footprint.shop, footprint.invitationIds)) {
    const scrubbed = scrubText(row.diagnostic, footprint.names);
    if (scrubbed !== row.diagnostic) await setReportDiagnostic(tx, row.id, scrubbed);
  }
}

/**
 * Events belong to one invitation (insertEvents), so the customer's data in the audit trail
 * is in their invitations' events. Scanning every event of the shop for the address as
 * well is too slow for the 5 s webhook answer at a large shop (docs/performance.md, "Figures behind the code"),
 * for copies that by construction do not exist.
 */
async function scrubEvents(tx: Tx, footprint: Footprint): Promise<void> {
  for (const event of await findEventDetails(tx, footprint.shop, footprint.invitationIds)) {
    const scrubbed = scrubDetails(event.details, footprint.names);
    if (scrubbed !== event.details) await setEventDetails(tx, event.id, scrubbed);
  }
}
