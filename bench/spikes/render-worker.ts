/**
 * Issue 13: what rendering an invitation costs in-process against through the template
 * sandbox's worker (piscina), and what a hostile template does to the event loop in each.
 *   node --import tsx bench/spikes/render-worker.ts [renders]
 */
import { performance } from "node:perf_hooks";
import { closeSandbox, renderInSandbox, renderPreviewSandboxed } from "../../web/server/mail/sandbox.ts";
import { DEFAULT_BODY, renderInvitation, renderPreview, SAMPLE_FACTS, type TemplateSettings } from "../../web/server/mail/templates.ts";

const n = Number(process.argv[2] ?? 2000);
const settings: TemplateSettings = { domain: "a.myshopify.com", name: "A", emailSubject: null, emailBody: null, noticeEnabled: true, noticeText: null, reviewUrl: null };
const links = { unsubscribe: "https://x.example/r/unsubscribe/1.s", notReceived: "https://x.example/r/not-received/1.s" };
const facts = (i: number) => ({ ...SAMPLE_FACTS, customerName: `Customer ${i}` });

async function measure(label: string, renderOne: (i: number) => Promise<unknown>, concurrency: number) {
  for (let i = 0; i < 200; i++) await renderOne(i); // warm
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) await renderOne(next++);
  }));
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0);
  console.log(`${label}: ${(wall / n).toFixed(3)} ms wall/render, ${((cpu.user + cpu.system) / 1000 / n).toFixed(3)} ms CPU/render (all threads), main thread busy ${(elu.active / n).toFixed(3)} ms/render`);
}

await measure("in-process, default template", (i) => renderInvitation(settings, facts(i), links), 1);
// A shop's own template: its markup is closed by parse5 before the footer (issue 13, item 8).
const own = { ...settings, emailBody: DEFAULT_BODY.replace("Write a review", "Tell us how it went") };
await measure("in-process, the shop's own template", (i) => renderInvitation(own, facts(i), links), 1);
await measure("worker, 20 in flight", (i) => renderInSandbox({ op: "render", settings, facts: facts(i), links }), 20);

const hostile = { ...settings, emailBody: `{% for a in (1..3000) %}{% for b in (1..3000) %}{{ a }}{% endfor %}{% endfor %}` };
for (const [label, preview] of [["in-process", () => renderPreview(hostile)], ["sandboxed", () => renderPreviewSandboxed(hostile)]] as const) {
  // The longest the event loop went without running a 1 ms timer: what another request waits.
  let last = performance.now();
  let worst = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 1);
  await new Promise((r) => setTimeout(r, 20));
  const t0 = performance.now();
  const result = await preview();
  await new Promise((r) => setTimeout(r, 20));
  clearInterval(probe);
  console.log(`hostile preview ${label}: ${(performance.now() - t0 - 20).toFixed(0)} ms, longest event-loop stall ${worst.toFixed(0)} ms, error: ${result.errors[0]?.message}`);
}
await closeSandbox();
