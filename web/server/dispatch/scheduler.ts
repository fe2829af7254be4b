/**
 * Runs dispatch passes on a schedule (DISPATCH_CRON, node-cron; seconds allowed). Cron
 * only calls runOnce; passes never overlap (a tick during a long pass is skipped: the
 * running pass keeps claiming until nothing is due anyway). stop() is the SIGTERM path:
 * no new claims, the batch in flight is sent and recorded, then the transport closes.
 */
import cron from "node-cron";
import type { Db } from "../db/client.ts";
import type { Logger } from "../logger.ts";
import { createMailTransport, type MailTransport, type TransportConfig } from "../mail/transport.ts";
import type { Metrics } from "../metrics/metrics.ts";
import { runOnce, type DispatchConfig, type PassSummary } from "./run-once.ts";

import type { ProductCatalog } from "../shopify-admin/product-details.ts";

export interface DispatcherDeps {
  db: Db;
  config: DispatchConfig & TransportConfig & { DISPATCH_CRON: string };
  logger?: Logger;
  /** Defaults to SMTP_URL's pool or the outbox; an injected transport is not closed by stop(). */
  transport?: MailTransport;
  clock?: () => Date;
  /** Counts passes and times sends for GET /metrics. */
  metrics?: Pick<Metrics, "dispatchPass" | "timeTransport"> | undefined;
  /** Products' handles and images for webhook orders (issue 18). */
  productCatalog?: ProductCatalog;
}

export interface Dispatcher {
  readonly transport: MailTransport;
  /** Runs a pass now, or joins the one already running. */
  runNow(): Promise<PassSummary | null>;
  /** Stops claiming, waits for the pass in flight, closes the transport it opened. */
  stop(): Promise<void>;
}

export function startDispatcher(deps: DispatcherDeps): Dispatcher {
  const ownTransport = !deps.transport;
  const untimed = deps.transport ?? createMailTransport(deps.config);
  const transport = deps.metrics ? deps.metrics.timeTransport(untimed) : untimed;
  let stopping = false;
  let running: Promise<PassSummary | null> | null = null;
  let stopped: Promise<void> | null = null;

  const runNow = (): Promise<PassSummary | null> => {
    if (stopping) return Promise.resolve(null);
    running ??= runOnce({
      db: deps.db,
      transport,
      config: deps.config,
      ...(deps.clock ? { clock: deps.clock } : {}),
      ...(deps.logger ? { logger: deps.logger } : {}),
      ...(deps.productCatalog ? { productCatalog: deps.productCatalog } : {}),
      shouldStop: () => stopping,
    })
      .then((summary) => {
        deps.metrics?.dispatchPass(summary);
        return summary;
      })
      .catch((error: unknown) => {
        // The next tick tries again; nothing claimed is lost (leases expire).
        deps.logger?.error({ err: error }, "dispatch pass failed");
        return null;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };

  const task = cron.schedule(deps.config.DISPATCH_CRON, () => void runNow(), { name: "dispatch", noOverlap: true });
  deps.logger?.info({ schedule: deps.config.DISPATCH_CRON, transport: transport.description }, "dispatcher started");

  return {
    transport,
    runNow,
    stop() {
      stopped ??= (async () => {
        stopping = true;
        await task.stop();
        await task.destroy();
        await running;
        if (ownTransport) await transport.close();
        deps.logger?.info("dispatcher stopped");
      })();
      return stopped;
    },
  };
}
