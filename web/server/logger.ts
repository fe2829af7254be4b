import { pino, type DestinationStream, type Logger } from "pino";

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
