/**
 * Issue 13, item 9 (at rest and in logs): customer exports expire after 30 days, offline
 * access tokens are encrypted with a key from the environment and survive its rotation,
 * and errors are logged by code, not by the values they carry.
 */
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { decryptToken, encryptToken, tokenKeysOf } from "../web/server/auth/token-crypto.ts";
import { createLogger } from "../web/server/logger.ts";
import { anonymiseExpired, EXPORT_DAYS } from "../web/server/privacy/retention.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { mintSessionToken, TEST_SHOP } from "./support/shopify.ts";

const DAY = 24 * 60 * 60 * 1000;
const T0 = new Date("2026-03-01T10:00:00Z");

describe("customer data exports", () => {
  let t: TestApp;
  afterEach(() => t.close());

  it("can be downloaded for 30 days, then are gone (410) and deleted by the retention job", async () => {
    t = await createTestApp({ now: T0 });
    await t.db.shop.create({ data: { domain: TEST_SHOP } });
    const row = await t.db.dataRequest.create({ data: { shop: TEST_SHOP, email: "x@example.com", export: '{"x":1}', createdAt: T0 } });
    const download = async () =>
      request(t.app).get(`/api/privacy/data-requests/${row.id}/export`).set("Authorization", `Bearer ${await mintSessionToken()}`);

    t.clock.now = new Date(T0.getTime() + (EXPORT_DAYS - 1) * DAY);
    expect((await download()).status).toBe(200);
    t.clock.now = new Date(T0.getTime() + (EXPORT_DAYS + 1) * DAY);
    const gone = await download();
    expect(gone.status).toBe(410);
    expect(gone.body.error.message).toContain("deleted 30 days after they are made");

    await anonymiseExpired(t.db, t.clock.now);
    expect((await t.db.dataRequest.findUniqueOrThrow({ where: { id: row.id } })).export).toBeNull();
  });
});

describe("offline access tokens at rest", () => {
  const keyA = Buffer.alloc(32, 1).toString("base64");
  const keyB = Buffer.alloc(32, 2).toString("hex");

  it("are AES-256-GCM ciphertext that only the configured keys open, through a rotation", () => {
    const before = tokenKeysOf({ SHOPIFY_API_SECRET: "s", TOKEN_ENCRYPTION_KEY: keyA });
    const stored = encryptToken(before, "shpat_real_token");
    expect(stored).toMatch(/^enc:v1:[0-9a-f]{8}:/);
    expect(stored).not.toContain("shpat");
    expect(encryptToken(before, "shpat_real_token")).not.toBe(stored); // a fresh IV each time

    const rotating = tokenKeysOf({ SHOPIFY_API_SECRET: "s", TOKEN_ENCRYPTION_KEY: keyB, TOKEN_ENCRYPTION_KEY_PREVIOUS: keyA });
    expect(decryptToken(rotating, stored)).toBe("shpat_real_token");
    expect(decryptToken(rotating, encryptToken(rotating, "shpat_new"))).toBe("shpat_new");

    const after = tokenKeysOf({ SHOPIFY_API_SECRET: "s", TOKEN_ENCRYPTION_KEY: keyB });
    expect(decryptToken(after, stored)).toBeNull(); // exchanged again on next use
    const tampered = stored.slice(0, -2) + (stored.endsWith("A") ? "BB" : "AA");
    expect(decryptToken(before, tampered)).toBeNull();
  });
});

describe("error logs", () => {
  it("carry the error's kind and code, never the values in it", () => {
    const lines: string[] = [];
    const logger = createLogger("info", { write: (line: string) => void lines.push(line) });
    const error = Object.assign(new Error('duplicate key value violates unique constraint "Suppression_pkey" for jane.doe@example.com'), {
      code: "23505",
      detail: "Key (shop, email)=(test-shop.myshopify.com, jane.doe@example.com) already exists.",
      parameters: ["test-shop.myshopify.com", "jane.doe@example.com"],
    });
    logger.error({ err: error }, "storage unavailable");
    const out = lines.join("");
    expect(out).not.toContain("jane.doe@example.com");
    expect(out).not.toContain("already exists");
    expect(JSON.parse(out).err).toMatchObject({ type: "Error", code: "23505" });
  });
});
