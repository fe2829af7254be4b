/**
 * Several app instances on one database (issue 7): three real server processes, each with
 * its own dispatcher, fed 2,000 signed webhooks spread across them (with redeliveries to
 * other instances), all sending to one SMTP server. Exactly one invitation per order and
 * exactly one email per invitation, none lost. PostgreSQL project only (vitest.config.ts):
 * several instances are what PostgreSQL is for, and the run costs tens of seconds.
 */
import { fork, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";
import { ROOT } from "./support/paths.ts";
import { TEST_SHOP, webhookHeaders } from "./support/shopify.ts";
import { startSmtpSink, type SmtpSink } from "./support/smtp.ts";

const ORDERS = 1000;
const INSTANCES = 3;

let database: TestDatabase;
let smtp: SmtpSink;
const instances: { child: ChildProcess; port: number }[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  smtp = await startSmtpSink();
  // The shop invites at fulfillment with no delay, so every invitation is due at once.
  await database.db.shop.create({ data: { domain: TEST_SHOP, delayDays: 0 } });
  for (let i = 0; i < INSTANCES; i++) {
    const port = await freePort();
    const child = fork(path.join(ROOT, "test/support/app-instance.ts"), [database.url, smtp.url, String(port)], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    await new Promise<void>((resolve, reject) => {
      child.once("message", () => resolve());
      child.once("exit", (code) => reject(new Error(`instance exited with ${code}`)));
    });
    instances.push({ child, port });
  }
}, 60_000);

afterAll(async () => {
  await Promise.all(
    instances.map(({ child }) => new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    })),
  );
  await smtp?.close();
  await database?.close();
});

function deliveries() {
  const now = new Date().toISOString();
  const list: { topic: string; body: string; webhookId: string }[] = [];
  for (let n = 0; n < ORDERS; n++) {
    const id = String(7_000_000_000_000_000_000n + BigInt(n)); // beyond 2^53
    const email = `customer${n}@example.com`;
    list.push({
      topic: "orders/create",
      webhookId: randomUUID(),
      body: `{"id": ${id}, "name": "#${n}", "email": "${email}", "created_at": "${now}", "test": false, "customer": {"id": ${n + 1}, "first_name": "C", "last_name": "${n}"}, "line_items": [{"title": "Lamp"}]}`,
    });
    list.push({
      topic: "fulfillments/create",
      webhookId: randomUUID(),
      body: `{"id": ${n + 1}, "order_id": ${id}, "status": "success", "created_at": "${now}", "email": "${email}", "name": "#${n}.1"}`,
    });
  }
  return list;
}

async function post(port: number, d: { topic: string; body: string; webhookId: string }): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/api/webhooks`, {
    method: "POST",
    headers: webhookHeaders(d.topic, d.body, { webhookId: d.webhookId }),
    body: d.body,
  });
  await res.arrayBuffer();
  return res.status;
}

describe("three app instances on one database", () => {
  it("create exactly one invitation per order and send exactly one email per invitation", async () => {
    const all = deliveries();
    // Every tenth delivery arrives again, at another instance, as Shopify's retries do.
    const redeliveries = all.filter((_, i) => i % 10 === 0);
    const queue = [...all, ...redeliveries].map((d, i) => ({ d, port: instances[i % INSTANCES]!.port }));
    const statuses: number[] = [];
    const workers = Array.from({ length: 12 }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) statuses.push(await post(next.port, next.d));
    });
    await Promise.all(workers);

    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(statuses).toHaveLength(all.length + redeliveries.length);

    await smtp.waitForMessages(ORDERS, 90_000);
    // A little longer: a second send of anything would show up now.
    await new Promise((resolve) => setTimeout(resolve, 2500));

    const { db } = database;
    expect(await db.invitation.count()).toBe(ORDERS);
    expect(await db.invitation.count({ where: { status: "sent" } })).toBe(ORDERS);
    expect(new Set((await db.invitation.findMany({ select: { orderId: true } })).map((i) => i.orderId)).size).toBe(ORDERS);
    expect(await db.webhookDelivery.count()).toBe(all.length);

    expect(smtp.messages).toHaveLength(ORDERS);
    expect(new Set(smtp.messages.map((m) => m.messageId)).size).toBe(ORDERS);
    expect(new Set(smtp.messages.flatMap((m) => m.to)).size).toBe(ORDERS);
  }, 180_000);
});
