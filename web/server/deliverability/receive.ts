/**
 * One door for reports, whichever way they came (SMTP listener, HTTP endpoint): check the
 * token, then apply. A report without a token we signed is ignored and logged, never
 * applied: bounces are unauthenticated mail, and a forged one must not suppress a customer.
 */
import type { Db } from "../db/client.ts";
import { maskEmail, type Logger } from "../logger.ts";
import { applyDeliveryReport } from "./apply-report.ts";
import type { ParsedReport } from "./parse-reports.ts";
import { verifyBounceToken } from "./verp.ts";

export interface ReceiveDeps {
  db: Db;
  tokenKeys: readonly Buffer[];
  logger?: Logger | undefined;
  clock?: (() => Date) | undefined;
}

export interface ReceiveSummary {
  applied: number;
  duplicate: number;
  ignored: number;
}

export async function receiveReports(deps: ReceiveDeps, reports: readonly ParsedReport[], via: "smtp" | "http"): Promise<ReceiveSummary> {
  const summary: ReceiveSummary = { applied: 0, duplicate: 0, ignored: 0 };
  const now = (deps.clock ?? (() => new Date()))();
  for (const report of reports) {
    const invitationId = report.token ? verifyBounceToken(deps.tokenKeys, report.token) : null;
    if (invitationId === null) {
      summary.ignored++;
      deps.logger?.warn({ via, kind: report.kind, recipient: report.recipient ? maskEmail(report.recipient) : null }, "delivery report without a valid token ignored");
      continue;
    }
    const outcome = await applyDeliveryReport(deps.db, { invitationId, kind: report.kind, status: report.status, diagnostic: report.diagnostic, via }, now);
    if (outcome === "applied") summary.applied++;
    else if (outcome === "duplicate") summary.duplicate++;
    else summary.ignored++;
    deps.logger?.info({ via, invitationId, kind: report.kind, status: report.status, outcome }, "delivery report");
  }
  return summary;
}
