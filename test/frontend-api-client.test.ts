/**
 * The page's one API client against the real backend: the session token on every call,
 * and the backend's own error messages handed to the page unchanged.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError, createApiClient, withQuery, type ApiClient } from "../web/frontend/api/client.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { mintSessionToken } from "./support/shopify.ts";

let t: TestApp;
let server: Server;
let base: string;

beforeAll(async () => {
  t = await createTestApp();
  server = await new Promise<Server>((resolve) => {
    const s = t.app.listen(0, "127.0.0.1", () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

function client(token: () => Promise<string> = () => mintSessionToken()): ApiClient {
  return createApiClient(token, (input, init) => fetch(base + String(input), init));
}

describe("api client", () => {
  it("reads the shop's data with the session token", async () => {
    const { settings } = await client().get<{ settings: { trigger: string } }>("/api/settings");
    expect(settings.trigger).toBe("order_fulfilled");
  });

  it("hands over the backend's reason and the field it names", async () => {
    const { invitations } = await client().post<{ invitations: Array<{ id: string }> }>("/api/invitations", {
      email: "ada@example.com",
      name: "Ada",
    });
    const error = await client()
      .patch(`/api/invitations/${invitations[0]!.id}`, { sendAt: "2020-01-01T09:00:00Z" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 422, code: "invalid", details: { field: "sendAt" } });
    expect((error as ApiError).message).toMatch(/must be in the future/);
  });

  it("turns a refused token into an ApiError with the backend's explanation", async () => {
    const error = await client(async () => "not-a-token").get("/api/settings").catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401, code: "unauthorized" });
  });

  it("says the app can't be reached when the network fails", async () => {
    const offline = createApiClient(async () => "token", () => Promise.reject(new TypeError("fetch failed")));
    const error = await offline.get("/api/settings").catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 0, code: "network" });
  });

  it("leaves empty filters out of the query string", () => {
    expect(withQuery("/api/invitations", { status: "", q: "ada smith", cursor: null, limit: 25 })).toBe("/api/invitations?q=ada+smith&limit=25");
  });
});
