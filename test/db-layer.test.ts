/**
 * The data layer itself (web/server/db): the `sql` tag, the dialect's differences and the
 * drivers, on the project's real database (SQLite and PostgreSQL projects both run this).
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isUniqueViolation } from "../web/server/db/client.ts";
import { BOOLEAN_COLUMNS, DATE_COLUMNS, type InvitationRow, type ShopRow } from "../web/server/db/schema.ts";
import { sql } from "../web/server/db/sql.ts";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.db.run(sql`DELETE FROM "Invitation"`);
  await t.db.run(sql`DELETE FROM "Shop"`);
});

const T0 = new Date("2026-12-01T09:30:00.123Z");
const addShop = (domain: string, paused = false) =>
  t.db.run(sql`INSERT INTO "Shop" ("domain", "paused", "installedAt", "createdAt", "updatedAt") VALUES (${domain}, ${paused}, ${T0}, ${T0}, ${T0})`);
const addInvitation = (shop: string, email: string, sendAt: Date) =>
  t.db.one<{ id: number }>(sql`INSERT INTO "Invitation" ("shop", "email", "sendAt", "source", "createdAt", "updatedAt")
    VALUES (${shop}, ${email}, ${sendAt}, 'manual', ${T0}, ${T0}) RETURNING "id"`);

describe("sql tag", () => {
  it("binds every value as a parameter, in order, through nested fragments and lists", () => {
    const filter = sql`"status" IN (${sql.join(["queued", "sent"])}) AND "shop" = ${"a.myshopify.com"}`;
    const query = sql`SELECT * FROM "Invitation" WHERE "id" > ${5} AND ${filter} LIMIT ${10}`;
    const rendered = query.render((n) => `$${n}`);
    expect(rendered.text).toBe(`SELECT * FROM "Invitation" WHERE "id" > $1 AND "status" IN ($2, $3) AND "shop" = $4 LIMIT $5`);
    expect(rendered.values).toEqual([5, "queued", "sent", "a.myshopify.com", 10]);
  });

  it("cannot turn a value into SQL", async () => {
    await addShop("a.myshopify.com");
    const hostile = `a.myshopify.com' OR '1'='1`;
    expect(await t.db.all(sql`SELECT * FROM "Shop" WHERE "domain" = ${hostile}`)).toEqual([]);
  });
});

describe("values on this database", () => {
  it("reads DateTime columns back as the same instant and Boolean columns as booleans", async () => {
    await addShop("a.myshopify.com", true);
    const shop = await t.db.one<ShopRow>(sql`SELECT * FROM "Shop" WHERE "domain" = ${"a.myshopify.com"}`);
    expect(shop!.installedAt).toBeInstanceOf(Date);
    expect(shop!.installedAt.toISOString()).toBe(T0.toISOString());
    expect(shop!.paused).toBe(true);
    expect(shop!.noticeEnabled).toBe(true); // the column default
    expect(shop!.uninstalledAt).toBeNull();
  });

  it("compares dates in SQL in time order (what the claim and every date filter rely on)", async () => {
    await addShop("a.myshopify.com");
    for (const [email, ms] of [["early@x.test", -60_000], ["due@x.test", 0], ["later@x.test", 1]] as const) {
      await addInvitation("a.myshopify.com", email, new Date(T0.getTime() + ms));
    }
    const due = await t.db.all<Pick<InvitationRow, "email">>(sql`SELECT "email" FROM "Invitation" WHERE "sendAt" <= ${T0} ORDER BY "sendAt"`);
    expect(due.map((r) => r.email)).toEqual(["early@x.test", "due@x.test"]);
  });

  it("stores dates the way Prisma's client reads them (the tests' inspector and the migrations share the data model)", async () => {
    await addShop("a.myshopify.com");
    const viaPrisma = await t.db.shop.findUniqueOrThrow({ where: { domain: "a.myshopify.com" } });
    expect(viaPrisma.installedAt.toISOString()).toBe(T0.toISOString());
    const written = new Date("2027-03-28T01:30:00.000Z");
    await t.db.shop.update({ where: { domain: "a.myshopify.com" }, data: { pausedAt: written } });
    const back = await t.db.one<ShopRow>(sql`SELECT "pausedAt" FROM "Shop" WHERE "pausedAt" = ${written}`);
    expect(back?.pausedAt?.toISOString()).toBe(written.toISOString());
  });

  it("matches case-insensitively with the dialect's ilike", async () => {
    await addShop("a.myshopify.com");
    await addInvitation("a.myshopify.com", "Jane.Doe@Example.com", T0);
    const rows = await t.db.all(sql`SELECT "id" FROM "Invitation" WHERE "email" ${t.db.dialect.ilike} ${"jane.doe@%"}`);
    expect(rows).toHaveLength(1);
  });
});

describe("transactions", () => {
  it("recognises a unique violation on this database", async () => {
    await addShop("a.myshopify.com");
    const error = await addShop("a.myshopify.com").catch((e: unknown) => e);
    expect(isUniqueViolation(t.db, error)).toBe(true);
    expect(isUniqueViolation(t.db, new Error("something else"))).toBe(false);
  });

  it("keeps nothing of a transaction that throws", async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await tx.run(sql`INSERT INTO "Shop" ("domain", "updatedAt") VALUES (${"gone.myshopify.com"}, ${T0})`);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(await t.db.all(sql`SELECT "domain" FROM "Shop"`)).toEqual([]);
  });

  it("commits concurrent transactions each as a whole: one failing does not take the others with it", async () => {
    await addShop("taken.myshopify.com");
    const domains = ["a", "b", "taken", "c", "d"].map((d) => `${d}.myshopify.com`);
    const results = await Promise.allSettled(
      domains.map((domain) =>
        t.db.transaction(async (tx) => {
          await tx.run(sql`INSERT INTO "Invitation" ("shop", "email", "sendAt", "source", "createdAt", "updatedAt")
            VALUES (${domain}, ${"x@y.test"}, ${T0}, 'manual', ${T0}, ${T0})`);
          await tx.run(sql`INSERT INTO "Shop" ("domain", "updatedAt") VALUES (${domain}, ${T0})`);
          return domain;
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"]);
    const invited = await t.db.all<{ shop: string }>(sql`SELECT "shop" FROM "Invitation" ORDER BY "shop"`);
    // The failed one's first insert was rolled back with it.
    expect(invited.map((r) => r.shop)).toEqual(["a", "b", "c", "d"].map((d) => `${d}.myshopify.com`));
  });

  it("refuses statements on a transaction that has ended", async () => {
    let leaked: { run: (q: ReturnType<typeof sql>) => Promise<number> } | undefined;
    await t.db.transaction(async (tx) => {
      leaked = tx;
    });
    await expect(leaked!.run(sql`DELETE FROM "Shop"`)).rejects.toThrow(/transaction has ended/);
  });
});

describe("schema.ts matches prisma/schema.prisma", () => {
  const prisma = readFileSync(new URL("../prisma/schema.prisma", import.meta.url), "utf8");
  const fields = [...prisma.matchAll(/^\s+(\w+)\s+(DateTime|Boolean)\??(\s|$)/gm)].map((m) => ({ name: m[1]!, type: m[2]! }));

  it("converts exactly the DateTime and Boolean columns, and no column name means two kinds", () => {
    expect(new Set(fields.filter((f) => f.type === "DateTime").map((f) => f.name))).toEqual(DATE_COLUMNS);
    expect(new Set(fields.filter((f) => f.type === "Boolean").map((f) => f.name))).toEqual(BOOLEAN_COLUMNS);
    const otherKinds = [...prisma.matchAll(/^\s+(\w+)\s+(String|Int|BigInt|Json)\??(\s|$)/gm)].map((m) => m[1]!);
    expect(otherKinds.filter((name) => DATE_COLUMNS.has(name) || BOOLEAN_COLUMNS.has(name))).toEqual([]);
  });
});
