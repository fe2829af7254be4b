/**
 * The production build as an operator runs it: `npm run build:server`, then `npm start` and
 * `npm run dispatch -- --once` on plain Node from dist/server — no tsx, no TypeScript loader —
 * on a fresh SQLite database (migrations at start, as before the build existed).
 */
import { spawn, spawnSync } from "node:child_process";
import nodemailer from "nodemailer";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer, SERVER_DIST } from "../scripts/build-server.ts";
import { ROOT } from "./support/paths.ts";
import { startSmtpSink, type SmtpSink } from "./support/smtp.ts";

const TOKEN = "build-test-metrics-token-0123456789";
let dir: string;
let env: NodeJS.ProcessEnv;

let smtp: SmtpSink;

beforeAll(async () => {
  await buildServer({ quiet: true });
  // Production refuses to start without a mail server and a token key (issue 13).
  smtp = await startSmtpSink();
  dir = mkdtempSync(path.join(os.tmpdir(), "ri-build-"));
  const port = 30000 + Math.floor(Math.random() * 20000);
  // What an operator sets; nothing that would load TypeScript (NODE_OPTIONS is dropped).
  const { NODE_OPTIONS: _drop, VITEST: _v, ...inherited } = process.env;
  env = {
    ...inherited,
    NODE_ENV: "production",
    SHOPIFY_API_KEY: "build-test-key",
    SHOPIFY_API_SECRET: "build-test-secret",
    SHOPIFY_APP_URL: "https://reviews.example.test",
    SCOPES: "read_orders,read_customers",
    DATABASE_URL: `file:${path.join(dir, "app.db")}`,
    OUTBOX_DIR: path.join(dir, "outbox"),
    HOST: "127.0.0.1",
    PORT: String(port),
    LOG_LEVEL: "info",
    METRICS_TOKEN: TOKEN,
    SMTP_URL: smtp.url,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  };
});
afterAll(async () => {
  await smtp.close();
  rmSync(dir, { recursive: true, force: true });
});

function scripts(): Record<string, string> {
  return JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts;
}

/**
 * A package.json script's own command, as npm runs it (node_modules/.bin first on PATH), but
 * exec'd so that the signal and the exit code are the server's own, not npm's.
 */
function runScript(name: string, extra: Record<string, string> = {}) {
  const child = spawn("sh", ["-c", `exec ${scripts()[name]}`], {
    cwd: ROOT,
    env: { ...env, ...extra, PATH: `${path.join(ROOT, "node_modules/.bin")}${path.delimiter}${env.PATH}` },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return {
    exited: new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code))),
    output: () => output,
    stop: () => child.kill("SIGTERM"),
    /** Waits for 200 from /healthz (migrations run first: allow for a loaded machine). */
    async healthy(port: number) {
      const deadline = Date.now() + 90_000;
      for (;;) {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
        if (res?.status === 200) return expect(await res.json()).toEqual({ status: "ok" });
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`\`npm run ${name}\` did not come up:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}

describe("the production build", () => {
  it("runs the built JavaScript on plain Node, and tsx is only a development dependency", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
    for (const name of ["start", "worker", "dispatch"]) expect(pkg.scripts[name]).toMatch(/^node (--\S+ )*dist\/server\/\w+\.js$/);
    expect(pkg.dependencies.tsx).toBeUndefined();
    for (const file of ["main.js", "worker.js"]) {
      const code = readFileSync(path.join(SERVER_DIST, file), "utf8");
      expect(code).not.toMatch(/from "tsx|\.ts"/);
    }
  });

  it("`npm start` migrates a fresh database, answers /healthz, /readyz and /metrics, and stops on SIGTERM", async () => {
    // With BOUNCE_SMTP_PORT it also runs the bounce listener (issue 19).
    const bouncePort = Number(env.PORT) + 2;
    const server = runScript("start", { BOUNCE_DOMAIN: "bounces.example.test", BOUNCE_SMTP_PORT: String(bouncePort), BOUNCE_SMTP_HOST: "127.0.0.1" });
    try {
      await server.healthy(Number(env.PORT));
      const base = `http://127.0.0.1:${env.PORT}`;
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      expect((await fetch(`${base}/metrics`)).status).toBe(401);
      const metrics = await fetch(`${base}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain("review_invitations_webhooks_total");
      expect(server.output()).toContain("review invitations listening");
      expect(server.output()).toContain("bounce listener started");
      const client = nodemailer.createTransport({ host: "127.0.0.1", port: bouncePort, secure: false, ignoreTLS: true });
      // It takes mail for the bounce domain only: no relay.
      await expect(client.sendMail({ envelope: { from: "", to: ["someone@elsewhere.example"] }, raw: "Subject: x\r\n\r\nx\r\n" })).rejects.toMatchObject({ responseCode: 550 });
      client.close();
    } finally {
      server.stop();
    }
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain("shutting down");
    expect(server.output()).not.toContain(TOKEN);
    expect(server.output()).not.toContain("build-test-secret");
  }, 120_000);

  it("`npm run worker` dispatches and answers /healthz and /metrics on WORKER_PORT", async () => {
    const port = Number(env.PORT) + 1;
    const worker = runScript("worker", { WORKER_PORT: String(port) });
    try {
      await worker.healthy(port);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      const metrics = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(await metrics.text()).toContain("review_invitations_dispatch_total");
      expect(worker.output()).toContain("Dispatching on");
    } finally {
      worker.stop();
    }
    expect(await worker.exited).toBe(0);
  }, 120_000);

  it("`npm run dispatch -- --once` runs a pass from the build", () => {
    expect(scripts().dispatch).toContain("dist/server/worker.js");
    const run = spawnSync("npm", ["run", "--silent", "dispatch", "--", "--once"], { cwd: ROOT, env, encoding: "utf8", timeout: 90_000 });
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain(`Dispatch pass via smtp://127.0.0.1:${smtp.port}`);
    expect(run.stdout).toContain("nothing was due.");
    expect(run.status).toBe(0);
  }, 120_000);
});
