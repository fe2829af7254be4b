/**
 * The rows of the benchmark's table, built from measured figures: pure functions, so
 * bench/run.ts only measures and collects. Intake rows compare against the bare Express
 * route measured in the same run.
 */
import type { AdminFigures } from "../admin-queries.ts";
import type { IntakeFigures, Latency } from "../intake.ts";
import { format, type Row } from "./table.ts";

/** The rate every intake's p99 is compared at (deliveries per second offered). */
export const FIXED_RATE = 500;

export const ratio = (value: number | null | undefined, baseline: number | null | undefined) =>
  value == null || baseline == null || baseline === 0 || !Number.isFinite(value) || !Number.isFinite(baseline) ? null : value / baseline;

export function missing(section: string, figure: string, target: string, error: string): Row {
  return { section, figure, value: null, unit: "/s", baseline: null, baselineLabel: "", ratio: null, target, met: null, error };
}


/** Issue 12's intake targets: at least this many deliveries/s and this fraction of the bare route. */
export interface IntakeTarget {
  perSecond: number;
  ofBare: number;
}
export const SQLITE_INTAKE: IntakeTarget = { perSecond: 1000, ofBare: 0.15 };
export const POSTGRES_INTAKE: IntakeTarget = { perSecond: 600, ofBare: 0.1 };
/** Server peak RSS under intake, against the bare route's. */
const RSS_LIMIT = 1.3;

function throughputRow(section: string, name: string, f: IntakeFigures, base: IntakeFigures, baseLabel: string, target?: IntakeTarget): Row {
  const r = ratio(f.maxThroughput, base.maxThroughput);
  return {
    section, figure: `${name}: deliveries/s (${f.connections} connections)`, value: f.maxThroughput, unit: "/s",
    detail: `server CPU ${f.cpuMsPerDelivery.toFixed(2)} ms per delivery, ${f.cpuCores.toFixed(2)} cores${f.errors ? `; ${f.errors} errors` : ""}`,
    baseline: base.maxThroughput, baselineLabel: baseLabel, ratio: r,
    target: target ? `≥ ${target.perSecond.toLocaleString("en")}/s and ≥ ${target.ofBare}× bare` : "—",
    met: target ? r !== null && r >= target.ofBare && f.maxThroughput >= target.perSecond && f.errors === 0 : null,
    peakRssBytes: f.peakRssBytes, baselinePeakRssBytes: base.peakRssBytes,
  };
}

/**
 * p99 is Infinity when more than 1% of the offered requests were still unanswered at the end
 * of the phase: all that is known then is that it exceeds the phase's length (a lower bound).
 */
function latencyRow(section: string, figure: string, f: IntakeFigures, l: Latency, base: IntakeFigures, b: Latency, baseLabel: string, limit?: number): Row {
  const bounded = !Number.isFinite(l.p99);
  const baseBounded = !Number.isFinite(b.p99);
  const value = bounded ? l.windowSeconds * 1000 : l.p99;
  const baseline = baseBounded ? b.windowSeconds * 1000 : b.p99;
  const p50 = Number.isFinite(l.p50) ? format(l.p50, "ms") : `> ${format(l.windowSeconds * 1000, "ms")}`;
  return {
    section, figure, value, unit: "ms", lowerBound: bounded, baselineLowerBound: baseBounded,
    detail: `p50 ${p50}; served ${format(l.served, "/s")}${l.unanswered ? `; ${l.unanswered.toLocaleString("en")} of ${l.offered.toLocaleString("en")} unanswered at the end` : ""}`,
    // Two lower bounds have no meaningful ratio.
    baseline, baselineLabel: baseLabel, ratio: baseBounded ? null : ratio(value, baseline),
    target: limit === undefined ? "—" : `< ${limit} ms`, met: limit === undefined ? null : !bounded && l.p99 < limit,
    peakRssBytes: f.peakRssBytes, baselinePeakRssBytes: base.peakRssBytes,
  };
}

/** Server peak memory under intake against the bare route's, measured in the same run. */
function rssRow(section: string, name: string, f: IntakeFigures, bare: IntakeFigures): Row {
  const mb = (bytes: number) => bytes / 1e6;
  const r = f.peakRssBytes / bare.peakRssBytes;
  return {
    section, figure: `${name}: server peak RSS`, value: mb(f.peakRssBytes), unit: "MB",
    baseline: mb(bare.peakRssBytes), baselineLabel: "bare Express", ratio: r,
    target: `≤ ${RSS_LIMIT}× bare`, met: r <= RSS_LIMIT,
  };
}

/** Intake against the bare route: throughput, p99 at the fixed rate (the targets), p99 at half its max, memory. */
export function headlineIntakeRows(section: string, name: string, f: IntakeFigures | null, bare: IntakeFigures | null, target: IntakeTarget): Row[] {
  if (!f || !bare) return [missing(section, `${name}: deliveries/s`, `≥ ${target.perSecond}/s`, f ? "bare route run failed" : "run failed")];
  const atFixed = f.latency.find((l) => l.asked === FIXED_RATE);
  const atHalf = f.latency.find((l) => l.asked === "half");
  const bareFixed = bare.latency[0]!;
  return [
    throughputRow(section, name, f, bare, "bare Express", target),
    latencyRow(section, `${name}: p99 at ${FIXED_RATE.toLocaleString("en")}/s offered`, f, atFixed!, bare, bareFixed, "bare Express", 50),
    latencyRow(section, `${name}: p99 at ${atHalf!.rate}/s offered (half its max)`, f, atHalf!, bare, bareFixed, `bare Express at ${FIXED_RATE.toLocaleString("en")}/s`),
    rssRow(section, name, f, bare),
  ];
}

