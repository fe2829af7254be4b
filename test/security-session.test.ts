/**
 * Issue 13, items 6 and 9 (token before body): session tokens must carry exp and nbf and be
 * issued by the shop they name; nothing is parsed for a request without a valid token.
 */
import { randomUUID } from "node:crypto";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./support/app.ts";
import { mintSessionToken, TEST_API_KEY, TEST_SECRET, TEST_SHOP } from "./support/shopify.ts";
import { OTHER_SHOP } from "./privacy-support.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** A token signed with the app's secret, with exactly these claims. */
async function signed(claims: Record<string, unknown>): Promise<string> {
  const { SignJWT } = await import("jose");
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    iss: `https://${TEST_SHOP}/admin`,
    dest: `https://${TEST_SHOP}`,
    aud: TEST_API_KEY,
    sub: "42",
    exp: now + 60,
    nbf: now - 5,
    iat: now,
    jti: randomUUID(),
    sid: randomUUID(),
    ...claims,
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .sign(new TextEncoder().encode(TEST_SECRET));
}

const settings = (token: string) => request(t.app).get("/api/settings").set("Authorization", `Bearer ${token}`);

describe("session token claims", () => {
  it("accepts a token shaped as Shopify issues it", async () => {
    expect((await settings(await signed({}))).status).toBe(200);
  });

  it("refuses a token without exp or nbf", async () => {
    const noExp = await settings(await signed({ exp: undefined }));
    expect(noExp.status).toBe(401);
    expect(noExp.body.error.message).toContain("no expiry (exp)");
    const noNbf = await settings(await signed({ nbf: undefined }));
    expect(noNbf.status).toBe(401);
    expect(noNbf.body.error.message).toContain("no not-before time (nbf)");
  });

  it("refuses a token whose issuer is another shop than its destination", async () => {
    const res = await settings(await signed({ iss: `https://${OTHER_SHOP}/admin` }));
    expect(res.status).toBe(401);
    expect(res.body.error.message).toContain("issuer (iss) names another shop");
    expect((await settings(await signed({ iss: `http://${TEST_SHOP}/admin` }))).status).toBe(401);
  });
});

describe("request bodies", () => {
  it("are not parsed before the token is checked", async () => {
    const junk = "{".repeat(900_000);
    const anonymous = await request(t.app).put("/api/settings").set("Content-Type", "application/json").send(junk);
    expect(anonymous.status).toBe(401);
    const forged = await request(t.app).post("/api/invitations").set("Content-Type", "application/json")
      .set("Authorization", `Bearer ${await mintSessionToken({ secret: "not-the-secret" })}`).send(junk);
    expect(forged.status).toBe(401);
    // With a valid token the same body is read, and refused for what it is.
    const valid = await request(t.app).put("/api/settings").set("Content-Type", "application/json")
      .set("Authorization", `Bearer ${await mintSessionToken()}`).send(junk);
    expect(valid.status).toBe(400);
  });
});
