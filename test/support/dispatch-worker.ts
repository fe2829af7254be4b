/**
 * A dispatcher in its own process, for the "two dispatchers at once" test: it waits for
 * "go" on stdin (so both start together), runs passes until nothing is left, and prints its
 * summary as JSON. Usage: node --import tsx dispatch-worker.ts <DATABASE_URL> <SMTP_URL> <batch>
 */
import { createInterface } from "node:readline";
import { openDatabase } from "../../web/server/db/client.ts";
import { runOnce, type PassSummary } from "../../web/server/dispatch/run-once.ts";
import { createSmtpTransport } from "../../web/server/mail/transport.ts";
import { testConfig } from "./shopify.ts";

const [databaseUrl, smtpUrl, batch] = process.argv.slice(2);
const db = await openDatabase(databaseUrl!, { poolSize: 4 });
const transport = createSmtpTransport({ url: smtpUrl!, maxConnections: 3 });
const config = testConfig({ DISPATCH_BATCH_SIZE: batch ?? "25", MAIL_FROM: "Reviews <reviews@reviews.example.test>" });

process.stdout.write("ready\n");
const lines = createInterface({ input: process.stdin });
for await (const line of lines) if (line.trim() === "go") break;

const total: PassSummary = { fallbackCreated: 0, leasesExpired: 0, claimed: 0, sent: 0, retried: 0, failed: 0, suppressed: 0, reminded: 0, batches: 0 };
let idle = 0;
while (idle < 2) {
  const pass = await runOnce({ db, transport, config });
  for (const key of ["claimed", "sent", "retried", "failed", "suppressed", "batches"] as const) total[key] += pass[key];
  idle = pass.claimed === 0 ? idle + 1 : 0;
}
await transport.close();
await db.close();
process.stdout.write(`${JSON.stringify(total)}\n`);
process.exit(0);
