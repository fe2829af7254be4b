/**
 * The demo's environment: the operator's variables, with what makes it a demo forced on top.
 * Its secret is its own, random on every run: tokens the demo mints and links it signs are
 * worthless anywhere else, even when the shell holds the real app's SHOPIFY_API_SECRET
 * (issue 13). It listens on 127.0.0.1, and config refuses DEMO_MODE with a SHOPIFY_APP_URL
 * that is not loopback.
 */
import { randomBytes } from "node:crypto";

export const DEMO_DB = "var/demo.db";

export function demoEnvironment(processEnv: Record<string, string | undefined>): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {
    LOG_LEVEL: "warn", // keep the console readable; LOG_LEVEL=info shows every request
    DISPATCH_CRON: "*/10 * * * * *", // every 10 s, so the first emails appear soon after they fall due
    SHOPIFY_API_KEY: "demo-api-key",
    SCOPES: "read_orders,read_customers,read_products",
    DATABASE_URL: `file:./${DEMO_DB}`,
    PORT: "3000",
    ...processEnv,
    SHOPIFY_API_SECRET: `demo-${randomBytes(32).toString("base64url")}`,
    SHOPIFY_API_SECRET_PREVIOUS: undefined,
    NODE_ENV: "development",
    HOST: "127.0.0.1",
    DEMO_MODE: "true",
  };
  env.SHOPIFY_APP_URL = processEnv.SHOPIFY_APP_URL ?? `http://127.0.0.1:${env.PORT}`;
  return env;
}
