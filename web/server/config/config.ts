import { z } from "zod";
import cron from "node-cron";
import { decodeKey } from "../auth/token-crypto.ts";
import { parseAddress } from "../mail/addresses.ts";
import { isHostname, parsePrivateKey } from "../deliverability/dkim-keys.ts";

/**
 * Every setting the app reads from the environment, parsed once at start-up.
 * A bad environment is reported in one message that lists every problem, so an operator
 * fixes them all in one go instead of one restart per variable.
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  SHOPIFY_API_KEY: z.string().min(1, "the app's client id from the Partner Dashboard"),
  SHOPIFY_API_SECRET: z.string().min(1, "the app's client secret from the Partner Dashboard"),
  /** The secret before a rotation: still verifies customer links and finds tombstones meanwhile. */
  SHOPIFY_API_SECRET_PREVIOUS: z.string().min(1).optional(),
  SHOPIFY_APP_URL: z.url({ message: "the public https URL of this app, e.g. https://reviews.example.com" }),
  SCOPES: z.string().min(1, "comma-separated access scopes, e.g. read_orders,read_customers,read_products"),
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
    .refine((v) => parseAddress(v) !== null, 'one address, e.g. "Reviews <reviews@example.com>"')
    .default("Reviews <reviews@localhost>"),
  OUTBOX_DIR: z.string().default("var/outbox"),
  // Deliverability (issue 19, docs/delivery.md "Sender domains, DKIM and bounces")
  /** Operator-wide DKIM key for MAIL_FROM's domain: all three or none. */
  DKIM_DOMAIN: z.string().refine(isHostname, "a domain name, e.g. example.com (MAIL_FROM's domain)").optional(),
  DKIM_SELECTOR: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i, "a DNS label, e.g. reviews1").optional(),
  /** PKCS#8 or PKCS#1 PEM; "\n" escapes are accepted for one-line environments. */
  DKIM_PRIVATE_KEY: z.string().refine((v) => parsePrivateKey(v) !== null, "an RSA private key in PEM (-----BEGIN PRIVATE KEY-----…), newlines may be written \\n").optional(),
  /** Envelope senders become bounces+<signed token>@BOUNCE_DOMAIN; unset, bounces go to the From address. */
  BOUNCE_DOMAIN: z.string().refine(isHostname, "a domain name whose MX points at this app's bounce listener, e.g. bounces.example.com").optional(),
  /** The inbound SMTP listener for bounces and feedback reports; unset, none runs. */
  BOUNCE_SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  BOUNCE_SMTP_HOST: z.string().default("0.0.0.0"),
  /** Bearer token for POST /deliverability/reports (providers that post bounces); unset, the route does not exist. */
  DELIVERY_REPORTS_TOKEN: z.string().min(16, "at least 16 characters, e.g. from `openssl rand -hex 32`").optional(),
  /** Shown to merchants as the SPF include of their sender domain, e.g. _spf.mailprovider.example. */
  SPF_INCLUDE: z.string().refine(isHostname, "a domain name, e.g. _spf.mailprovider.example").optional(),
  MAX_SEND_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  LEASE_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
  CUSTOMER_POSTPONE_DAYS: z.coerce.number().int().min(1).max(60).default(7),
  CUSTOMER_POSTPONE_MAX: z.coerce.number().int().min(0).max(10).default(2),
  // Multi-tenant safety (docs/security.md)
  /** Invitations by email ("Get reviews" without an order) one shop may create per UTC day. */
  MANUAL_INVITATIONS_PER_DAY: z.coerce.number().int().min(1).max(1_000_000).default(500),
  /** Admin write requests (POST, PUT, PATCH, DELETE) per shop per minute, per instance. */
  ADMIN_WRITES_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
  /** AES-256-GCM key for offline access tokens at rest: 32 bytes, base64 or hex (openssl rand -base64 32). */
  TOKEN_ENCRYPTION_KEY: z.string().refine((v) => decodeKey(v) !== null, "32 random bytes in base64 or hex, e.g. from: openssl rand -base64 32").optional(),
  /** The key before a rotation: tokens encrypted with it are still read. */
  TOKEN_ENCRYPTION_KEY_PREVIOUS: z.string().refine((v) => decodeKey(v) !== null, "32 random bytes in base64 or hex").optional(),
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
  // The demo mints session tokens for anyone on this machine: only where nothing else can reach it.
  if (config.DEMO_MODE && !isLoopbackUrl(config.SHOPIFY_APP_URL)) {
    problems.push("DEMO_MODE needs a loopback SHOPIFY_APP_URL (http://127.0.0.1:PORT or http://localhost:PORT): the demo must not be reachable from elsewhere");
  }
  if (config.NODE_ENV === "production" && !config.TOKEN_ENCRYPTION_KEY) {
    problems.push("TOKEN_ENCRYPTION_KEY is not set: NODE_ENV=production requires a key for the stored access tokens (openssl rand -base64 32)");
  }
  if (config.NODE_ENV === "production" && !config.SMTP_URL) {
    problems.push(
      "SMTP_URL is not set: NODE_ENV=production requires a mail server (smtps://user:pass@host:465). Without it emails would only be written to OUTBOX_DIR as files, never sent",
    );
  }
  const dkim = [config.DKIM_DOMAIN, config.DKIM_SELECTOR, config.DKIM_PRIVATE_KEY].filter(Boolean).length;
  if (dkim !== 0 && dkim !== 3) {
    problems.push("DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY go together: set all three or none");
  }
  const fromDomain = parseAddress(config.MAIL_FROM)?.address.split("@")[1]?.toLowerCase();
  const dkimDomain = config.DKIM_DOMAIN?.toLowerCase();
  // DMARC counts a signature only when its domain is From's domain or a parent of it.
  if (dkimDomain && fromDomain && fromDomain !== dkimDomain && !fromDomain.endsWith(`.${dkimDomain}`)) {
    problems.push(`DKIM_DOMAIN (${dkimDomain}) must be MAIL_FROM's domain (${fromDomain}) or a parent of it, or DMARC ignores the signature`);
  }
  if (config.BOUNCE_SMTP_PORT && !config.BOUNCE_DOMAIN) {
    problems.push("BOUNCE_SMTP_PORT needs BOUNCE_DOMAIN: the listener accepts only mail to bounces+…@BOUNCE_DOMAIN");
  }
  if (config.SHOPIFY_ADMIN_API_ORIGIN && config.NODE_ENV === "production") {
    problems.push("SHOPIFY_ADMIN_API_ORIGIN must not be set when NODE_ENV=production (the Admin API is always https://{shop})");
  }
  return problems;
}

/** 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackUrl(value: string): boolean {
  try {
    const host = new URL(value).hostname.replace(/^\[|\]$/g, "");
    return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
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
