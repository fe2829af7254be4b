/**
 * Recording what happened to each claimed invitation: its row, its history entry and its
 * shop's summary counters, in one short transaction per group of outcomes.
 *
 * Outcomes are written by group commit shortly after the SMTP server answers them: the
 * first answer opens a gathering window of GATHER_MS (50 ms); the group is written when the
 * window ends, when MAX_GROUP outcomes are waiting, or when the batch's last send is answered,
 * whichever comes first. A crashed dispatcher therefore re-sends at most the messages still
 * with the mail server plus those answered in the last window (≤ 50 ms, ~25 messages at
 * 500/s), each with its same Message-ID. One write per group: one update for every message
 * sent, one per failure, one insert of events, one change of counters (one fsync on SQLite,
 * whose Db may also fold it into the commit of other transactions of the same moment).
 * Grouping is what lets outcomes keep up with sending (bench/dispatch.ts; docs/performance.md, "Figures behind the code").
 * No transaction is ever open while the mail server is being talked to.
 *
 * Each update is conditional on this dispatcher's own claim (status and attempts), except
 * "sent": a message that went out is recorded as sent even if its lease lapsed meanwhile,
 * which is what stops a second dispatcher from sending it again.
 */
import type { Db, Tx } from "../db/client.ts";
import {
  failClaimedInvitation,
  markInvitationsSent,
  requeueClaimedInvitation,
  type ChangedInvitation,
} from "../db/queries/dispatch.ts";
import { insertEvents, type InvitationEventType, type NewEvent } from "../db/queries/events.ts";
import { addFunnelFacts } from "../db/queries/funnel.ts";
import { changeInvitationCounts, slotOf, type CountChange } from "../db/queries/invitation-counts.ts";
import { queueReminders } from "../db/queries/reminders.ts";
import type { Logger } from "../logger.ts";
import { writeReminderOutcomes, type ReminderCompletion } from "./reminders.ts";

interface Claim {
  id: number;
  shop: string;
  attempts: number;
  /** A reminder's outcome (issue 18): written by writeReminderOutcomes. */
  reminder?: boolean;
  /** Reminders: when their invitation was sent (the funnel's day). */
  sentAt?: Date | null;
}

/**
 * `startedAt`: when the send began; its "sending" entry is written with the outcome.
 * `remindAt`: the shop has reminders on, so the invitation's reminder is queued for then.
 */
export type Completion =
  | { kind: "sent"; invitation: Claim; startedAt: Date; at: Date; messageId: string; details?: Record<string, unknown>; remindAt?: Date }
  | { kind: "retry"; invitation: Claim; startedAt: Date; at: Date; nextAttemptAt: Date; reason: string }
  | { kind: "failed"; invitation: Claim; startedAt: Date; at: Date; reason: string }
  /** reason: why the address is on the shop's list (unsubscribed, bounced, complained). */
  | { kind: "suppressed"; invitation: Claim; at: Date; reason?: string };

/**
 * One group's outcomes: one update for every message sent (two: those still `sending`, then
 * those whose lease lapsed back to `queued`), one per failure, one insert of events, one
 * change of the shops' counters for the rows whose status really changed.
 */
async function writeOutcomes(tx: Tx, all: Completion[]): Promise<void> {
  await writeReminderOutcomes(tx, all.filter((c) => c.invitation.reminder) as ReminderCompletion[]);
  const group = all.filter((c) => !c.invitation.reminder);
  const moves: CountChange[] = [];
  const moved = (rows: readonly ChangedInvitation[], from: string, to: string) => {
    for (const r of rows) {
      const slot = slotOf(Number(r.id));
      moves.push({ shop: r.shop, status: from, slot, delta: -1 }, { shop: r.shop, status: to, slot, delta: 1 });
    }
  };
  const sent = group.filter((c): c is Extract<Completion, { kind: "sent" }> => c.kind === "sent");
  if (sent.length > 0) {
    const at = sent.reduce((latest, c) => (c.at > latest ? c.at : latest), sent[0]!.at);
    const messages = sent.map((c) => ({ id: c.invitation.id, messageId: c.messageId }));
    const fromSending = await markInvitationsSent(tx, messages, at, "sending");
    moved(fromSending, "sending", "sent");
    const done = new Set(fromSending.map((r) => Number(r.id)));
    if (fromSending.length < messages.length) {
      const fromQueued = await markInvitationsSent(tx, messages.filter((m) => !done.has(m.id)), at, "queued");
      moved(fromQueued, "queued", "sent");
      for (const r of fromQueued) done.add(Number(r.id));
    }
    // Issue 18: the funnel counts each send on the day of `at` (the row's sentAt), and the
    // invitation's one reminder is queued with it.
    const recorded = sent.filter((c) => done.has(c.invitation.id));
    await addFunnelFacts(tx, recorded.map((c) => ({ shop: c.invitation.shop, invitationId: c.invitation.id, sentAt: at, figure: "sent" as const })));
    await queueReminders(tx, recorded.flatMap((c) => (c.remindAt ? [{ invitationId: c.invitation.id, shop: c.invitation.shop, sendAt: c.remindAt }] : [])), at);
  }
  for (const c of group) {
    if (c.kind === "retry") {
      const row = await requeueClaimedInvitation(tx, c.invitation, { sendAt: c.nextAttemptAt, lastError: c.reason, at: c.at });
      if (row) moved([row], "sending", "queued");
    } else if (c.kind === "failed" || c.kind === "suppressed") {
      const row = await failClaimedInvitation(tx, c.invitation, { lastError: c.kind === "failed" ? c.reason : (c.reason ?? "unsubscribed"), at: c.at });
      if (row) moved([row], "sending", "failed");
    }
  }
  await changeInvitationCounts(tx, moves);
  await insertEvents(tx, group.flatMap(events));
}

