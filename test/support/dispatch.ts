/** Building blocks for delivery tests: shops, due invitations, and a dispatcher's deps. */
import { expect } from "vitest";
import type { Config } from "../../web/server/config/config.ts";
import { countAdded, countInvitationsByStatus, readInvitationCounts } from "../../web/server/db/queries/invitation-counts.ts";
import type { TestDb as Db } from "./db.ts";
import type { DispatchDeps } from "../../web/server/dispatch/run-once.ts";
import type { ProductLine } from "../../web/server/invitations/products.ts";
import { createSmtpTransport, type MailTransport } from "../../web/server/mail/transport.ts";
import { TEST_SHOP, testConfig } from "./shopify.ts";
import type { SmtpSink } from "./smtp.ts";

export const T0 = new Date("2026-03-02T10:00:00.000Z");
export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

export async function addShop(db: Db, domain = TEST_SHOP, data: Record<string, unknown> = {}) {
  return db.shop.upsert({ where: { domain }, create: { domain, name: "Test Shop", ...data }, update: data });
}

let counter = 0;

export async function addInvitation(
  db: Db,
  data: {
    shop?: string;
    email?: string;
    sendAt?: Date;
    customerName?: string | null;
    orderName?: string | null;
    orderId?: string | null;
    /** Titles are stored as rows written before issue 18 held them; lines as the app stores them now. */
    products?: string[] | ProductLine[];
    status?: string;
  } = {},
) {
  counter++;
  const invitation = await db.invitation.create({
    data: {
      shop: data.shop ?? TEST_SHOP,
      email: data.email ?? `customer${counter}@example.com`,
      sendAt: data.sendAt ?? T0,
      customerName: data.customerName === undefined ? "Jane Doe" : data.customerName,
      orderName: data.orderName === undefined ? `#${1000 + counter}` : data.orderName,
      orderId: data.orderId === undefined ? String(820982911946154508n + BigInt(counter)) : data.orderId,
      products: JSON.stringify(data.products ?? ["Linen shirt"]),
      status: data.status ?? "queued",
      source: "manual",
    },
  });
  // As the app's own inserts do: the shop's summary counters count it.
  await countAdded(db, [invitation]);
  return invitation;
}

/** Every shop's counters (the summary's) say what a full count of its invitations says. */
export async function expectCountersMatchRows(db: Db): Promise<void> {
  const shops = (await db.invitation.findMany({ select: { shop: true }, distinct: ["shop"] })).map((r) => r.shop);
  for (const shop of shops) {
    const kept = Object.fromEntries(Object.entries(await readInvitationCounts(db, shop)).filter(([, n]) => n !== 0));
    expect({ shop, counts: kept }).toEqual({ shop, counts: await countInvitationsByStatus(db, shop) });
  }
}

/** A pooled SMTP transport to the sink, with timeouts short enough for a test. */
export function sinkTransport(sink: SmtpSink, options: { socketTimeout?: number; ratePerSecond?: number } = {}): MailTransport {
  return createSmtpTransport({
    url: sink.url,
    maxConnections: 3,
    connectionTimeout: 2_000,
    greetingTimeout: 2_000,
    socketTimeout: options.socketTimeout ?? 5_000,
    ...(options.ratePerSecond ? { ratePerSecond: options.ratePerSecond } : {}),
  });
}

export function deliveryConfig(overrides: Partial<Record<string, string>> = {}): Config {
  return testConfig({ MAIL_FROM: "Reviews <reviews@reviews.example.test>", ...overrides });
}

export function dispatchDeps(
  db: Db,
  transport: MailTransport,
  clock: { now: Date },
  overrides: Partial<DispatchDeps> & { config?: Config } = {},
): DispatchDeps {
  return { db, transport, config: deliveryConfig(), clock: () => clock.now, ...overrides };
}

export async function eventTypes(db: Db, invitationId: number): Promise<string[]> {
  const events = await db.invitationEvent.findMany({ where: { invitationId }, orderBy: { id: "asc" } });
  return events.map((e) => e.type);
}
