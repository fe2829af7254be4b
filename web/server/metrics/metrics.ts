/**
 * What an operator watches, in Prometheus' text format (prom-client), one registry per app
 * (tests run many apps in one process). Served at GET /metrics when METRICS_TOKEN is set
 * (./routes.ts). Each process counts what it did itself: scrape every web instance and
 * every worker; the invitations-by-status gauge reads the shared database, so it is the
 * same on every instance (take max, not sum, across instances).
 */
import type { RequestHandler, Response } from "express";
import client from "prom-client";
import type { Db } from "../db/client.ts";
import { readInvitationTotals } from "../db/queries/invitation-counts.ts";
import type { Logger } from "../logger.ts";
import type { MailTransport } from "../mail/transport.ts";
import type { PassSummary } from "../dispatch/run-once.ts";

const PREFIX = "review_invitations_";

export interface Metrics {
  readonly registry: client.Registry;
  /** One webhook answered: its topic ("unverified" before the HMAC passed), outcome, time. */
  webhook(topic: string, outcome: string, seconds: number): void;
  /** A dispatch pass's counts. */
  dispatchPass(summary: PassSummary): void;
  /** The same transport, with each send timed. */
  timeTransport(transport: MailTransport): MailTransport;
}

export function createMetrics(deps: { db: Db; logger?: Logger }): Metrics {
  const registry = new client.Registry();
  const registers = [registry];
  // Process metrics, among them nodejs_eventloop_lag_seconds and its percentiles.
  client.collectDefaultMetrics({ register: registry });

  const webhooks = new client.Counter({
    name: `${PREFIX}webhooks_total`,
    help: "Webhook deliveries answered, by topic and outcome (the handler's outcome, duplicate, or the refusal).",
    labelNames: ["topic", "outcome"] as const,
    registers,
  });
  const intake = new client.Histogram({
    name: `${PREFIX}webhook_intake_seconds`,
    help: "Time from a webhook's arrival to its answer (verify, store, commit). Shopify gives up after 5 s.",
    labelNames: ["topic"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  const dispatch = new client.Counter({
    name: `${PREFIX}dispatch_total`,
    help: "Invitations handled by this process's dispatcher: sent, retried (temporary failure), failed, suppressed (unsubscribed).",
    labelNames: ["outcome"] as const,
    registers,
  });
  const leases = new client.Counter({
    name: `${PREFIX}dispatch_leases_expired_total`,
    help: "Claims of a dispatcher that stopped before finishing, given back to the queue (or failed) by this process.",
    registers,
  });
  const mailSend = new client.Histogram({
    name: `${PREFIX}mail_send_seconds`,
    help: "Time the mail transport took to accept one message: the SMTP server's answer (or the outbox file without SMTP_URL).",
    labelNames: ["result"] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  new client.Gauge({
    name: `${PREFIX}invitations`,
    help: "Invitations by status, all shops, from the status counters (no scan of the invitations).",
    labelNames: ["status"] as const,
    registers,
    async collect() {
      try {
        const totals = await readInvitationTotals(deps.db);
        this.reset();
        for (const [status, n] of Object.entries(totals)) this.set({ status }, n);
      } catch (error) {
        // The rest of the page still helps during an outage; /readyz says what is wrong.
        this.reset();
        deps.logger?.warn({ err: error }, "metrics: invitation counts unavailable");
      }
    },
  });
  for (const outcome of ["sent", "reminded", "retried", "failed", "suppressed"]) dispatch.inc({ outcome }, 0);

  return {
    registry,
    webhook(topic, outcome, seconds) {
      webhooks.inc({ topic, outcome });
      intake.observe({ topic }, seconds);
    },
    dispatchPass(summary) {
      dispatch.inc({ outcome: "sent" }, summary.sent);
      dispatch.inc({ outcome: "reminded" }, summary.reminded);
      dispatch.inc({ outcome: "retried" }, summary.retried);
      dispatch.inc({ outcome: "failed" }, summary.failed);
      dispatch.inc({ outcome: "suppressed" }, summary.suppressed);
      leases.inc(summary.leasesExpired);
    },
    timeTransport(transport) {
      return {
        get description() {
          return transport.description;
        },
        get ratePerSecond() {
          return transport.ratePerSecond;
        },
        verify: () => transport.verify(),
        close: () => transport.close(),
        async send(email, options) {
          const end = mailSend.startTimer();
          try {
            const result = await transport.send(email, options);
            end({ result: "accepted" });
            return result;
          } catch (error) {
            end({ result: "error" });
            throw error;
          }
        },
      };
    },
  };
}

/** Times each webhook from arrival to answer; mounted in front of the webhook route. */
export function timeWebhooks(metrics: Metrics): RequestHandler {
  return (_req, res, next) => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const { topic, outcome } = webhookOutcome(res);
      metrics.webhook(topic, outcome, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}

/** Set by the webhook route once it knows them; read when the answer goes out. */
export function noteWebhook(res: Response, topic: string, outcome?: string): void {
  res.locals.webhookTopic = topic;
  if (outcome) res.locals.webhookOutcome = outcome;
}

const REFUSALS: Record<number, string> = {
  400: "bad_request",
  401: "unauthorized",
  413: "too_large",
  503: "storage_unavailable",
};

/** Outcome of an answered webhook: what the route noted, else what its status says. */
export function webhookOutcome(res: Response): { topic: string; outcome: string } {
  const topic = typeof res.locals.webhookTopic === "string" ? res.locals.webhookTopic : "unverified";
  const noted = res.locals.webhookOutcome;
  const outcome = typeof noted === "string" ? noted : (REFUSALS[res.statusCode] ?? `http_${res.statusCode}`);
  return { topic, outcome };
}
