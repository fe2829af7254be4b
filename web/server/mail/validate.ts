/**
 * Checks a merchant's template the way sending will use it: parse, then render with sample
 * values, under the save-time limits. The settings API answers 422 with what this returns
 * (the field, the line, a message the merchant can act on), so a template that saves is a
 * template that sends.
 */
import { LiquidError } from "liquidjs";
import { createEngine, limitMessage, limitOf, TEMPLATE_LIMITS, type Limit } from "./liquid.ts";
import {
  DEFAULT_NOTICE,
  FIELD_LABEL,
  isHttpsUrl,
  reviewUrlScope,
  SAMPLE_FACTS,
  SAMPLE_LINKS,
  SAMPLE_SHOP,
  templateScope,
  type TemplateField,
} from "./template-defaults.ts";

export type TemplateCheck =
  | { ok: true }
  | {
      ok: false;
      field: TemplateField;
      line: number | null;
      column: number | null;
      message: string;
      /** Set when a limit was exceeded rather than the template being wrong. */
      limit?: Limit;
    };

const validatingEngines = {
  html: createEngine("html", { validating: true }),
  text: createEngine("text", { validating: true }),
  url: createEngine("url", { validating: true }),
};

const FIELD_ENGINE: Record<Exclude<TemplateField, "noticeText">, keyof typeof validatingEngines> = {
  emailSubject: "text",
  emailBody: "html",
  reviewUrl: "url",
};

const MAX_LENGTH: Record<TemplateField, number> = {
  emailSubject: 300,
  emailBody: 50_000,
  noticeText: 2_000,
  reviewUrl: 2_000,
};

/**
 * The first problem of one field's template, with its line (1-based) where there is one.
 * Unknown variables are reported too (see createEngine).
 */
export async function validateTemplate(source: string, field: TemplateField): Promise<TemplateCheck> {
  const label = FIELD_LABEL[field];
  if (source.length > MAX_LENGTH[field]) {
    return { ok: false, field, line: null, column: null, message: `${label} is longer than ${MAX_LENGTH[field]} characters.` };
  }
  if (field === "emailSubject" && source.trim() === "") {
    return { ok: false, field, line: 1, column: 1, message: "Subject cannot be empty (clear the field to use the default)." };
  }
  // The notice is plain text, shown as written (escaped), so it has no Liquid to check.
  if (field === "noticeText") return { ok: true };
  const engine = validatingEngines[FIELD_ENGINE[field]];
  const scope =
    field === "reviewUrl"
      ? reviewUrlScope(SAMPLE_FACTS, SAMPLE_SHOP, SAMPLE_FACTS.products[0])
      : { ...templateScope(SAMPLE_FACTS, SAMPLE_SHOP, "https://example.com/review", SAMPLE_LINKS), notice: DEFAULT_NOTICE };
  let rendered: string;
  try {
    rendered = await engine.parseAndRender(source, scope);
  } catch (error) {
    const limit = limitOf(error);
    if (limit) return { ok: false, field, line: null, column: null, message: limitMessage(field, limit), limit };
    return { ok: false, field, ...describeLiquidError(error, label) };
  }
  if (rendered.length > TEMPLATE_LIMITS.outputChars) {
    return { ok: false, field, line: null, column: null, message: limitMessage(field, "output"), limit: "output" };
  }
  if (field === "reviewUrl" && !isHttpsUrl(rendered.trim())) {
    return {
      ok: false,
      field,
      line: 1,
      column: 1,
      message: `${label} must be an https:// address, e.g. https://{{ shop_domain }}/pages/reviews?order={{ order_name }}.`,
    };
  }
  return { ok: true };
}

function describeLiquidError(error: unknown, label: string): { line: number | null; column: number | null; message: string } {
  if (error instanceof LiquidError) {
    const position = (error as LiquidError & { token?: { getPosition?: () => [number, number] } }).token?.getPosition?.();
    const line = position?.[0] ?? null;
    const column = position?.[1] ?? null;
    // liquidjs appends ", line:3, col:5" and sometimes a source excerpt: keep the first line.
    let reason = (error.message.split("\n")[0] ?? "").replace(/, line:\d+, col:\d+$/, "");
    if (/ENOENT|Failed to lookup/.test(reason)) reason = "{% include %}, {% render %} and {% layout %} are not available in invitation emails";
    const where = line ? ` on line ${line}` : "";
    return { line, column, message: `${label}: ${reason}${where}.` };
  }
  return { line: null, column: null, message: `${label} could not be read as a Liquid template.` };
}
