/**
 * The invitation email's words: per-shop Liquid templates (subject, body, review link) with
 * safe defaults, the automated-message notice (R4) and the footer links. Pure: no database,
 * no transport. The dispatcher renders with it; the settings API validates and previews
 * with it, so a template that saves is a template that sends.
 */
import { Liquid, LiquidError, type Template } from "liquidjs";
import { LRUCache } from "lru-cache";
import { parseFragment, serialize } from "parse5";

export const DEFAULT_SUBJECT = "How was your order {{ order_name }} from {{ shop_name }}?";

export const DEFAULT_BODY = `<p>Hi {{ customer_name | default: "there" }},</p>
<p>Thank you for your order {{ order_name }}{% if products.size > 0 %} ({{ products | join: ", " }}){% endif %}.
We would love to hear how it went.</p>
<p><a href="{{ review_link }}">Write a review</a></p>
<p>Thank you,<br>{{ shop_name }}</p>`;

/** R4: said in every invitation while the setting is on, whatever the merchant's template. */
export const DEFAULT_NOTICE =
  "This message was sent automatically after your order. If it reached you in error, for example " +
  "because your order was cancelled, we apologise. You are still welcome to review your experience with us.";

/**
 * Where "Write a review" leads when the merchant has not set a review link: a page of the
 * shop itself. Merchants with a review platform set their own link (docs/delivery.md).
 */
export const DEFAULT_REVIEW_URL = "https://{{ shop_domain }}/pages/reviews?order={{ order_name }}";

/** Variables a merchant may use, for documentation and the settings page. */
export const TEMPLATE_VARIABLES = [
  "customer_name",
  "order_name",
  "products",
  "shop_name",
  "review_link",
  "unsubscribe_link",
  "not_received_link",
  "notice",
] as const;
export const REVIEW_URL_VARIABLES = ["order_name", "order_id", "shop_domain", "shop_name"] as const;

export type TemplateField = "emailSubject" | "emailBody" | "noticeText" | "reviewUrl";

/** The shop's email settings as stored (null means "use the default"). */
export interface TemplateSettings {
  domain: string;
  name: string | null;
  emailSubject: string | null;
  emailBody: string | null;
  noticeEnabled: boolean;
  noticeText: string | null;
  reviewUrl: string | null;
}

/** What one invitation contributes to its email. */
export interface InvitationFacts {
  customerName: string | null;
  orderName: string | null;
  orderId: string | null;
  products: string[];
}

export interface CustomerLinks {
  unsubscribe: string;
  /** The app's tracked redirect to the review link (issue 18); the review link itself when absent (test emails, previews). */
  review?: string;
  /** null once the customer can no longer postpone (CUSTOMER_POSTPONE_MAX reached). */
  notReceived: string | null;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  reviewUrl: string;
  /** Set when the stored template failed and the default was used instead. */
  templateFallback?: string;
}

// Templates can neither read files ({% include %} finds nothing) nor run away with CPU or
// memory: a merchant's template is input, not code we trust (issue 13). liquidjs' own limits
// are cooperative (checked between nodes); previews and validation also run in a worker
// that is killed past the budget (sandbox.ts), so a template that saves is one that renders
// within them, and sending (in-process: see docs/security.md for the measured reason)
// treats a limit hit as a template error, never as a reason to retry.
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

const LIMITS = { parseLimit: 100_000, renderLimit: TEMPLATE_LIMITS.sendRenderMs, memoryLimit: TEMPLATE_LIMITS.memoryBytes };
const VALIDATION_LIMITS = { ...LIMITS, renderLimit: TEMPLATE_LIMITS.renderMs };

/**
 * A shop's template went over a limit while rendering. Not retried: the same template with
 * the same data would do it again. Dispatch fails the invitation with reason template_error.
 */
export class TemplateLimitError extends Error {
  readonly field: TemplateField;
  readonly limit: "time" | "memory" | "output";
  constructor(field: TemplateField, limit: "time" | "memory" | "output", message: string) {
    super(message);
    this.name = "TemplateLimitError";
    this.field = field;
    this.limit = limit;
  }
}

