/**
 * The one table `npm run bench` prints: each row a figure, the baseline it is compared with
 * (measured in the same run), their ratio, the target and whether it is met, and the peak
 * memory of the server(s) measured for the figure and for its baseline.
 */

export type Unit = "/s" | "ms" | "s" | "kB" | "MB";

export interface Row {
  section: string;
  figure: string;
  value: number | null;
  unit: Unit;
  /** Shown next to the value, e.g. the p50 of a p95 figure. */
  detail?: string;
  baseline: number | null;
  baselineLabel: string;
  /** value / baseline. */
  ratio: number | null;
  target: string;
  /** null: no target for this figure. */
  met: boolean | null;
  peakRssBytes?: number;
  baselinePeakRssBytes?: number;
  /** The value (and so the ratio) is only a lower bound: shown with ">". */
  lowerBound?: boolean;
  baselineLowerBound?: boolean;
  /** Why the figure is missing (a part that could not run). */
  error?: string;
}

export function format(value: number | null, unit: Unit): string {
  if (value === null || !Number.isFinite(value)) return "—";
  switch (unit) {
    case "/s":
      return `${Math.round(value).toLocaleString("en")}/s`;
    case "ms":
      return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ms`;
    case "s":
      return `${value.toFixed(value < 10 ? 2 : 1)} s`;
    case "kB":
      return `${(value / 1024).toFixed(1)} kB`;
    case "MB":
      return `${Math.round(value)} MB`;
  }
}

const mb = (bytes?: number) => (bytes === undefined ? "" : `${Math.round(bytes / 1e6)}`);

function ratioText(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return "—";
  return ratio >= 100 ? `${ratio.toFixed(0)}×` : ratio >= 10 ? `${ratio.toFixed(1)}×` : `${ratio.toFixed(2)}×`;
}

export function cells(row: Row): string[] {
  const rss = row.peakRssBytes === undefined ? "—" : `${mb(row.peakRssBytes)}${row.baselinePeakRssBytes === undefined ? "" : ` / ${mb(row.baselinePeakRssBytes)}`} MB`;
  if (row.error) return [row.figure, `not measured: ${row.error}`, "", "", row.target, "—", ""];
  const more = row.lowerBound ? "> " : "";
  return [
    row.figure,
    `${more}${format(row.value, row.unit)}${row.detail ? ` (${row.detail})` : ""}`,
    row.baseline === null ? "—" : `${row.baselineLowerBound ? "> " : ""}${format(row.baseline, row.unit)} ${row.baselineLabel}`,
    `${row.ratio === null ? "" : more}${ratioText(row.ratio)}`,
    row.target,
    row.met === null ? "—" : row.met ? "yes" : "NO",
    rss,
  ];
}

export const HEADERS = ["figure", "value", "baseline (same run)", "ratio", "target", "met?", "peak RSS (figure / baseline)"];

/** Plain text, sections as sub-headings. */
export function renderText(rows: Row[]): string {
  const table = rows.map(cells);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...table.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd();
  const out = [line(HEADERS), widths.map((w) => "-".repeat(w)).join("  ")];
  let section = "";
  rows.forEach((row, i) => {
    if (row.section !== section) {
      section = row.section;
      out.push(`[${section}]`);
    }
    out.push(line(table[i]!));
  });
  return out.join("\n");
}

/** The same table in Markdown, for docs/performance.md. */
export function renderMarkdown(rows: Row[]): string {
  const esc = (s: string) => s.replaceAll("|", "\\|");
  const out = [`| ${HEADERS.join(" | ")} |`, `|${HEADERS.map(() => "---").join("|")}|`];
  let section = "";
  for (const row of rows) {
    if (row.section !== section) {
      section = row.section;
      out.push(`| **${esc(section)}** |${" |".repeat(HEADERS.length - 1)}`);
    }
    out.push(`| ${cells(row).map(esc).join(" | ")} |`);
  }
  return out.join("\n");
}
