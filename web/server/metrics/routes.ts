/**
 * Operator endpoints: GET /healthz (liveness), GET /readyz (readiness), and GET /metrics
 * (Prometheus) when METRICS_TOKEN is set; without it the route does not exist (404).
 */
import type { Server } from "node:http";
import express, { Router } from "express";
import type { Db } from "../db/client.ts";
import { bearerToken } from "../http/bearer-token.ts";
import { asyncHandler, errorHandler } from "../http/errors.ts";
import type { Logger } from "../logger.ts";
import type { Metrics } from "./metrics.ts";
import { readinessCheck, type ReadinessConfig } from "./readiness.ts";

export interface OpsDeps {
  db: Db;
  config: ReadinessConfig & { METRICS_TOKEN?: string | undefined };
  metrics?: Metrics | undefined;
}

export function opsRouter(deps: OpsDeps): Router {
  const router = Router();
  const readiness = readinessCheck(deps);

  // Liveness: the process answers. Nothing outside it is asked, so an outage of the
  // database or the mail server never makes an orchestrator restart healthy instances.
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });

  router.get(
    "/readyz",
    asyncHandler(async (_req, res) => {
      const result = await readiness();
      res.status(result.ready ? 200 : 503).json({
        status: result.ready ? "ready" : "not_ready",
        database: result.database,
        smtp: result.smtp,
        ...(result.ready ? {} : { reasons: result.reasons }),
      });
    }),
  );

  const { metrics } = deps;
  const token = deps.config.METRICS_TOKEN;
  if (metrics && token) {
    router.get(
      "/metrics",
      bearerToken(token, "metrics", "GET /metrics needs Authorization: Bearer <METRICS_TOKEN>."),
      asyncHandler(async (_req, res) => {
        res.set("Content-Type", metrics.registry.contentType);
        res.send(await metrics.registry.metrics());
      }),
    );
  }
  return router;
}

/** The same endpoints on their own port, for a process without the app (npm run worker). */
export function serveOps(deps: OpsDeps & { logger: Logger; port: number; host: string }): Promise<Server> {
  const app = express();
  app.disable("x-powered-by");
  app.use(opsRouter(deps));
  app.use(errorHandler(deps.logger));
  return new Promise((resolve) => {
    const server = app.listen(deps.port, deps.host, () => resolve(server));
  });
}