/** The merchant's words for each limit: what was exceeded and what to do. */
export function limitMessage(field: TemplateField, limit: "time" | "memory" | "output", when: "check" | "send" = "check"): string {
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

const htmlEngine = new Liquid({ outputEscape: "escape", strictFilters: true, ownPropertyOnly: true, templates: {}, ...LIMITS });
/**
 * `raw` would switch off escaping for one output, and outputs carry the customer's name and
 * the order's product titles: in an email to customers it is a plain filter that returns
 * its input, so the escaping still applies (issue 13). Markup belongs in the template itself.
 */
const noRaw = (engine: Liquid) => {
  engine.registerFilter("raw", (value: unknown) => value);
  return engine;
};
noRaw(htmlEngine);
const textEngine = new Liquid({ strictFilters: true, ownPropertyOnly: true, templates: {}, ...LIMITS });
const urlEngine = new Liquid({
  outputEscape: (value: unknown) => encodeURIComponent(String(value ?? "")),
  strictFilters: true,
  ownPropertyOnly: true,
  templates: {},
  ...LIMITS,
});
/**
 * Parsing is most of a render's cost, and a shop's template changes rarely: keep parsed
 * templates per engine and source, bounded in (estimated) bytes, least recently used out
 * first. A parsed template takes up to ~200 bytes per character of source (a 50,000-character
 * body measured 2.4–10 MB), so that is what each entry is weighed at.
 */
const PARSED_BYTES_PER_CHAR = 200;
export const PARSE_CACHE_BYTES = 32 * 1024 * 1024;
const parsed = new LRUCache<string, Template[]>({
  maxSize: PARSE_CACHE_BYTES,
  sizeCalculation: (_value, key) => Math.max(1, key.length * PARSED_BYTES_PER_CHAR),
});
const engineIds = new Map<Liquid, string>([
  [htmlEngine, "h"],
  [textEngine, "t"],
  [urlEngine, "u"],
]);

/** What the parse cache holds now (tests check its bound). */
export function parseCacheSize(): { entries: number; bytes: number } {
  return { entries: parsed.size, bytes: parsed.calculatedSize };
}

function render(engine: Liquid, source: string, scope: object): Promise<string> {
  const key = `${engineIds.get(engine) ?? "?"}:${source}`;
  let templates = parsed.get(key);
  if (!templates) {
    templates = engine.parse(source);
    parsed.set(key, templates);
  }
  // renderSync: no include/layout can reach a file, so nothing here awaits; the async
  // renderer cost ~2x per invitation in promise overhead alone.
  return Promise.resolve(engine.renderSync(templates, scope) as string);
}

const validatingEngines = {
  html: noRaw(new Liquid({ outputEscape: "escape", strictFilters: true, strictVariables: true, lenientIf: true, ownPropertyOnly: true, templates: {}, ...VALIDATION_LIMITS })),
  text: new Liquid({ strictFilters: true, strictVariables: true, lenientIf: true, ownPropertyOnly: true, templates: {}, ...VALIDATION_LIMITS }),
  url: new Liquid({
    outputEscape: (value: unknown) => encodeURIComponent(String(value ?? "")),
    strictFilters: true,
    strictVariables: true,
    lenientIf: true,
    ownPropertyOnly: true,
    templates: {},
    ...VALIDATION_LIMITS,
  }),
};

const FIELD_LABEL: Record<TemplateField, string> = {
  emailSubject: "Subject",
  emailBody: "Body",
  noticeText: "Automated-message notice",
  reviewUrl: "Review link",
};

const FIELD_ENGINE: Record<TemplateField, keyof typeof validatingEngines> = {
  emailSubject: "text",
  emailBody: "html",
  noticeText: "text", // unused: the notice is plain text
  reviewUrl: "url",
};

const MAX_LENGTH: Record<TemplateField, number> = {
  emailSubject: 300,
  emailBody: 50_000,
  noticeText: 2_000,
  reviewUrl: 2_000,
};

/** Product titles an email can list. */
export const MAX_PRODUCTS = 20;

export const SAMPLE_FACTS: InvitationFacts = {
  customerName: "Alex Example",
  orderName: "#1001",
  orderId: "820982911946154508",
  products: ["Linen shirt", "Canvas tote"],
};

const SAMPLE_LINKS: CustomerLinks = {
  unsubscribe: "https://example.com/r/unsubscribe/sample",
  notReceived: "https://example.com/r/not-received/sample",
};

export type TemplateCheck =
  | { ok: true }
  | {
      ok: false;
      field: TemplateField;
      line: number | null;
      column: number | null;
      message: string;
      /** Set when a limit (issue 13) was exceeded rather than the template being wrong. */
      limit?: "time" | "memory" | "output";
    };

/**
 * Checks a template the way sending will use it: parse, then render with sample values.
 * Returns the line (1-based) of the first problem, so the settings API can answer 422
 * pointing at it. Unknown variables are reported too: a misspelt `{{ custmer_name }}` would
 * otherwise send an empty greeting to every customer.
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
  const shop = { domain: "sample-shop.myshopify.com", name: "Sample Shop" };
  const scope =
    field === "reviewUrl"
      ? reviewUrlScope(SAMPLE_FACTS, shop)
      : { ...templateScope(SAMPLE_FACTS, shop, "https://example.com/review", SAMPLE_LINKS), notice: DEFAULT_NOTICE };
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

/** Only https: a review link goes out under the operator's domain to every customer (issue 13). */
function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.hostname.length > 0;
  } catch {
    return false;
  }
}

