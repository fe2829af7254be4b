/**
 * Helpers for the admin API tests: an HTTP client that carries a minted session token for
 * one shop, and rows put straight into the real test database.
 */
import type { Express } from "express";
import request from "supertest";
import { countAdded } from "../../web/server/db/queries/invitation-counts.ts";
import { sql } from "../../web/server/db/sql.ts";
import type { TestDb as Db } from "./inspection.ts";
import { mintSessionToken, TEST_SHOP } from "./shopify.ts";

export const OTHER_SHOP = "other-shop.myshopify.com";
export const EXTENSION_ORIGIN = "https://extensions.shopifycdn.com";

export interface AdminClient {
  shop: string;
  token: string;
  get(path: string): request.Test;
  post(path: string, body?: unknown): request.Test;
  put(path: string, body?: unknown): request.Test;
  patch(path: string, body?: unknown): request.Test;
  delete(path: string): request.Test;
}

/** Requests as staff user `user` of `shop`, with a valid session token. */
export async function adminClient(app: Express, options: { shop?: string; user?: string } = {}): Promise<AdminClient> {
  const shop = options.shop ?? TEST_SHOP;
  const token = await mintSessionToken({ shop, user: options.user ?? "42", expiresIn: 3600 });
  const auth = (t: request.Test) => t.set("Authorization", `Bearer ${token}`);
  return {
    shop,
    token,
    get: (path) => auth(request(app).get(path)),
    post: (path, body) => auth(request(app).post(path)).send(body as object),
    put: (path, body) => auth(request(app).put(path)).send(body as object),
    patch: (path, body) => auth(request(app).patch(path)).send(body as object),
    delete: (path) => auth(request(app).delete(path)),
  };
}

let orderSeq = 1000;

export interface SeedInvitation {
  shop?: string;
  status?: "queued" | "sending" | "sent" | "failed" | "canceled";
  email?: string;
  customerName?: string | null;
  orderId?: string | null;
  orderName?: string | null;
  sendAt?: Date;
  createdAt?: Date;
  orderCancelledAt?: Date | null;
  lastError?: string | null;
  source?: string;
  automatic?: boolean;
}

export async function seedInvitation(db: Db, seed: SeedInvitation = {}) {
  const n = orderSeq++;
  const orderId = seed.orderId === undefined ? String(5_150_000_000_000 + n) : seed.orderId;
  const shop = seed.shop ?? TEST_SHOP;
  const row = await db.invitation.create({
    data: {
      shop,
      autoOrderId: seed.automatic === false ? null : orderId,
      orderId,
      orderName: seed.orderName === undefined ? `#${n}` : seed.orderName,
      email: seed.email ?? `customer${n}@example.com`,
      customerName: seed.customerName === undefined ? `Customer ${n}` : seed.customerName,
      status: seed.status ?? "queued",
      sendAt: seed.sendAt ?? new Date(Date.now() + 7 * 86_400_000),
      source: seed.source ?? "orders/fulfilled",
      orderCancelledAt: seed.orderCancelledAt ?? null,
      lastError: seed.lastError ?? null,
      sentAt: seed.status === "sent" ? new Date() : null,
      ...(seed.createdAt ? { createdAt: seed.createdAt } : {}),
    },
  });
  // As the app's own inserts do: the summary reads these counters (db/queries/invitation-counts.ts).
  await countAdded(db, [row]);
  return row;
}

export async function ensureShop(db: Db, domain: string, data: Record<string, unknown> = {}) {
  await db.shop.upsert({ where: { domain }, create: { domain, ...data }, update: data });
}

/** Counters without their zero rows (a status a shop once had keeps its counter at 0). */
export function nonZero(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0));
}

/**
 * Empties what the admin tests store, so each test starts from a known database; Shopify
 * sessions stay (a stored offline token is what some tests reuse across calls).
 */
export async function resetStoredData(db: Db): Promise<void> {
  await db.invitationEvent.deleteMany();
  await db.invitation.deleteMany();
  await db.order.deleteMany();
  await db.bulkCancellation.deleteMany();
  await db.suppression.deleteMany();
  await db.webhookDelivery.deleteMany();
  await db.run(sql`DELETE FROM "InvitationCount"`);
  await db.shop.deleteMany();
}
