/**
 * Dispatch throughput: invitations per second through runOnce (claim, render, send, record)
 * against a bare nodemailer pooled send loop of the same messages to the same local SMTP
 * sink, and their ratio, in one run. Target: ratio ≥ 0.7.
 *
 *   npm run bench:dispatch                  2,000 invitations, 5 shops, batch 100, 5 connections
 *   npm run bench:dispatch -- 5000 250 7    invitations, batch size, measured rounds
 *
 * The sink runs in its own process (accepts and counts, parses nothing), so neither side
 * pays for it on its own event loop. After a warm-up, the two sides alternate for several
 * rounds and their medians are compared.
 */
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import nodemailer from "nodemailer";
import { SMTPServer } from "smtp-server";
import { loadConfig } from "../web/server/config/config.ts";
import { customerLinkKey } from "../web/server/customer/links.ts";
import { openDatabase, type Db } from "../web/server/db/client.ts";
import { applyMigrations } from "../web/server/db/migrate.ts";
import { runOnce } from "../web/server/dispatch/run-once.ts";
import { buildInvitationEmail, type OutgoingEmail } from "../web/server/mail/message.ts";
import { createSmtpTransport } from "../web/server/mail/transport.ts";

const here = fileURLToPath(import.meta.url);

// --- the sink (child process) ------------------------------------------------------------
if (process.argv[2] === "--sink") {
  let received = 0;
  const sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      stream.on("data", () => undefined);
      stream.on("end", () => {
        received++;
        callback();
      });
    },
  });
  sink.listen(0, "127.0.0.1", () => {
    process.stdout.write(`port ${(sink.server.address() as { port: number }).port}\n`);
  });
  createInterface({ input: process.stdin }).on("line", (line) => {
    if (line === "count") process.stdout.write(`count ${received}\n`);
  });
  process.stdin.on("end", () => process.exit(0));
} else {
  await main();
}

