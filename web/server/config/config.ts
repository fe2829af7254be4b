import { z } from "zod";
import cron from "node-cron";

/**
 * Every setting the app reads from the environment, parsed once at start-up.
 * A bad environment is reported in one message that lists every problem, so an operator
 * fixes them all in one go instead of one restart per variable.
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  SHOPIFY_API_KEY: z.string().min(1, "the app's client id from the Partner Dashboard"),
  SHOPIFY_API_SECRET: z.string().min(1, "the app's client secret from the Partner Dashboard"),
  SHOPIFY_APP_URL: z.url({ message: "the public https URL of this app, e.g. https://reviews.example.com" }),
  SCOPES: z.string().min(1, "comma-separated access scopes, e.g. read_orders,read_customers"),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "file:./path.db for SQLite or postgresql://… for PostgreSQL")
    .default("file:./var/app.db"),
  /** PostgreSQL connections per process; instances × this must stay under max_connections. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // Delivery (docs/delivery.md)
  DISPATCH_ENABLED: z
    .enum(["true", "false", "1", "0"], { message: "true or false" })
    .default("true")
    .transform((v) => v === "true" || v === "1"),
  DISPATCH_CRON: z
    .string()
    .refine((v) => cron.validate(v), "a cron expression, e.g. '* * * * *' (every minute) or '*/10 * * * * *' (every 10 seconds)")
    .default("* * * * *"),
  DISPATCH_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/\s]+/, "smtp://user:pass@host:587 or smtps://user:pass@host:465")
    .optional(),
  SMTP_RATE_PER_SECOND: z.coerce.number().min(0, "0 for no limit, or messages per second").default(0),
  SMTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(50).default(5),
  MAIL_FROM: z
    .string()
    .regex(/<[^<>@\s]+@[^<>@\s]+>$|^[^<>@\s]+@[^<>@\s]+$/, 'an address, e.g. "Reviews <reviews@example.com>"')
    .default("Reviews <reviews@localhost>"),
  OUTBOX_DIR: z.string().default("var/outbox"),
  MAX_SEND_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  LEASE_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
  CUSTOMER_POSTPONE_DAYS: z.coerce.number().int().min(1).max(60).default(7),
  CUSTOMER_POSTPONE_MAX: z.coerce.number().int().min(0).max(10).default(2),
  /** Demo conveniences (a minted session token for the demo shop). Refused in production. */
  DEMO_MODE: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  WEBHOOK_BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, "a size such as 5mb or 512kb")
    .default("5mb"),
  /** `npm run worker` serves /healthz, /readyz and /metrics on this port; unset, no HTTP. */
  WORKER_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** Bearer token for GET /metrics; unset, the route does not exist. */
  METRICS_TOKEN: z.string().min(16, "at least 16 characters, e.g. from `openssl rand -hex 32`").optional(),
  /** Tests only: send Admin API calls (token exchange, GraphQL) here instead of https://{shop}. */
  SHOPIFY_ADMIN_API_ORIGIN: z.url({ message: "an origin such as http://127.0.0.1:4010" }).optional(),
});

export type Config = z.infer<typeof schema>;

/** Rules that span several variables. */
function crossChecks(config: Config): string[] {
  const problems: string[] = [];
  if (config.DEMO_MODE && config.NODE_ENV === "production") {
    problems.push("DEMO_MODE cannot be switched on when NODE_ENV=production");
  }
  if (config.SHOPIFY_ADMIN_API_ORIGIN && config.NODE_ENV === "production") {
    problems.push("SHOPIFY_ADMIN_API_ORIGIN must not be set when NODE_ENV=production (the Admin API is always https://{shop})");
  }
  return problems;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings are "not set", as in a .env file with KEY= left blank.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = issue.path.join(".");
        const missing = issue.code === "invalid_type" && cleaned[name] === undefined;
        return missing ? `${name} is not set` : `${name}: ${issue.message}`;
      }),
    );
  }
  const problems = crossChecks(result.data);
  if (problems.length > 0) throw new ConfigError(problems);
  return result.data;
}