export function shopDisplayName(shop: { domain: string; name: string | null }): string {
  return shop.name?.trim() || shop.domain.replace(/\.myshopify\.com$/, "");
}

function reviewUrlScope(facts: InvitationFacts, shop: { domain: string; name: string | null }) {
  return {
    order_name: facts.orderName ?? "",
    order_id: facts.orderId ?? "",
    shop_domain: shop.domain,
    shop_name: shopDisplayName(shop),
  };
}

function templateScope(facts: InvitationFacts, shop: { domain: string; name: string | null }, reviewUrl: string, links: CustomerLinks) {
  return {
    customer_name: facts.customerName?.trim() || "",
    order_name: facts.orderName ?? "",
    // A template's loops run over these: an order with hundreds of lines must not make a
    // template that passed validation (two sample products) blow its limits at send time.
    products: facts.products.slice(0, MAX_PRODUCTS),
    shop_name: shopDisplayName(shop),
    review_link: links.review ?? reviewUrl,
    unsubscribe_link: links.unsubscribe,
    not_received_link: links.notReceived ?? "",
  };
}

/** Renders the shop's review link for one order; values are URL-encoded. */
export async function renderReviewUrl(settings: TemplateSettings, facts: InvitationFacts): Promise<string> {
  const scope = reviewUrlScope(facts, settings);
  if (settings.reviewUrl) {
    try {
      const url = (await render(urlEngine, settings.reviewUrl, scope)).trim();
      if (url.length > TEMPLATE_LIMITS.outputChars) throw new TemplateLimitError("reviewUrl", "output", limitMessage("reviewUrl", "output"));
      if (isHttpsUrl(url)) return url;
    } catch (error) {
      if (error instanceof TemplateLimitError) throw error;
      const limit = limitOf(error);
      if (limit) throw new TemplateLimitError("reviewUrl", limit, limitMessage("reviewUrl", limit, "send"));
      // otherwise fall through to the default: a broken link is worse than the shop's review page
    }
  }
  return (await render(urlEngine, DEFAULT_REVIEW_URL, scope)).trim();
}

/**
 * Renders one invitation: subject (plain text), HTML body and its plain-text twin. The
 * notice and the footer links are added outside the merchant's template so no template can
 * drop them; if the template already shows one, it is not repeated.
 */
export async function renderInvitation(
  settings: TemplateSettings,
  facts: InvitationFacts,
  links: CustomerLinks,
  /** The wording used when the shop has none or its own fails (the reminder has its own: reminder-template.ts). */
  defaults: { subject: string; body: string } = { subject: DEFAULT_SUBJECT, body: DEFAULT_BODY },
): Promise<RenderedEmail> {
  const reviewUrl = await renderReviewUrl(settings, facts);
  const notice = settings.noticeEnabled ? (settings.noticeText?.trim() || DEFAULT_NOTICE) : "";
  const scope = { ...templateScope(facts, settings, reviewUrl, links), notice };

  let templateFallback: string | undefined;
  // A template that is wrong falls back to the default (as the preview showed); one over a
  // limit is a TemplateLimitError: sending it again would only hit the limit again.
  const renderOr = async (engine: Liquid, field: TemplateField, source: string | null, fallback: string): Promise<string> => {
    if (source) {
      let output: string | undefined;
      try {
        output = await render(engine, source, scope);
      } catch (error) {
        const limit = limitOf(error);
        if (limit) throw new TemplateLimitError(field, limit, limitMessage(field, limit, "send"));
        templateFallback = error instanceof Error ? error.message.split("\n")[0] : String(error);
      }
      if (output !== undefined) {
        if (output.length > TEMPLATE_LIMITS.outputChars) throw new TemplateLimitError(field, "output", limitMessage(field, "output"));
        return output;
      }
    }
    return render(engine, fallback, scope);
  };

  const subject = oneLine(await renderOr(textEngine, "emailSubject", settings.emailSubject, defaults.subject));
  const body = await renderOr(htmlEngine, "emailBody", settings.emailBody, defaults.body);
  const after = footer({ notice, links, shopName: shopDisplayName(settings) });
  // The merchant's markup is closed before ours follows: an unclosed comment, <style> or
  // hidden element cannot swallow or hide the footer.
  const html = layout(settings.emailBody ? closeMarkup(body) : body, after.html);
  const text = [htmlToText(body).trimEnd(), "---", ...after.text].join("\n\n") + "\n";
  return { subject, html, text, reviewUrl, ...(templateFallback ? { templateFallback } : {}) };
}

