import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClient, seedInvitation } from "./support/admin-fixtures.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { mintSessionToken, TEST_SHOP } from "./support/shopify.ts";

let t: TestApp;
let invitationId: string;

beforeAll(async () => {
  t = await createTestApp();
  await t.db.shop.create({ data: { domain: TEST_SHOP } });
  invitationId = String((await seedInvitation(t.db)).id);
});
afterAll(() => t.close());

/** Every admin route, with a body that would succeed with a valid token. */
const routes = () => [
  { method: "get", path: "/api/invitations" },
  { method: "get", path: "/api/invitations/recent" },
  { method: "get", path: "/api/invitations/summary" },
  { method: "get", path: "/api/invitations/export.csv" },
  { method: "get", path: `/api/invitations/${invitationId}` },
  { method: "patch", path: `/api/invitations/${invitationId}`, body: { sendAt: new Date(Date.now() + 86_400_000).toISOString() } },
  { method: "delete", path: `/api/invitations/${invitationId}` },
  { method: "post", path: `/api/invitations/${invitationId}/cancel` },
  { method: "post", path: "/api/invitations/cancel-pending", body: { confirm: true } },
  { method: "post", path: "/api/invitations", body: { email: "new@example.com" } },
  { method: "get", path: "/api/settings" },
  { method: "put", path: "/api/settings", body: { paused: true } },
  { method: "get", path: "/api/orders/recent" },
  { method: "get", path: "/api/orders/5150000000001/invitation" },
] as const;

function call(route: ReturnType<typeof routes>[number], authorization?: string) {
  let r = request(t.app)[route.method](route.path);
  if (authorization !== undefined) r = r.set("Authorization", authorization);
  return "body" in route ? r.send(route.body) : r;
}

describe("admin API authentication", () => {
  const badTokens: [string, () => Promise<string | undefined>][] = [
    ["no Authorization header", async () => undefined],
    ["a header without Bearer", async () => `Basic ${Buffer.from("a:b").toString("base64")}`],
    ["a token that is not a JWT", async () => "Bearer not-a-token"],
    ["an expired token", async () => `Bearer ${await mintSessionToken({ expiresIn: -120 })}`],
    ["a token for another app (wrong audience)", async () => `Bearer ${await mintSessionToken({ audience: "someone-elses-app" })}`],
    ["a token signed with another secret", async () => `Bearer ${await mintSessionToken({ secret: "not-our-secret" })}`],
    ["a token not valid yet (nbf in the future)", async () => `Bearer ${await mintSessionToken({ notBefore: 600, expiresIn: 1200 })}`],
  ];

  for (const [label, make] of badTokens) {
    it(`answers 401 JSON on every route for ${label}, and changes nothing`, async () => {
      const authorization = await make();
      for (const route of routes()) {
        const res = await call(route, authorization);
        expect(res.status, `${route.method.toUpperCase()} ${route.path}`).toBe(401);
        expect(res.type).toBe("application/json");
        expect(res.body.error.code).toBe("unauthorized");
        expect(res.body.error.message).toMatch(/session token/i);
        // The token itself is never echoed back.
        if (authorization) expect(JSON.stringify(res.body)).not.toContain(authorization.slice(7, 40));
      }
      const row = await t.db.invitation.findUniqueOrThrow({ where: { id: Number(invitationId) } });
      expect(row.status).toBe("queued");
      expect(await t.db.invitation.count()).toBe(1);
      const shop = await t.db.shop.findUniqueOrThrow({ where: { domain: TEST_SHOP } });
      expect(shop.paused).toBe(false);
    });
  }

  it("accepts a valid token and scopes the request to the token's shop", async () => {
    const client = await adminClient(t.app);
    const res = await client.get("/api/invitations");
    expect(res.status).toBe(200);
    expect(res.body.invitations.map((i: { id: string }) => i.id)).toEqual([invitationId]);
  });

  it("ignores a shop named in the query string or body: only the token's shop counts", async () => {
    const other = await adminClient(t.app, { shop: "third-shop.myshopify.com" });
    const res = await other.get(`/api/invitations?shop=${TEST_SHOP}`);
    expect(res.status).toBe(200);
    expect(res.body.invitations).toEqual([]);
    const put = await other.put("/api/settings", { shop: TEST_SHOP, paused: true });
    expect(put.status).toBe(422);
    expect(put.body.error.message).toBe("Unknown setting: shop.");
  });

  it("does not put its token check in front of routes outside the admin API", async () => {
    const res = await request(t.app).get("/healthz");
    expect(res.status).toBe(200);
  });
});
