/**
 * Two dispatchers, two real processes, one database, 500 due invitations: every invitation
 * reaches the SMTP server exactly once (counted there, by Message-ID).
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { PassSummary } from "../web/server/dispatch/run-once.ts";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";
import { addShop, MINUTE } from "./support/dispatch.ts";
import { ROOT } from "./support/paths.ts";
import { TEST_SHOP } from "./support/shopify.ts";
import { startSmtpSink, type SmtpSink } from "./support/smtp.ts";

const COUNT = 500;
let sink: SmtpSink;
let database: TestDatabase;

beforeAll(async () => {
  sink = await startSmtpSink();
  database = await createTestDatabase();
});
afterAll(async () => {
  await sink.close();
  await database.close();
});

function startWorker(): { child: ChildProcessWithoutNullStreams; ready: Promise<void>; done: Promise<PassSummary> } {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "test/support/dispatch-worker.ts"), database.url, sink.url, "25"],
    { cwd: ROOT, env: { ...process.env, LOG_LEVEL: "silent" } },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  const output: string[] = [];
  let markReady: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  lines.on("line", (line) => {
    if (line === "ready") markReady();
    else output.push(line);
  });
  const done = new Promise<PassSummary>((resolve, reject) => {
    child.on("exit", (code) => {
      if (code === 0) resolve(JSON.parse(output.at(-1) ?? "{}") as PassSummary);
      else reject(new Error(`dispatcher process exited with ${code}:\n${stderr}`));
    });
  });
  return { child, ready, done };
}

it("two dispatchers running at once over 500 due invitations send each exactly once", async () => {
  const db = database.db;
  await addShop(db, TEST_SHOP);
  await addShop(db, "second-shop.myshopify.com");
  const due = new Date(Date.now() - MINUTE);
  await db.invitation.createMany({
    data: Array.from({ length: COUNT }, (_, i) => ({
      shop: i % 3 === 0 ? "second-shop.myshopify.com" : TEST_SHOP,
      email: `customer${i}@example.com`,
      customerName: `Customer ${i}`,
      orderName: `#${5000 + i}`,
      sendAt: due,
      source: "manual",
    })),
  });

  const workers = [startWorker(), startWorker()];
  await Promise.all(workers.map((w) => w.ready));
  for (const worker of workers) worker.child.stdin.write("go\n");
  const [a, b] = await Promise.all(workers.map((w) => w.done));

  // Both really worked: the load was shared, not run one after the other.
  expect(a!.sent).toBeGreaterThan(0);
  expect(b!.sent).toBeGreaterThan(0);
  expect(a!.sent + b!.sent).toBe(COUNT);
  expect(a!.failed + b!.failed + a!.retried + b!.retried).toBe(0);

  // Counted at the server: 500 messages, 500 distinct Message-IDs, one per invitation.
  expect(sink.messages).toHaveLength(COUNT);
  const ids = sink.messages.map((m) => m.messageId);
  expect(new Set(ids).size).toBe(COUNT);
  const rows = await db.invitation.findMany({ select: { id: true, shop: true, status: true, messageId: true } });
  expect(rows.every((row) => row.status === "sent")).toBe(true);
  expect(new Set(rows.map((row) => row.messageId))).toEqual(new Set(ids));
  expect(rows.map((row) => `<invitation-${row.id}.${row.shop}@reviews.example.test>`).sort()).toEqual([...ids].sort());
}, 120_000);
