/**
 * axe-core (through @axe-core/playwright) on a page as the merchant has it in front of them,
 * and a plain-text report: one line per page and width with the count of violations by impact,
 * then every violation with the elements it names. Critical and serious ones fail the test.
 */
import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

export interface AxeReport {
  page: string;
  width: number;
  findings: AxeFinding[];
}

export const BLOCKING_IMPACTS = ["critical", "serious"];

export async function runAxe(page: Page, name: string, width: number): Promise<AxeReport> {
  const results = await new AxeBuilder({ page }).analyze();
  return {
    page: name,
    width,
    findings: results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? "unknown",
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(" ")),
    })),
  };
}

export function blocking(report: AxeReport): AxeFinding[] {
  return report.findings.filter((f) => BLOCKING_IMPACTS.includes(f.impact));
}

export function formatAxeReports(reports: AxeReport[]): string {
  const impacts = ["critical", "serious", "moderate", "minor"];
  const lines = ["axe-core results (violations by impact):", `${"page".padEnd(28)} ${"width".padStart(5)}  ${impacts.join("  ")}`];
  for (const r of reports) {
    const counts = impacts.map((impact) => String(r.findings.filter((f) => f.impact === impact).length).padStart(impact.length));
    lines.push(`${r.page.padEnd(28)} ${String(r.width).padStart(5)}  ${counts.join("  ")}`);
  }
  for (const r of reports) {
    for (const f of r.findings) lines.push(`  ${r.page} @${r.width}: [${f.impact}] ${f.id} — ${f.help}: ${f.targets.slice(0, 5).join(", ")}`);
  }
  return lines.join("\n");
}
