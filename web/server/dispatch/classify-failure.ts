/**
 * What a failed send means, decided in one pure function with a table of cases
 * (test/dispatch-classify.test.ts). The SMTP reply code decides first, as RFC 5321 says:
 * 4yz is transient, 5yz permanent (except 503, a session-state complaint). Without a reply,
 * network trouble is temporary and an address the client refuses to use is permanent.
 * Reasons are written for the merchant, who sees them next to the invitation.
 */

export type FailureClass =
  | {
      kind: "temporary";
      reason: string;
      /** The transport itself is in trouble: stop this pass instead of failing every message. */
      transport: boolean;
    }
  | { kind: "permanent"; reason: string };

interface ErrorShape {
  code?: unknown;
  originalCode?: unknown;
  responseCode?: unknown;
  response?: unknown;
  message?: unknown;
  command?: unknown;
}

const NETWORK: Record<string, string> = {
  ECONNREFUSED: "The mail server refused the connection (is it running?)",
  ECONNRESET: "The connection to the mail server was reset",
  ECONNECTION: "The connection to the mail server closed unexpectedly",
  ESOCKET: "The connection to the mail server failed",
  ETIMEDOUT: "The mail server did not answer in time",
  EDNS: "The mail server's host name could not be resolved",
  ENOTFOUND: "The mail server's host name could not be resolved",
  EHOSTUNREACH: "The mail server cannot be reached",
  ENETUNREACH: "The mail server cannot be reached",
  ETLS: "A secure (TLS) connection to the mail server could not be set up",
  EPROTOCOL: "The mail server answered in a way we did not understand",
  EAUTH: "The mail server refused our credentials: the operator must check SMTP_URL",
  ENOAUTH: "The mail server requires a login: the operator must add credentials to SMTP_URL",
  EABORT: "Sending took too long and was stopped",
  // The outbox (no SMTP_URL): the disk, not the message, is the problem.
  EACCES: "The outbox folder is not writable",
  ENOSPC: "The disk holding the outbox is full",
  EROFS: "The outbox folder is on a read-only disk",
};

function short(text: string, max = 300): string {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** The reason an invitation fails with when the shop's template is over a limit (issue 13). */
export const TEMPLATE_ERROR = "template_error";

export function classifyFailure(error: unknown): FailureClass {
  const e = (error ?? {}) as ErrorShape;
  // The shop's template went over a limit (mail/templates.ts): it would again, every time.
  if ((error as { name?: unknown })?.name === "TemplateLimitError") {
    return { kind: "permanent", reason: `${TEMPLATE_ERROR}: ${typeof e.message === "string" ? e.message : "the template is over a limit"}` };
  }
  const code = typeof e.code === "string" ? e.code : undefined;
  const originalCode = typeof e.originalCode === "string" ? e.originalCode : undefined;
  const responseCode = typeof e.responseCode === "number" ? e.responseCode : undefined;
  const reply = typeof e.response === "string" && e.response ? short(e.response) : undefined;
  const command = typeof e.command === "string" ? e.command : undefined;

  // Our login was refused: the operator's problem, never the customer's.
  if (code === "EAUTH" || code === "ENOAUTH" || command?.startsWith("AUTH")) {
    return { kind: "temporary", reason: NETWORK[code === "ENOAUTH" ? "ENOAUTH" : "EAUTH"]!, transport: true };
  }

  if (responseCode !== undefined && responseCode >= 400 && responseCode < 600) {
    const said = reply ?? String(responseCode);
    const permanent = responseCode >= 500 && responseCode !== 503;
    if (command === "MAIL FROM") {
      // Refusing our sender refuses every message: a configuration problem (MAIL_FROM), so
      // it is retried like an outage instead of failing each invitation for good.
      return { kind: "temporary", reason: `The mail server refused the sender address (MAIL_FROM): ${said}`, transport: true };
    }
    if (command === "CONN" || command === "EHLO" || command === "HELO" || command === "STARTTLS") {
      return { kind: "temporary", reason: `The mail server refused the connection: ${said}`, transport: true };
    }
    if (permanent) {
      return {
        kind: "permanent",
        reason:
          command === "RCPT TO"
            ? `The recipient's mail server refused the address: ${said}`
            : `The mail server refused the message: ${said}`,
      };
    }
    return {
      kind: "temporary",
      reason: `The mail server asked us to try again later: ${said}`,
      // 421: the server is closing the connection (overloaded, shutting down): so is the pass.
      transport: responseCode === 421,
    };
  }

  const network = (originalCode && NETWORK[originalCode]) || (code && NETWORK[code]);
  if (network) return { kind: "temporary", reason: network, transport: true };

  if (code === "EENVELOPE") {
    const message = typeof e.message === "string" ? short(e.message) : "no usable recipient";
    return { kind: "permanent", reason: `The email address cannot be used: ${message}` };
  }
  if (code === "EMESSAGE") {
    const message = typeof e.message === "string" ? short(e.message) : "message refused";
    return { kind: "permanent", reason: `The message cannot be sent: ${message}` };
  }

  // Unknown: retry (bounded by MAX_SEND_ATTEMPTS) rather than give up on a customer at once.
  const message = typeof e.message === "string" && e.message ? short(e.message) : "unknown error";
  return { kind: "temporary", reason: `Sending failed: ${message}`, transport: false };
}

const BASE_DELAY_MS = 60_000;
const MAX_DELAY_MS = 6 * 60 * 60 * 1000;

/** 1, 2, 4, 8 … minutes after the n-th failed attempt, at most 6 hours. */
export function retryDelayMs(attemptsMade: number): number {
  const exponent = Math.max(0, attemptsMade - 1);
  return Math.min(BASE_DELAY_MS * 2 ** Math.min(exponent, 30), MAX_DELAY_MS);
}

export function nextAttemptAt(now: Date, attemptsMade: number): Date {
  return new Date(now.getTime() + retryDelayMs(attemptsMade));
}
