/**
 * Readiness, for load balancers and orchestrators: can this instance do its work now?
 * The database always; the SMTP server when this process sends (SMTP_URL set and
 * DISPATCH_ENABLED): a web instance that leaves sending to `npm run worker` stays ready
 * through a mail outage, since webhooks and the admin need no mail server.
 * Liveness (/healthz) asks nothing of either: an outage elsewhere is no reason to restart.
 */
import { isReachable, type Db } from "../db/client.ts";
import { classifyFailure } from "../dispatch/classify-failure.ts";
import { createSmtpTransport } from "../mail/transport.ts";

export interface ReadinessConfig {
  SMTP_URL?: string | undefined;
  DISPATCH_ENABLED: boolean;
}

export interface Readiness {
  ready: boolean;
  database: "ok" | "unreachable";
  /** "not checked" when this process does not send. */
  smtp: "ok" | "unreachable" | "not checked";
  /** Why not ready, in words an operator can act on. */
  reasons: string[];
}

/** An SMTP check opens a connection: its answer is kept this long between probes. */
const SMTP_CHECK_TTL_MS = 15_000;
const SMTP_TIMEOUT_MS = 5_000;

export function readinessCheck(deps: { db: Db; config: ReadinessConfig; now?: () => number }): () => Promise<Readiness> {
  const now = deps.now ?? Date.now;
  const smtpUrl = deps.config.DISPATCH_ENABLED ? deps.config.SMTP_URL : undefined;
  let smtpChecked: { at: number; problem: string | null } | undefined;
  let smtpInFlight: Promise<string | null> | undefined;

  async function checkSmtp(url: string): Promise<string | null> {
    const transport = createSmtpTransport({
      url,
      maxConnections: 1,
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
    });
    try {
      await transport.verify();
      return null;
    } catch (error) {
      return classifyFailure(error).reason; // never the URL: it may hold credentials
    } finally {
      await transport.close();
    }
  }

  async function smtpProblem(url: string): Promise<string | null> {
    if (smtpChecked && now() - smtpChecked.at < SMTP_CHECK_TTL_MS) return smtpChecked.problem;
    smtpInFlight ??= checkSmtp(url).finally(() => (smtpInFlight = undefined));
    const problem = await smtpInFlight;
    smtpChecked = { at: now(), problem };
    return problem;
  }

  return async () => {
    const [database, smtp] = await Promise.all([isReachable(deps.db), smtpUrl ? smtpProblem(smtpUrl) : Promise.resolve(undefined)]);
    const reasons: string[] = [];
    if (!database) reasons.push("The database cannot be reached.");
    if (typeof smtp === "string") reasons.push(`The mail server cannot be used: ${smtp}`);
    return {
      ready: reasons.length === 0,
      database: database ? "ok" : "unreachable",
      smtp: smtp === undefined ? "not checked" : smtp === null ? "ok" : "unreachable",
      reasons,
    };
  };
}
