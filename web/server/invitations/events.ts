import type { Prisma } from "../db/client.ts";

/** The kinds of entries in an invitation's audit trail. */
export type InvitationEventType =
  | "created"
  | "order_cancelled"
  | "rescheduled"
  | "customer_postponed"
  | "bulk_canceled"
  | "redacted"
  | "sending"
  | "sent"
  | "retry_scheduled"
  | "failed"
  | "suppressed";

type EventWriter = Pick<Prisma.TransactionClient, "invitationEvent">;

/** Appends one entry to an invitation's history. Entries are never changed afterwards. */
export async function appendEvent(
  db: EventWriter,
  invitation: { id: number; shop: string },
  type: InvitationEventType,
  actor: string,
  details?: Record<string, unknown>,
  at: Date = new Date(),
): Promise<void> {
  await db.invitationEvent.create({
    data: {
      invitationId: invitation.id,
      shop: invitation.shop,
      type,
      actor,
      at,
      details: details ? JSON.stringify(details) : null,
    },
  });
}
