/**
 * The template sandbox (issue 13): a merchant's Liquid is validated (on save) and previewed
 * in a worker thread (piscina) with a small heap, and the worker is terminated when a task
 * runs past its time budget. liquidjs' own limits (templates.ts) stop most runaway templates
 * from inside; this stops the rest, and whatever happens there, the server's event loop,
 * which serves every shop's webhooks and admin requests, is never held.
 *
 * Sending renders in-process a template that passed here (docs/security.md has the numbers
 * that decided it); a limit hit there fails that invitation with reason template_error.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LRUCache } from "lru-cache";
import Piscina from "piscina";
import {
  limitMessage,
  renderPreview,
  TemplateLimitError,
  TEMPLATE_LIMITS,
  type InvitationFacts,
  type RenderedEmail,
  type TemplateCheck,
  type TemplateField,
  type TemplateSettings,
} from "./templates.ts";
import type { SandboxTask } from "./render-worker.ts";

/** What each worker may use: a hostile template runs out of these, not of the server's. */
export const WORKER_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16, codeRangeSizeMb: 16, stackSizeMb: 4 };

/**
 * When the worker is killed. liquidjs' own limit (TEMPLATE_LIMITS.renderMs, 100 ms) stops a
 * runaway template from inside the worker; the kill is the backstop for what it cannot stop
 * (one filter call that never returns). It is wall-clock time, and on a machine starved of
 * CPU a plain preview can take several times its CPU time: the backstop is generous because
 * waiting for it holds nothing but that one preview (the event loop stays free).
 */
export const TASK_BUDGET_MS = TEMPLATE_LIMITS.renderMs * 10;

/**
 * The worker's file sits beside this module: render-worker.ts next to the source (run by tsx),
 * render-worker.js next to the production bundle (scripts/build-server.ts builds it).
 */
const WORKER_EXTENSION = path.extname(fileURLToPath(import.meta.url));

let pool: Piscina | null = null;
/** The worker's start (loading liquidjs) is not the template's time: tasks wait for it first. */
let ready: Promise<unknown> = Promise.resolve();

function sandbox(): Piscina {
  if (pool) return pool;
  pool = new Piscina({
    filename: new URL(`./render-worker${WORKER_EXTENSION}`, import.meta.url).href,
    // One core serves HTTP; the other renders. A queue longer than this is refused (503).
    minThreads: 1,
    maxThreads: 1,
    maxQueue: 64,
    idleTimeout: 60_000,
    resourceLimits: WORKER_LIMITS,
  });
  ready = pool.run({ op: "validate", source: "{{ shop_name }}", field: "emailSubject" } satisfies SandboxTask).catch(() => undefined);
  return pool;
}

export class SandboxBusyError extends Error {
  constructor() {
    super("Too many template previews are waiting; try again in a moment.");
    this.name = "SandboxBusyError";
  }
}

type Killed = { killed: "time" | "memory" };

async function runTask<T>(task: SandboxTask, budgetMs = TASK_BUDGET_MS): Promise<T | Killed> {
  const p = sandbox();
  await ready;
  // Tasks ahead of this one may each take the whole budget: the clock covers them too.
  const ahead = p.queueSize + Math.ceil(p.utilization * p.threads.length);
  const signal = AbortSignal.timeout(budgetMs * (1 + ahead));
  try {
    return (await p.run(task, { signal })) as T;
  } catch (error) {
    const e = error as { name?: string; code?: string; message?: string };
    if (e?.name === "AbortError" || signal.aborted) return { killed: "time" };
    if (e?.code === "ERR_WORKER_OUT_OF_MEMORY" || /out of memory|heap/i.test(e?.message ?? "")) return { killed: "memory" };
    if (/queue is at limit/i.test(e?.message ?? "")) throw new SandboxBusyError();
    throw error;
  }
}

function isKilled(value: unknown): value is Killed {
  return typeof value === "object" && value !== null && "killed" in value;
}

/** validateTemplate, in the sandbox. */
export async function validateTemplateSandboxed(source: string, field: TemplateField): Promise<TemplateCheck> {
  const result = await runTask<TemplateCheck>({ op: "validate", source, field });
  if (!isKilled(result)) return result;
  return { ok: false, field, line: null, column: null, message: limitMessage(field, result.killed), limit: result.killed };
}

export type PreviewResult = RenderedEmail & { errors: Extract<TemplateCheck, { ok: false }>[] };

/**
 * renderPreview, in the sandbox. A preview killed as a whole is answered by checking each
 * field on its own (so the error names the field), then previewing without the ones that
 * failed, as sending would.
 */
export async function renderPreviewSandboxed(settings: TemplateSettings, sample?: Partial<InvitationFacts>): Promise<PreviewResult> {
  const result = await runTask<PreviewResult>({ op: "preview", settings, ...(sample ? { sample } : {}) });
  if (!isKilled(result)) return result;
  const errors: Extract<TemplateCheck, { ok: false }>[] = [];
  const safe: TemplateSettings = { ...settings };
  for (const field of ["emailSubject", "emailBody", "reviewUrl"] as const) {
    const source = settings[field];
    if (source === null) continue;
    const check = await validateTemplateSandboxed(source, field);
    if (!check.ok) {
      errors.push(check);
      safe[field] = null;
    }
  }
  const again = await runTask<PreviewResult>({ op: "preview", settings: safe, ...(sample ? { sample } : {}) });
  if (!isKilled(again)) return { ...again, errors: [...errors, ...again.errors] };
  // Even that was too slow (a machine starved of CPU): the defaults are ours, safe to render here.
  const defaults = await renderPreview({ ...settings, emailSubject: null, emailBody: null, reviewUrl: null }, sample);
  return { ...defaults, errors };
}

/** Verdicts of checkForSending, by field and source: a template is checked once per process. */
const checked = new LRUCache<string, TemplateLimitError | false>({ max: 5_000 });

/**
 * Before dispatch renders a shop's own templates in-process, the sandbox checks them once
 * (then remembered): a template over a limit is reported as a TemplateLimitError, and its
 * invitations fail with template_error without ever being rendered on the event loop. A
 * template that is merely wrong (syntax) is left to the renderer, which falls back to the
 * default as the preview showed. A time verdict is confirmed once: a busy machine must not
 * fail a real invitation.
 */
export async function checkForSending(sources: Iterable<readonly [TemplateField, string | null]>): Promise<TemplateLimitError | null> {
  for (const [field, source] of sources) {
    if (!source) continue;
    const key = `${field}:${source}`;
    let verdict = checked.get(key);
    if (verdict === undefined) {
      let check = await validateTemplateSandboxed(source, field);
      if (!check.ok && check.limit === "time") check = await validateTemplateSandboxed(source, field);
      verdict = !check.ok && check.limit ? new TemplateLimitError(field, check.limit, check.message) : false;
      checked.set(key, verdict);
    }
    if (verdict) return verdict;
  }
  return null;
}

/** For measurements (bench/spikes/render-worker.ts): one invitation rendered in the sandbox. */
export async function renderInSandbox(task: Extract<SandboxTask, { op: "render" }>): Promise<RenderedEmail> {
  const result = await runTask<RenderedEmail>(task, 60_000); // a measurement, not a guard
  if (isKilled(result)) throw new Error(`render killed: ${result.killed}`);
  return result;
}

/** Stops the worker (tests, shutdown). */
export async function closeSandbox(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.destroy();
}