function events(c: Completion): NewEvent[] {
  const attempt = c.invitation.attempts;
  const entry = (type: InvitationEventType, at: Date, details: Record<string, unknown>): NewEvent => ({
    invitationId: c.invitation.id,
    shop: c.invitation.shop,
    type,
    actor: "system",
    at,
    details,
  });
  if (c.kind === "suppressed") {
    return [entry("suppressed", c.at, { reason: SUPPRESSED_BECAUSE[c.reason ?? "unsubscribed"] ?? SUPPRESSED_BECAUSE.unsubscribed })];
  }
  // Written together with the outcome rather than before the send: one commit less per
  // batch. While a send is in flight the row's status already says `sending`.
  const sending = entry("sending", c.startedAt, { attempt });
  if (c.kind === "sent") return [sending, entry("sent", c.at, { messageId: c.messageId, attempt, ...c.details })];
  if (c.kind === "retry") {
    return [sending, entry("retry_scheduled", c.at, { error: c.reason, attempt, nextAttemptAt: c.nextAttemptAt.toISOString() })];
  }
  return [sending, entry("failed", c.at, { reason: c.reason, attempt })];
}

const SUPPRESSED_BECAUSE: Record<string, string> = {
  unsubscribed: "The customer unsubscribed from this shop's review invitations; nothing was sent.",
  bounced: "An earlier invitation to this address bounced: the mailbox does not exist. Nothing was sent.",
  complained: "The customer reported an earlier invitation as spam; nothing was sent.",
};

export interface Recorder {
  /** Resolves once the outcome is stored (or, after retries, logged as not stored). */
  record(completion: Completion): Promise<void>;
  /** Writes what is pending now instead of at the end of the gathering window. */
  flush(): void;
}

/**
 * Waiting a few milliseconds before writing lets the outcomes of a whole wave of sends
 * share one commit; without it each send finishing alone paid a commit (and, on SQLite, an
 * fsync) of its own: 3–7 s instead of ~1 s for 500 invitations to a local sink. A crash
 * inside the window re-sends at most those messages, with their same Message-IDs.
 */
const GATHER_MS = 50;
const MAX_GROUP = 100;

export function createRecorder(db: Db, logger?: Logger): Recorder {
  let pending: { completion: Completion; done: () => void }[] = [];
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> | null = null;

  async function writeGroup(group: typeof pending): Promise<void> {
    try {
      const completions = group.map((g) => g.completion);
      await retryWrite(() => db.transaction((tx) => writeOutcomes(tx, completions)));
    } catch (error) {
      // The emails are out (or their failure known) but not recorded. Rows stay `sending`
      // until their lease expires; sent ones then go again with the same Message-ID: the
      // rare duplicate is the price of never losing an invitation.
      logger?.error({ err: error, invitations: group.map((g) => g.completion.invitation.id) }, "could not record dispatch outcomes");
    }
    for (const g of group) g.done();
  }

  function startFlush(): void {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    if (flushing || pending.length === 0) return;
    flushing = (async () => {
      while (pending.length > 0) await writeGroup(pending.splice(0, MAX_GROUP));
    })().finally(() => {
      flushing = null;
      if (pending.length > 0) flushSoon();
    });
  }

  function flushSoon(): void {
    if (timer || flushing) return;
    if (pending.length >= MAX_GROUP) startFlush();
    else timer = setTimeout(startFlush, GATHER_MS);
  }

  return {
    record(completion) {
      return new Promise<void>((resolve) => {
        pending.push({ completion, done: resolve });
        flushSoon();
      });
    },
    flush: startFlush,
  };
}

/** A few quick retries ride out a busy or briefly unreachable database. */
async function retryWrite<T>(write: () => Promise<T>, tries = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= tries) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
  }
}
