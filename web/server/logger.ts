import { pino, type DestinationStream, type Logger } from "pino";
import { scrubText } from "./privacy/scrub.ts";

export type { Logger };

/**
 * Structured JSON logs. Secrets and session tokens are redacted by path; customer emails
 * never reach a log call unmasked (use maskEmail).
 */
export function createLogger(level: string = "info", destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { app: "review-invitations" },
    redact: {
      paths: [
        "req.headers.authorization",
        'req.headers["x-shopify-hmac-sha256"]',
        "*.accessToken",
        "*.apiSecretKey",
        "*.SHOPIFY_API_SECRET",
        "*.password",
        "*.smtpUrl",
      ],
      censor: "[redacted]",
    },
    serializers: { err: loggedError },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** "jon@example.com" → "j***@example.com": enough to correlate, not enough to identify. */
export function maskEmail(email: string | null | undefined): string | undefined {
  if (!email) return undefined;
  const at = email.lastIndexOf("@");
  if (at <= 0) return "***";
  return `${email[0]}***${email.slice(at)}`;
}

/**
 * How an error is logged (issue 13): by its kind and code, with its message and stack scrubbed
 * of anything shaped like an address. Driver errors carry the failing values in their
 * message or in fields such as `detail` ("Key (shop, email)=(…, jane@…) already exists"),
 * `parameters` or `query`: those fields are never logged, and a cause is logged by its code.
 */
export function loggedError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error, message: "a non-Error value was thrown" };
  const e = error as Error & { code?: unknown; responseCode?: unknown; cause?: unknown };
  const code = typeof e.code === "string" || typeof e.code === "number" ? e.code : undefined;
  const cause = e.cause instanceof Error ? { type: e.cause.name, code: (e.cause as { code?: unknown }).code } : undefined;
  return {
    type: e.name,
    ...(code !== undefined ? { code } : {}),
    ...(typeof e.responseCode === "number" ? { responseCode: e.responseCode } : {}),
    message: scrubText(e.message),
    ...(e.stack ? { stack: scrubText(e.stack) } : {}),
    ...(cause ? { cause } : {}),
  };
}
