/**
 * InvitationEvent: the append-only audit trail of an invitation. Every writer in the app goes
 * through `insertEvents`, typed by the event kinds below.
 */
import type { Queryable } from "../client.ts";
import type { InvitationEventRow } from "../schema.ts";
import { sql } from "../sql.ts";

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
  | "suppressed"
  // issue 18: the review link's first click, and the one reminder
  | "clicked"
  | "reminder_sent"
  | "reminder_retry_scheduled"
  | "reminder_failed"
  | "reminder_canceled"

  // Reports that came back after the send (issue 19, web/server/deliverability).
  | "bounced"
  | "soft_bounced"
  | "complained";

export interface NewEvent {
  invitationId: number;
  shop: string;
  type: InvitationEventType;
  actor: string;
  at: Date;
  details?: Record<string, unknown> | null;
}

/** Appends entries in one statement; entries are never changed afterwards. */
export function insertEvents(db: Queryable, events: readonly NewEvent[]) {
  if (events.length === 0) return Promise.resolve(0);
  const rows = events.map(
    (e) => sql`(${e.invitationId}, ${e.shop}, ${e.type}, ${e.actor}, ${e.at}, ${e.details ? JSON.stringify(e.details) : null})`,
  );
  return db.run(sql`INSERT INTO "InvitationEvent" ("invitationId", "shop", "type", "actor", "at", "details")
    VALUES ${sql.join(rows)}`);
}

export function insertEvent(db: Queryable, event: NewEvent) {
  return insertEvents(db, [event]);
}

/** An invitation's history, oldest first. */
export function listEvents(db: Queryable, shop: string, invitationId: number): Promise<InvitationEventRow[]> {
  return db.all<InvitationEventRow>(sql`SELECT * FROM "InvitationEvent"
    WHERE "invitationId" = ${invitationId} AND "shop" = ${shop} ORDER BY "id"`);
}
