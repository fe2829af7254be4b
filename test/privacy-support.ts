/**
 * Shared by the privacy tests: a customer's orders built from Shopify's sample payload,
 * and a scan of every table of the database for traces of a person.
 */
import type { TestDb } from "./support/db.ts";
import { fixture } from "./support/shopify.ts";

export const OTHER_SHOP = "other-shop.myshopify.com";

export interface OrderSpec {
  orderId: string;
  email: string | null;
  customerId?: string | null;
  firstName: string;
  lastName: string;
  orderName?: string;
}

/**
 * orders/create with this customer, edited as text so ids stay exact. The sample's
 * billing and shipping names are replaced too: no stray "Steve Shipper" to confuse a scan.
 */
export function orderBody(spec: OrderSpec): string {
  let body = fixture("orders.create")
    .replace('"id": 820982911946154508', `"id": ${spec.orderId}`)
    .replaceAll("115310627314723954", spec.customerId ?? "0")
    .replaceAll('"jon@example.com"', spec.email ? JSON.stringify(spec.email) : "null")
    .replaceAll('"john@example.com"', spec.email ? JSON.stringify(spec.email) : "null")
    .replaceAll('"John"', JSON.stringify(spec.firstName))
    .replaceAll('"Smith"', JSON.stringify(spec.lastName))
    .replaceAll('"John Smith"', JSON.stringify(`${spec.firstName} ${spec.lastName}`))
    .replaceAll("Steve", spec.firstName)
    .replaceAll("Shipper", spec.lastName)
    .replace('"name": "#9999"', `"name": ${JSON.stringify(spec.orderName ?? `#${spec.orderId.slice(-4)}`)}`)
    .replace('"test": true', '"test": false');
  if (spec.customerId === null) body = body.replace(/"customer": \{[\s\S]*?"default_address": \{[\s\S]*?\}\s*\},/, '"customer": null,');
  return body;
}

export interface Hit {
  table: string;
  needle: string;
  row: Record<string, unknown>;
}

/** Every table of the database, from the database's own catalogue (not from the schema). */
export async function tableNames(db: TestDb): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ name: string }[]>(
    db.kind === "postgresql"
      ? `SELECT table_name::text AS name FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
      : `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
  );
  return rows.map((r) => r.name);
}

/** Every row, every column of every table, searched as text. */
export async function scanDatabase(db: TestDb, needles: string[]): Promise<Hit[]> {
  const hits: Hit[] = [];
  for (const table of await tableNames(db)) {
    const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${table}"`);
    for (const row of rows) {
      const text = JSON.stringify(row, (_k, v) => (typeof v === "bigint" ? v.toString() : v)).toLowerCase();
      for (const needle of needles) if (text.includes(needle.toLowerCase())) hits.push({ table, needle, row });
    }
  }
  return hits;
}

/** The shop a row belongs to, whatever the table calls the column. */
export function shopOf(row: Record<string, unknown>): unknown {
  return row.shop ?? row.domain;
}

export async function countsByStatus(db: TestDb, shop: string): Promise<Record<string, number>> {
  const groups = await db.invitation.groupBy({ by: ["status"], where: { shop }, _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.status, g._count._all]));
}
