/**
 * One side of the dispatch benchmark in its own process, driven by its parent over IPC.
 *   dispatch  the real dispatcher, as `npm run worker` runs it: runOnce (claim, render, send,
 *             record) until nothing is due, on the database it is told to open.
 *   bare      a bare nodemailer pooled loop sending the same emails, built beforehand.
 * Messages: {cmd: "open", url} (dispatch) | {cmd: "prepare", count} (bare) → {ready: true};
 * {cmd: "go"} → {sent, seconds, cpuMs}; "memory" → {maxRssBytes, rssBytes, cpuMs}.
 * Usage: node --import tsx dispatch-worker.ts <dispatch|bare> <smtpUrl> <batch> <connections>
 */
import { randomBytes } from "node:crypto";
import nodemailer from "nodemailer";
import { loadConfig } from "../../web/server/config/config.ts";
import { customerLinkKey } from "../../web/server/customer/links.ts";
import { openDatabase, type Db } from "../../web/server/db/client.ts";
import { runOnce } from "../../web/server/dispatch/run-once.ts";
import { buildInvitationEmail, type OutgoingEmail } from "../../web/server/mail/message.ts";
import { createSmtpTransport } from "../../web/server/mail/transport.ts";
import { APP_URL, benchInvitation, benchShop, DISPATCH_SHOPS } from "./dispatch-data.ts";

const [mode, smtpUrl, batch, connections] = process.argv.slice(2);
const config = loadConfig({
  NODE_ENV: "production",
  SHOPIFY_API_KEY: "bench",
  SHOPIFY_API_SECRET: process.env.BENCH_SECRET ?? "bench-secret",
  SHOPIFY_APP_URL: APP_URL,
  SCOPES: "read_orders",
  LOG_LEVEL: "silent",
  DISPATCH_BATCH_SIZE: batch!,
  SMTP_URL: smtpUrl!,
  SMTP_MAX_CONNECTIONS: connections!,
  TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"), // required in production; unused here
});

let db: Db | null = null;
let emails: OutgoingEmail[] = [];

async function buildEmails(count: number): Promise<OutgoingEmail[]> {
  const linkKey = customerLinkKey(config.SHOPIFY_API_SECRET);
  const list: OutgoingEmail[] = [];
  for (let i = 0; i < count; i++) {
    const invitation = { id: i + 1, ...benchInvitation(i) };
    const shop = { ...benchShop(i % DISPATCH_SHOPS), emailSubject: null, emailBody: null, noticeEnabled: true, noticeText: null, reviewUrl: null, senderName: null, replyTo: null };
    const { email } = await buildInvitationEmail(invitation, shop, {
      appUrl: config.SHOPIFY_APP_URL,
      mailFrom: config.MAIL_FROM,
      linkKey,
      postponeMax: config.CUSTOMER_POSTPONE_MAX,
    });
    list.push(email);
  }
  return list;
}

async function go(): Promise<{ sent: number; seconds: number; cpuMs: number }> {
  const cpuBefore = process.cpuUsage();
  const cpuMs = () => {
    const used = process.cpuUsage(cpuBefore);
    return (used.user + used.system) / 1000;
  };
  const started = performance.now();
  let sent = 0;
  if (mode === "bare") {
    const pool = nodemailer.createTransport({ pool: true, url: smtpUrl, maxConnections: Number(connections), maxMessages: 1000 });
    await Promise.all(emails.map((email) => pool.sendMail({ ...email })));
    sent = emails.length;
    const seconds = (performance.now() - started) / 1000;
    pool.close();
    return { sent, seconds, cpuMs: cpuMs() };
  }
  const transport = createSmtpTransport({ url: smtpUrl!, maxConnections: Number(connections) });
  for (;;) {
    const pass = await runOnce({ db: db!, transport, config });
    sent += pass.sent;
    if (pass.claimed === 0) break;
  }
  const seconds = (performance.now() - started) / 1000;
  await transport.close();
  const cpu = cpuMs();
  await db!.close();
  db = null;
  return { sent, seconds, cpuMs: cpu };
}

process.on("message", (message: { cmd?: string; url?: string; count?: number } | string) => {
  const reply = (work: Promise<object>) =>
    work.then(
      (value) => process.send?.(value),
      (error: Error) => process.send?.({ error: error.stack ?? String(error) }),
    );
  if (message === "memory") {
    const cpu = process.cpuUsage();
    process.send?.({ maxRssBytes: process.resourceUsage().maxRSS * 1024, rssBytes: process.memoryUsage().rss, cpuMs: (cpu.user + cpu.system) / 1000 });
  } else if (typeof message === "object" && message.cmd === "open") {
    reply(openDatabase(message.url!, { poolSize: config.DATABASE_POOL_SIZE }).then((opened) => ((db = opened), { ready: true })));
  } else if (typeof message === "object" && message.cmd === "prepare") {
    reply(buildEmails(message.count!).then((built) => ((emails = built), { ready: true })));
  } else if (typeof message === "object" && message.cmd === "go") {
    reply(go());
  }
});
process.on("disconnect", () => process.exit(0));
// A normal exit on SIGTERM, so `--cpu-prof` (BENCH_NODE_ARGS) can write its profile.
process.on("SIGTERM", () => process.exit(0));
process.send?.({ started: true });
