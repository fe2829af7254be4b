import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../web/server/config/config.ts";
import { createLogger, maskEmail } from "../web/server/logger.ts";

describe("configuration", () => {
  it("reports every missing variable in one message", () => {
    try {
      loadConfig({});
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      for (const name of ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL", "SCOPES"]) {
        expect(message).toContain(`${name} is not set`);
      }
    }
  });

  it("explains invalid values and applies defaults", () => {
    const base = { SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "https://a.example", SCOPES: "read_orders" };
    expect(() => loadConfig({ ...base, PORT: "http", DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: file:[\s\S]*PORT/);
    expect(loadConfig(base)).toMatchObject({ PORT: 3000, DATABASE_URL: "file:./var/app.db", WEBHOOK_BODY_LIMIT: "5mb", DEMO_MODE: false });
  });

  it("never lets demo mode be switched on in production", () => {
    const base = { SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "https://a.example", SCOPES: "read_orders" };
    expect(() => loadConfig({ ...base, NODE_ENV: "production", DEMO_MODE: "true" })).toThrow(/DEMO_MODE cannot be switched on/);
  });
});

describe("logs", () => {
  it("mask customer emails and redact secrets and session tokens", () => {
    expect(maskEmail("jon@example.com")).toBe("j***@example.com");
    const lines: string[] = [];
    const logger = createLogger("info", { write: (line: string) => void lines.push(line) });
    logger.info({ session: { accessToken: "shpat_secret" }, req: { headers: { authorization: "Bearer abc.def" } } }, "x");
    const out = lines.join("");
    expect(out).toContain("[redacted]");
    expect(out).not.toContain("shpat_secret");
    expect(out).not.toContain("abc.def");
  });
});
