/**
 * The one place Liquid engines are made, with their limits. A merchant's template is input,
 * not code we trust (docs/security.md): it can read no file ({% include %} finds nothing),
 * cannot un-escape values with `raw`, and cannot run away with CPU or memory.
 *
 * liquidjs' own limits are cooperative (checked between nodes); previews and validation
 * also run in a worker that is killed past the budget (sandbox.ts), so a template that saves
 * is one that renders within them, and sending (in-process: see docs/security.md for the
 * measured reason) treats a limit hit as a template error, never as a reason to retry.
 */
import { Liquid, type Template } from "liquidjs";
import { LRUCache } from "lru-cache";
import { FIELD_LABEL, type TemplateField } from "./template-defaults.ts";

export const TEMPLATE_LIMITS = {
  /** Milliseconds of rendering per template when it is saved or previewed (in the sandbox). */
  renderMs: 100,
  /**
   * Milliseconds at send time, in-process: only a safety net. Dispatch renders a template
   * only after the sandbox passed it under the limit above (sandbox.ts checkForSending);
   * a loaded machine or a pause of the garbage collector must not fail a real invitation.
   */
  sendRenderMs: 2_000,
  /** Bytes liquidjs may allocate for one render (strings, arrays). */
  memoryBytes: 2_000_000,
  /** Characters of one template's rendered output. */
  outputChars: 200_000,
} as const;

export type Limit = "time" | "memory" | "output";

/** What an engine writes its outputs as: HTML-escaped, plain, or URL-encoded. */
export type EngineKind = "html" | "text" | "url";

/**
 * An engine for one kind of output. `validating` engines refuse unknown variables (a
 * misspelt `{{ custmer_name }}` would otherwise send an empty greeting to every customer)
 * and stop at the save-time budget; sending engines are lenient and stop at the safety net.
 */
export function createEngine(kind: EngineKind, options: { validating: boolean }): Liquid {
  const engine = new Liquid({
    ...(kind === "html" ? { outputEscape: "escape" as const } : {}),
    ...(kind === "url" ? { outputEscape: (value: unknown) => encodeURIComponent(String(value ?? "")) } : {}),
    strictFilters: true,
    ...(options.validating ? { strictVariables: true, lenientIf: true } : {}),
    ownPropertyOnly: true,
    templates: {},
    parseLimit: 100_000,
    renderLimit: options.validating ? TEMPLATE_LIMITS.renderMs : TEMPLATE_LIMITS.sendRenderMs,
    memoryLimit: TEMPLATE_LIMITS.memoryBytes,
  });
  // `raw` would switch off escaping for one output, and outputs carry the customer's name and
  // the order's product titles: in an email to customers it is a plain filter that returns
  // its input, so the escaping still applies. Markup belongs in the template itself.
  if (kind === "html") engine.registerFilter("raw", (value: unknown) => value);
  return engine;
}

/**
 * A shop's template went over a limit while rendering. Not retried: the same template with
 * the same data would do it again. Dispatch fails the invitation with reason template_error.
 */
export class TemplateLimitError extends Error {
  readonly field: TemplateField;
  readonly limit: Limit;
  constructor(field: TemplateField, limit: Limit, message: string) {
    super(message);
    this.name = "TemplateLimitError";
    this.field = field;
    this.limit = limit;
  }
}

/** The merchant's words for each limit: what was exceeded and what to do. */
export function limitMessage(field: TemplateField, limit: Limit, when: "check" | "send" = "check"): string {
  const label = FIELD_LABEL[field];
  switch (limit) {
    case "time": {
      const ms = when === "send" ? TEMPLATE_LIMITS.sendRenderMs : TEMPLATE_LIMITS.renderMs;
      return `${label} takes longer than ${ms} ms to render (the time limit): remove nested or long {% for %} loops.`;
    }
    case "memory":
      return `${label} uses more than ${TEMPLATE_LIMITS.memoryBytes / 1_000_000} MB while rendering (the memory limit): build shorter text.`;
    case "output":
      return `${label} renders to more than ${TEMPLATE_LIMITS.outputChars.toLocaleString("en-US")} characters (the size limit): shorten it.`;
  }
}

/** The limit a liquidjs error reports, if it is one. */
export function limitOf(error: unknown): "time" | "memory" | null {
  const message = error instanceof Error ? error.message : "";
  if (/render limit exceeded/i.test(message)) return "time";
  if (/memory alloc limit exceeded/i.test(message)) return "memory";
  return null;
}

/** The engines sending uses, one per kind of output. */
export const sendingEngines: Record<EngineKind, Liquid> = {
  html: createEngine("html", { validating: false }),
  text: createEngine("text", { validating: false }),
  url: createEngine("url", { validating: false }),
};

/**
 * Parsing is most of a render's cost, and a shop's template changes rarely: keep parsed
 * templates per engine and source, bounded in (estimated) bytes, least recently used out
 * first. Each entry is weighed at the most a parsed template was measured to take per
 * character of source (docs/performance.md, "Figures behind the code").
 */
const PARSED_BYTES_PER_CHAR = 200;
export const PARSE_CACHE_BYTES = 32 * 1024 * 1024;
const parsed = new LRUCache<string, Template[]>({
  maxSize: PARSE_CACHE_BYTES,
  sizeCalculation: (_value, key) => Math.max(1, key.length * PARSED_BYTES_PER_CHAR),
});

/** What the parse cache holds now (tests check its bound). */
export function parseCacheSize(): { entries: number; bytes: number } {
  return { entries: parsed.size, bytes: parsed.calculatedSize };
}

/** Renders `source` with one of the sending engines, parsing it once per engine and source. */
export function renderCached(kind: EngineKind, source: string, scope: object): Promise<string> {
  const engine = sendingEngines[kind];
  const key = `${kind}:${source}`;
  let templates = parsed.get(key);
  if (!templates) {
    templates = engine.parse(source);
    parsed.set(key, templates);
  }
  // renderSync: no include/layout can reach a file, so nothing here awaits; the async
  // renderer doubled a render's cost in promise overhead alone (docs/performance.md, "Figures behind the code").
  return Promise.resolve(engine.renderSync(templates, scope) as string);
}
