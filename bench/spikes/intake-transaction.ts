/**
 * Spike for issue 12: the intake write transaction (delivery insert, shop read, order read +
 * insert, invitation insert RETURNING, event insert, delivery update) three ways on one fresh
 * SQLite file each (WAL, synchronous=FULL): Prisma's model API (today), Kysely over the
 * synchronous `libsql` driver, and the same driver with hand-prepared statements.
 * Prints CPU and wall per transaction. `npx tsx bench/spikes/intake-transaction.ts [N]`
 * Result on this 2-core machine (2,000 transactions): Prisma 12.7 ms CPU, Kysely 1.0 ms, prepared
 * statements 0.45 ms; docs/performance.md has the decision it led to.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "libsql";
import { Kysely, SqliteDialect, sql } from "kysely";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaClient } from "../../generated/prisma/client.ts";

const N = Number(process.argv[2] ?? 2000);
const iso = (d: Date) => d.toISOString().replace("Z", "+00:00");

function freshFile(): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "spike-")), "db.sqlite");
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: `file:${file}` }, stdio: "ignore" });
  return file;
}

async function measure(name: string, run: (i: number) => Promise<void> | void) {
  for (let i = 0; i < 200; i++) await run(-1 - i); // warm-up
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await run(i);
  const wall = (performance.now() - t0) / N;
  const c = process.cpuUsage(cpu0);
  const cpuMs = (c.user + c.system) / 1000 / N;
  console.log(`${name.padEnd(34)} cpu ${cpuMs.toFixed(3)} ms  wall ${wall.toFixed(3)} ms  (${Math.round(1000 / wall)}/s)`);
  return { name, cpuMs, wall };
}

// --- Prisma model API, as intake does today -------------------------------------------
const prismaFile = freshFile();
// As the app opened it before issue 12: WAL and a busy timeout on the libsql adapter.
const prisma = new PrismaClient({ adapter: new PrismaLibSQL({ url: `file:${prismaFile}` }) });
await prisma.$queryRawUnsafe("PRAGMA journal_mode=WAL");
await prisma.$queryRawUnsafe("PRAGMA busy_timeout=5000");
await prisma.shop.create({ data: { domain: "s.myshopify.com" } });
await measure("prisma model API (today)", async (i) => {
  await prisma.$transaction(async (tx) => {
    const id = `w${i}`;
    await tx.webhookDelivery.create({ data: { webhookId: id, shop: "s.myshopify.com", topic: "orders/create", outcome: "processing" } });
    await tx.shop.findUnique({ where: { domain: "s.myshopify.com" } });
    await tx.order.findUnique({ where: { shop_orderId: { shop: "s.myshopify.com", orderId: id } } });
    await tx.order.create({ data: { shop: "s.myshopify.com", orderId: id, email: "a@b.c", seenCreate: true } });
    const inv = await tx.invitation.create({ data: { shop: "s.myshopify.com", autoOrderId: id, orderId: id, email: "a@b.c", sendAt: new Date(), source: "orders/create" } });
    await tx.invitationEvent.create({ data: { invitationId: inv.id, shop: "s.myshopify.com", type: "created", actor: "webhook" } });
    await tx.webhookDelivery.update({ where: { webhookId: id }, data: { outcome: "invitation_created" } });
  });
});
await prisma.$disconnect();

function openSync(file: string) {
  const db = new Database(file);
  db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON");
  return db;
}

// --- Kysely over the synchronous driver -----------------------------------------------
{
  const raw = openSync(freshFile());
  raw.prepare(`INSERT INTO "Shop" ("domain", "updatedAt") VALUES ('s.myshopify.com', ?)`).run(iso(new Date()));
  const cache = new Map<string, ReturnType<typeof raw.prepare>>();
  const cached = { prepare: (q: string) => cache.get(q) ?? (cache.set(q, raw.prepare(q)), cache.get(q)!), close: () => raw.close() };
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: cached as never }) });
  await measure("kysely + libsql (sync, cached stmts)", async (i) => {
    await db.transaction().execute(async (tx) => {
      const id = `w${i}`, now = iso(new Date());
      await tx.insertInto("WebhookDelivery").values({ webhookId: id, shop: "s.myshopify.com", topic: "orders/create", outcome: "processing", receivedAt: now }).execute();
      await tx.selectFrom("Shop").selectAll().where("domain", "=", "s.myshopify.com").executeTakeFirst();
      await tx.selectFrom("Order").selectAll().where("shop", "=", "s.myshopify.com").where("orderId", "=", id).executeTakeFirst();
      await tx.insertInto("Order").values({ shop: "s.myshopify.com", orderId: id, email: "a@b.c", seenCreate: 1, createdAt: now, updatedAt: now }).execute();
      const inv = await tx.insertInto("Invitation").values({ shop: "s.myshopify.com", autoOrderId: id, orderId: id, email: "a@b.c", sendAt: now, source: "orders/create", createdAt: now, updatedAt: now }).returning(["id", "shop"]).executeTakeFirstOrThrow();
      await tx.insertInto("InvitationEvent").values({ invitationId: inv.id, shop: inv.shop, type: "created", actor: "webhook", at: now }).execute();
      await tx.updateTable("WebhookDelivery").set({ outcome: "invitation_created" }).where("webhookId", "=", id).execute();
    });
  });
  await db.destroy();
  void sql;
}

// --- The same driver, hand-prepared statements -----------------------------------------
{
  const db = openSync(freshFile());
  db.prepare(`INSERT INTO "Shop" ("domain", "updatedAt") VALUES ('s.myshopify.com', ?)`).run(iso(new Date()));
  const s = {
    delivery: db.prepare(`INSERT INTO "WebhookDelivery" ("webhookId","shop","topic","outcome","receivedAt") VALUES (?,?,?,?,?)`),
    shop: db.prepare(`SELECT * FROM "Shop" WHERE "domain" = ?`),
    order: db.prepare(`SELECT * FROM "Order" WHERE "shop" = ? AND "orderId" = ?`),
    orderIns: db.prepare(`INSERT INTO "Order" ("shop","orderId","email","seenCreate","createdAt","updatedAt") VALUES (?,?,?,?,?,?)`),
    inv: db.prepare(`INSERT INTO "Invitation" ("shop","autoOrderId","orderId","email","sendAt","source","createdAt","updatedAt") VALUES (?,?,?,?,?,?,?,?) RETURNING "id","shop"`),
    event: db.prepare(`INSERT INTO "InvitationEvent" ("invitationId","shop","type","actor","at") VALUES (?,?,?,?,?)`),
    done: db.prepare(`UPDATE "WebhookDelivery" SET "outcome" = ? WHERE "webhookId" = ?`),
    begin: db.prepare("BEGIN IMMEDIATE"),
    commit: db.prepare("COMMIT"),
  };
  await measure("libsql prepared statements (floor)", (i) => {
    const id = `w${i}`, now = iso(new Date()), shop = "s.myshopify.com";
    s.begin.run();
    s.delivery.run(id, shop, "orders/create", "processing", now);
    s.shop.get(shop);
    s.order.get(shop, id);
    s.orderIns.run(shop, id, "a@b.c", 1, now, now);
    const inv = s.inv.get(shop, id, id, "a@b.c", now, "orders/create", now, now) as { id: number; shop: string };
    s.event.run(inv.id, inv.shop, "created", "webhook", now);
    s.done.run("invitation_created", id);
    s.commit.run();
  });
}
