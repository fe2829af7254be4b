/**
 * What a bounce or complaint does (issue 19), in one transaction per report:
 *
 * - hard bounce: the invitation becomes `bounced` (from `sent`) with the server's reason,
 *   and the address is suppressed for that shop;
 * - complaint: the address is suppressed (reason `complained`, which outranks an earlier
 *   unsubscribe or bounce) and the report is counted;
 * - soft bounce: recorded in the invitation's history, nothing else (the mailbox may work
 *   tomorrow).
 *
 * Only reports whose token we signed get here (verify first). A report delivered twice is
 * recorded once: (invitation, kind) is unique.
 */
import type { Db } from "../db/client.ts";
import { findInvitationForReport, insertDeliveryReport, markInvitationBounced } from "../db/queries/delivery-reports.ts";
import { insertEvents } from "../db/queries/events.ts";
import { countMoved } from "../db/queries/invitation-counts.ts";
import { insertSuppression, markSuppressionComplained } from "../db/queries/suppressions.ts";
import type { ReportKind } from "./parse-reports.ts";

export interface VerifiedReport {
  invitationId: number;
  kind: ReportKind;
  status: string | null;
  diagnostic: string | null;
  via: "smtp" | "http";
}

export type ApplyOutcome = "applied" | "duplicate" | "unknown_invitation";

const EVENT = { hard_bounce: "bounced", soft_bounce: "soft_bounced", complaint: "complained" } as const;

export async function applyDeliveryReport(db: Db, report: VerifiedReport, now: Date): Promise<ApplyOutcome> {
  return db.transaction(async (tx) => {
    // Erased or purged since it was sent (retention, customers/redact): nothing to mark.
    const invitation = await findInvitationForReport(tx, report.invitationId);
    if (!invitation) return "unknown_invitation";
    const { shop } = invitation;
    const recorded = await insertDeliveryReport(tx, {
      shop,
      invitationId: invitation.id,
      kind: report.kind,
      status: report.status,
      diagnostic: report.diagnostic,
      via: report.via,
      receivedAt: now,
    });
    if (!recorded) return "duplicate";

    const email = invitation.email.trim().toLowerCase();
    const text = [report.status, report.diagnostic].filter(Boolean).join(": ");
    if (report.kind === "hard_bounce") {
      const reason = text ? `Bounced: ${text}` : "Bounced";
      const moved = await markInvitationBounced(tx, invitation.id, { lastError: reason, at: now });
      if (moved) await countMoved(tx, [moved], "sent", "bounced");
      await insertSuppression(tx, shop, email, now, "bounced");
    } else if (report.kind === "complaint") {
      if (!(await insertSuppression(tx, shop, email, now, "complained"))) await markSuppressionComplained(tx, shop, email);
    }
    await insertEvents(tx, [
      {
        invitationId: invitation.id,
        shop,
        type: EVENT[report.kind],
        actor: "system",
        at: now,
        // `error` is what the admin's timeline shows as the reason (EventTimeline).
        details: { status: report.status, diagnostic: report.diagnostic, via: report.via, ...(text ? { error: text } : {}) },
      },
    ]);
    return "applied";
  });
}
