/**
 * `npx tsx scripts/bench-table-to-docs.ts`: copies the table of the last `npm run bench`
 * (bench/results/latest.json) into docs/performance.md between its bench-table markers,
 * with the run's date, machine and load, so the docs show a table the bench printed.
 */
import { readFileSync, writeFileSync } from "node:fs";

const DOC = "docs/performance.md";
const result = JSON.parse(readFileSync("bench/results/latest.json", "utf8")) as {
  startedAt: string;
  seconds: number;
  machine: { cpus: number; model: string; node: string; loadAtStart: number; loadAtEnd: number };
  markdown: string;
};
const start = "<!-- bench-table:start -->";
const end = "<!-- bench-table:end -->";
const doc = readFileSync(DOC, "utf8");
const a = doc.indexOf(start);
const b = doc.indexOf(end);
if (a < 0 || b < a) throw new Error(`${DOC} has no ${start} … ${end} markers`);
const m = result.machine;
const heading =
  `\`npm run bench\`, ${result.startedAt.slice(0, 16).replace("T", " ")} UTC, ${(result.seconds / 60).toFixed(1)} minutes, ` +
  `${m.cpus} × ${m.model}, Node ${m.node}, load average ${m.loadAtStart} at start and ${m.loadAtEnd} at end.`;
writeFileSync(DOC, `${doc.slice(0, a + start.length)}\n${heading}\n\n${result.markdown.trim()}\n${doc.slice(b)}`);
console.log(`${DOC}: table of ${result.startedAt} written`);