async function main() {
  const count = Number(process.argv[2] ?? 2000);
  const batch = process.argv[3] ?? "100";
  const rounds = Number(process.argv[4] ?? 5);
  const connections = 5;
  const shops = 5;

  const sink = spawn(process.execPath, ["--import", "tsx", here, "--sink"], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: sink.stdout! });
  const waiters: ((line: string) => void)[] = [];
  lines.on("line", (line) => waiters.shift()?.(line));
  const nextLine = () => new Promise<string>((resolve) => waiters.push(resolve));
  const port = Number((await nextLine()).split(" ")[1]);
  const sinkCount = async () => {
    sink.stdin!.write("count\n");
    return Number((await nextLine()).split(" ")[1]);
  };
  const smtpUrl = `smtp://127.0.0.1:${port}`;

  const dir = mkdtempSync(path.join(os.tmpdir(), "ri-bench-dispatch-"));
  const template = path.join(dir, "template.db");
  applyMigrations(`file:${template}`);
  const config = loadConfig({
    NODE_ENV: "production",
    SHOPIFY_API_KEY: "bench",
    SHOPIFY_API_SECRET: "bench-secret",
    SHOPIFY_APP_URL: "https://reviews.example.com",
    SCOPES: "read_orders",
    LOG_LEVEL: "silent",
    DISPATCH_BATCH_SIZE: batch,
    SMTP_URL: smtpUrl,
    SMTP_MAX_CONNECTIONS: String(connections),
  });

  let round = 0;
  async function freshDatabase(): Promise<Db> {
    const file = path.join(dir, `run-${++round}.db`);
    copyFileSync(template, file);
    const db = await openDatabase(`file:${file}`);
    for (let s = 0; s < shops; s++) await db.shop.create({ data: { domain: `shop-${s}.myshopify.com`, name: `Shop ${s}` } });
    const due = new Date(Date.now() - 60_000);
    for (let offset = 0; offset < count; offset += 1000) {
      await db.invitation.createMany({
        data: Array.from({ length: Math.min(1000, count - offset) }, (_, k) => {
          const i = offset + k;
          return {
            shop: `shop-${i % shops}.myshopify.com`,
            email: `customer${i}@example.com`,
            customerName: `Customer ${i}`,
            orderName: `#${10_000 + i}`,
            orderId: String(5_000_000_000_000 + i),
            products: JSON.stringify(["Linen shirt", "Canvas tote"]),
            sendAt: due,
            source: "manual",
          };
        }),
      });
    }
    return db;
  }

  // The bare side sends exactly what the dispatcher would send, built beforehand.
  const emails: OutgoingEmail[] = [];
  const linkKey = customerLinkKey(config.SHOPIFY_API_SECRET);
  for (let i = 0; i < count; i++) {
    const shop = { domain: `shop-${i % shops}.myshopify.com`, name: `Shop ${i % shops}`, emailSubject: null, emailBody: null, noticeEnabled: true, noticeText: null, reviewUrl: null, senderName: null, replyTo: null };
    const { email } = await buildInvitationEmail(
      { id: i + 1, shop: shop.domain, email: `customer${i}@example.com`, customerName: `Customer ${i}`, orderName: `#${10_000 + i}`, orderId: String(5_000_000_000_000 + i), products: JSON.stringify(["Linen shirt", "Canvas tote"]), customerPostpones: 0 },
      shop,
      { appUrl: config.SHOPIFY_APP_URL, mailFrom: config.MAIL_FROM, linkKey, postponeMax: config.CUSTOMER_POSTPONE_MAX },
    );
    emails.push(email);
  }

  async function bare(): Promise<number> {
    const pool = nodemailer.createTransport({ pool: true, url: smtpUrl, maxConnections: connections, maxMessages: 1000 });
    const before = await sinkCount();
    const started = performance.now();
    await Promise.all(emails.map((email) => pool.sendMail({ ...email })));
    const seconds = (performance.now() - started) / 1000;
    pool.close();
    if ((await sinkCount()) - before !== count) throw new Error("bare loop: the sink did not receive every message");
    return count / seconds;
  }

  async function dispatch(): Promise<number> {
    const db = await freshDatabase();
    const transport = createSmtpTransport({ url: smtpUrl, maxConnections: connections });
    const before = await sinkCount();
    const started = performance.now();
    let sent = 0;
    for (;;) {
      const pass = await runOnce({ db, transport, config });
      sent += pass.sent;
      if (pass.claimed === 0) break;
    }
    const seconds = (performance.now() - started) / 1000;
    await transport.close();
    await db.$disconnect();
    if (sent !== count || (await sinkCount()) - before !== count) throw new Error(`dispatch: sent ${sent} of ${count}`);
    return count / seconds;
  }

  // One warm-up round each (JIT, connections), then alternating measured rounds: the
  // machine's other load hits both sides alike, and the medians are compared.
  await bare();
  await dispatch();
  const bareRates: number[] = [];
  const dispatchRates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    bareRates.push(await bare());
    dispatchRates.push(await dispatch());
  }
  sink.stdin!.end();
  rmSync(dir, { recursive: true, force: true });

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const bareMedian = median(bareRates);
  const dispatchMedian = median(dispatchRates);
  const pairs = dispatchRates.map((d, i) => d / bareRates[i]!);
  const fmt = (n: number) => n.toFixed(0).padStart(6);
  const runs = (values: number[]) => values.map((v) => v.toFixed(0)).join(", ");
  console.log(`dispatch benchmark: ${count} invitations, ${shops} shops, batch ${batch}, ${connections} SMTP connections, SQLite, ${rounds} rounds`);
  console.log(`  bare nodemailer pool loop:   ${fmt(bareMedian)} messages/s    (median; runs: ${runs(bareRates)})`);
  console.log(`  runOnce (claim→send→record): ${fmt(dispatchMedian)} invitations/s (median; runs: ${runs(dispatchRates)})`);
  console.log(`  ratio: ${(dispatchMedian / bareMedian).toFixed(2)} (target ≥ 0.70; per round: ${pairs.map((p) => p.toFixed(2)).join(", ")})`);
}