/** Everything a preview needs, with sample values where no invitation exists. */
export async function renderPreview(
  settings: TemplateSettings,
  sample: Partial<InvitationFacts> = {},
): Promise<RenderedEmail & { errors: Extract<TemplateCheck, { ok: false }>[] }> {
  const errors: Extract<TemplateCheck, { ok: false }>[] = [];
  const fields: [TemplateField, string | null][] = [
    ["emailSubject", settings.emailSubject],
    ["emailBody", settings.emailBody],
    ["noticeText", settings.noticeText],
    ["reviewUrl", settings.reviewUrl],
  ];
  for (const [field, source] of fields) {
    if (source === null) continue;
    const check = await validateTemplate(source, field);
    if (!check.ok) errors.push(check);
  }
  // A field over a limit is shown with the default instead, as its error says.
  const safe: TemplateSettings = { ...settings };
  for (const error of errors) if (error.limit && error.field !== "noticeText") safe[error.field] = null;
  const rendered = await renderInvitation(safe, { ...SAMPLE_FACTS, ...sample }, SAMPLE_LINKS);
  return { ...rendered, errors };
}

function oneLine(value: string): string {
  // A header: no line breaks (header injection), no runaway length.
  return value.replace(/\s+/g, " ").trim().slice(0, 250);
}

/**
 * The merchant's body as a browser would read it (parse5, the HTML standard's parser), written
 * back with every comment, raw-text element and element closed. Only for the shop's own
 * template: the default is ours and well-formed.
 */
export function closeMarkup(body: string): string {
  return serialize(parseFragment(body));
}

/** The same escaping as liquidjs' `escape`, so the footer can tell what a template already shows. */
function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&#34;")
    .replace(/'/g, "&#39;");
}

/**
 * The notice and the customer links, after the merchant's body, as HTML and as text, always:
 * whether the template also shows them cannot be told from its text (a link inside an HTML
 * comment or a hidden element is not shown), so they are never left out (issue 13). Built
 * directly rather than converted: they are ours, and converting the whole document cost a
 * quarter of a render.
 */
function footer(parts: { notice: string; links: CustomerLinks; shopName: string }): { html: string[]; text: string[] } {
  const html: string[] = [];
  const text: string[] = [];
  if (parts.notice) {
    html.push(`<p>${escapeHtml(parts.notice)}</p>`);
    text.push(parts.notice);
  }
  const { notReceived, unsubscribe } = parts.links;
  if (notReceived) {
    html.push(`<p>Haven't received your order yet? <a href="${escapeHtml(notReceived)}">Let us know</a> and we will ask you later.</p>`);
    text.push(`Haven't received your order yet? Let us know (${notReceived}) and we will ask you later.`);
  }
  html.push(`<p><a href="${escapeHtml(unsubscribe)}">Unsubscribe</a> from review invitations from ${escapeHtml(parts.shopName)}.</p>`);
  text.push(`Unsubscribe (${unsubscribe}) from review invitations from ${parts.shopName}.`);
  return { html, text };
}

function layout(body: string, footerHtml: string[]): string {
  return `<!doctype html>
<html>
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, sans-serif; font-size: 16px; line-height: 1.5; color: #202223;">
<div>
${body}
</div>
<hr style="border: none; border-top: 1px solid #e1e3e5; margin: 24px 0;">
<div style="font-size: 13px; color: #6d7175;">
${footerHtml.join("\n")}
</div>
</body>
</html>`;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", "#39": "'" };

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+|#39);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * The plain-text part, derived from the rendered HTML so the two always say the same
 * thing. Values were escaped in the HTML; decoding the entities last gives the customer's
 * name back exactly as typed (a `<script>` name reads as text, it is never markup here).
 */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<(head|style|script|title)\b[\s\S]*?<\/\1>/gi, "")
    .replace(/<a\b[^>]*\bhref\s*=\s*("([^"]*)"|'([^']*)')[^>]*>([\s\S]*?)<\/a>/gi, (_m, _q, dq, sq, label: string) => {
      // Still entity-encoded here: the one decode below handles labels and addresses alike.
      const href: string = dq ?? sq ?? "";
      const words = label.replace(/<[^>]+>/g, "").trim();
      return words && decodeEntities(words) !== decodeEntities(href) ? `${words} (${href})` : href;
    })
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<li\b[^>]*>/gi, "\n- ")
    .replace(/<hr\b[^>]*>/gi, "\n\n---\n\n")
    .replace(/<\/(p|div|h[1-6]|ul|ol|table|tr|blockquote)>/gi, "\n\n")
    .replace(/<[^>]+>/g, "");
  return decodeEntities(
    text
      .split("\n")
      .map((line) => line.replace(/[ \t\r\f\v]+/g, " ").trim())
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trim(),
  ) + "\n";
}