/**
 * Intake against the same intake elsewhere (smaller database, one instance): throughput, p99
 * at the same rate; with `bare` and `target`, also the absolute target against the bare route.
 */
export function comparedIntakeRows(section: string, name: string, f: IntakeFigures | null, base: IntakeFigures | null, baseLabel: string, bare?: IntakeFigures | null, target?: IntakeTarget): Row[] {
  if (!f || !base) return [missing(section, `${name}: deliveries/s`, "—", f ? "baseline run failed" : "run failed")];
  const throughput = bare && target ? throughputRow(section, name, f, bare, "bare Express", target) : throughputRow(section, name, f, base, baseLabel);
  const l = f.latency[0]!;
  const b = base.latency.find((x) => x.rate === l.rate);
  if (!b) return [throughput, missing(section, `${name}: p99 at ${l.rate}/s offered`, "—", "baseline measured at another rate")];
  return [throughput, latencyRow(section, `${name}: p99 at ${l.rate}/s offered`, f, l, base, b, baseLabel)];
}

export const ADMIN_OPERATIONS: { key: string; figure: string; paged: boolean }[] = [
  { key: "first-page", figure: "first page (25, newest first)", paged: true },
  { key: "filtered-page", figure: "filtered page (status=queued)", paged: true },
  { key: "rare-filter-page", figure: "filtered page (status=failed, 1 in 600)", paged: true },
  { key: "deep-page", figure: "deep page by cursor (oldest rows)", paged: true },
  { key: "summary", figure: "summary counts", paged: false },
  { key: "reschedule", figure: "reschedule one (PATCH)", paged: false },
];

/**
 * The admin API's rows at one size: each operation's p95 against the smallest size, and
 * "cancel all pending" against the same SQL on the bare driver.
 */
export function adminRows(
  section: string,
  size: number,
  f: AdminFigures | null,
  base: AdminFigures | null,
  baseLabel: string,
  bare: { seconds: number; canceled: number } | null,
  at: string,
): Row[] {
  const out: Row[] = [];
  for (const op of ADMIN_OPERATIONS) {
    // Issue 12: pages p95 < 10 ms and summary counts p95 < 20 ms at 1M invitations.
    const limit = size === 1_000_000 ? (op.paged ? 10 : op.key === "summary" ? 20 : undefined) : undefined;
    const target = [limit !== undefined ? `< ${limit} ms` : null, op.paged ? "≤ 2× smallest" : null].filter(Boolean).join("; ") || "—";
    const m = f?.operations.find((o) => o.key === op.key);
    const b = base?.operations.find((o) => o.key === op.key);
    if (!m || !b) {
      out.push({ ...missing(section, `${op.figure}, ${at}`, target, "run failed"), unit: "ms" });
      continue;
    }
    const growth = m.p95 / b.p95;
    out.push({
      section, figure: `${op.figure}, ${at}`, value: m.p95, unit: "ms", detail: `p50 ${format(m.p50, "ms")}`,
      baseline: b.p95, baselineLabel: baseLabel, ratio: growth, target,
      met: op.paged || limit !== undefined ? (!op.paged || growth <= 2) && (limit === undefined || m.p95 < limit) : null,
      peakRssBytes: f!.peakRssBytes, baselinePeakRssBytes: base!.peakRssBytes,
    });
  }
  // Cancel all grows with the rows by nature; its baseline is the same SQL without the app.
  const cancelTarget = size === 1_000_000 ? "< 10 s (stretch < 1 s)" : "—";
  if (!f || !bare) {
    out.push({ ...missing(section, `cancel all pending, ${at}`, cancelTarget, "run failed"), unit: "s" });
    return out;
  }
  const rowsLabel = `${f.cancel.canceled.toLocaleString("en")} rows`;
  out.push({
    section, figure: `cancel all pending (${rowsLabel}): the merchant's answer, ${at}`, value: f.cancel.seconds, unit: "s",
    detail: f.cancel.complete ? "rows written before it" : "none sendable from then on; rows written after",
    baseline: bare.seconds, baselineLabel: "same SQL, bare driver", ratio: f.cancel.seconds / bare.seconds,
    target: cancelTarget, met: size === 1_000_000 ? f.cancel.seconds < 10 : null,
    peakRssBytes: f.peakRssBytes,
  });
  out.push({
    section, figure: `cancel all pending (${rowsLabel}): every row and event written, ${at}`, value: f.cancel.writtenSeconds, unit: "s",
    detail: `server peak +${Math.round(f.cancel.peakGrowthBytes / 1e6)} MB during it`,
    baseline: bare.seconds, baselineLabel: "same SQL, bare driver", ratio: f.cancel.writtenSeconds / bare.seconds,
    target: "—", met: null,
    peakRssBytes: f.peakRssBytes,
  });
  return out;
}
