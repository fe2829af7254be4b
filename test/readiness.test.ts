/**
 * Liveness and readiness as a load balancer or an orchestrator asks them: /healthz says the
 * process answers (an outage elsewhere is no reason to restart it); /readyz says whether it
 * can work now: the database, and the mail server where this process sends.
 */
import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../web/server/app.ts";
import { createLogger } from "../web/server/logger.ts";
import { createShopify } from "../web/server/shopify.ts";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";
import { testConfig } from "./support/shopify.ts";
import { startSmtpSink, type SmtpSink } from "./support/smtp.ts";

let database: TestDatabase;
let sink: SmtpSink;

beforeEach(async () => {
  database = await createTestDatabase();
  sink = await startSmtpSink();
});
afterEach(async () => {
  await sink.close();
  await database.close();
});

function app(env: Record<string, string> = {}) {
  const config = testConfig(env);
  return createApp({ config, db: database.db, shopify: createShopify(config), logger: createLogger("silent") });
}

describe("GET /healthz (liveness)", () => {
  it("answers 200 while the process runs, even when the database is gone", async () => {
    const server = app();
    expect((await request(server).get("/healthz")).body).toEqual({ status: "ok" });
    await database.simulateOutage();
    const res = await request(server).get("/healthz");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok" });
  });
});

describe("GET /readyz (readiness)", () => {
  it("is ready with the database reachable and no SMTP configured", async () => {
    const res = await request(app()).get("/readyz");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ready", database: "ok", smtp: "not checked" });
  });

  it("answers 503 with the reason when the database cannot be reached", async () => {
    const server = app();
    await database.simulateOutage();
    const res = await request(server).get("/readyz");
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      status: "not_ready",
      database: "unreachable",
      smtp: "not checked",
      reasons: ["The database cannot be reached."],
    });
  });

  it("checks the SMTP server when this process sends", async () => {
    const res = await request(app({ SMTP_URL: sink.url })).get("/readyz");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "ready", smtp: "ok" });
  });

  it("answers 503 when the SMTP server is down, without showing SMTP_URL's credentials", async () => {
    const port = sink.port;
    await sink.stop();
    const res = await request(app({ SMTP_URL: `smtp://mailer:hunter2-secret@127.0.0.1:${port}` })).get("/readyz");
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: "not_ready", database: "ok", smtp: "unreachable" });
    expect(res.body.reasons).toEqual(["The mail server cannot be used: The mail server refused the connection (is it running?)"]);
    expect(res.text).not.toContain("hunter2");
  });

  it("ignores SMTP on a web instance that leaves sending to a worker", async () => {
    await sink.stop();
    const res = await request(app({ SMTP_URL: sink.url, DISPATCH_ENABLED: "false" })).get("/readyz");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ready", database: "ok", smtp: "not checked" });
  });
});
