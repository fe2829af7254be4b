/**
 * The invitation email's words, rendered: the shop's Liquid templates (subject, body, review
 * link) with safe defaults, the automated-message notice (R4) and the footer links. Pure: no
 * database, no transport. The dispatcher renders with it; the settings API validates and
 * previews with it, so a template that saves is a template that sends.
 *
 * The parts, one job each: template-defaults.ts (defaults, variables, sample data),
 * liquid.ts (the engines and their limits), validate.ts, layout.ts (footer and document),
 * html-to-text.ts (the text part). Their public names are re-exported here, so callers
 * import templates from one place.
 */
import { htmlToText } from "./html-to-text.ts";
import { closeMarkup, footer, layout } from "./layout.ts";
import { limitMessage, limitOf, renderCached, TEMPLATE_LIMITS, TemplateLimitError, type EngineKind } from "./liquid.ts";
import {
  DEFAULT_PRODUCT_REVIEW_URL,
  DEFAULT_REVIEW_URL,
  MAX_PRODUCTS,
  isHttpsUrl,
  reviewUrlScope,
  SAMPLE_FACTS,
  SAMPLE_LINKS,
  shopDisplayName,
  templateScope,
  type CustomerLinks,
  type InvitationFacts,
  type RenderedEmail,
  type TemplateField,
  type TemplateSettings,
} from "./template-defaults.ts";
import { validateTemplate, type TemplateCheck } from "./validate.ts";
import { WORDING } from "./wording.ts";
import type { ProductLine } from "../invitations/products.ts";

export { htmlToText } from "./html-to-text.ts";
export { closeMarkup } from "./layout.ts";
export { limitMessage, limitOf, PARSE_CACHE_BYTES, parseCacheSize, TEMPLATE_LIMITS, TemplateLimitError } from "./liquid.ts";
export * from "./template-defaults.ts";
export { validateTemplate, type TemplateCheck } from "./validate.ts";

/**
 * Renders the shop's review link for one order, or for one of its products (issue 18: the
 * template may use `product.id`, `product.handle`, `product.title`); values are URL-encoded.
 * Without a link of the merchant's, a product with a handle leads to its own page's reviews.
 */
export async function renderReviewUrl(settings: TemplateSettings, facts: InvitationFacts, product: ProductLine | null = null): Promise<string> {
  const scope = reviewUrlScope(facts, settings, product);
  if (settings.reviewUrl) {
    try {
      const url = (await renderCached("url", settings.reviewUrl, scope)).trim();
      if (url.length > TEMPLATE_LIMITS.outputChars) throw new TemplateLimitError("reviewUrl", "output", limitMessage("reviewUrl", "output"));
      if (isHttpsUrl(url)) return url;
    } catch (error) {
      if (error instanceof TemplateLimitError) throw error;
      const limit = limitOf(error);
      if (limit) throw new TemplateLimitError("reviewUrl", limit, limitMessage("reviewUrl", limit, "send"));
      // otherwise fall through to the default: a broken link is worse than the shop's review page
    }
  }
  return (await renderCached("url", product?.handle ? DEFAULT_PRODUCT_REVIEW_URL : DEFAULT_REVIEW_URL, scope)).trim();
}

/**
 * Renders one invitation: subject (plain text), HTML body and its plain-text twin. The
 * notice and the footer links are added outside the merchant's template so no template can
 * drop them.
 */
export async function renderInvitation(
  settings: TemplateSettings,
  facts: InvitationFacts,
  links: CustomerLinks,
  /** Which default wording stands in when the shop has none or its own fails: the invitation's or the reminder's. */
  kind: "invitation" | "reminder" = "invitation",
): Promise<RenderedEmail> {
  // The defaults, the notice and the footer speak the email's language (wording.ts).
  const wording = WORDING[settings.locale ?? "en"];
  const defaults = kind === "reminder" ? { subject: wording.reminderSubject, body: wording.reminderBody } : { subject: wording.subject, body: wording.body };
  const reviewUrl = await renderReviewUrl(settings, facts);
  // Each product's own link. A real invitation links through the tracked redirect, which
  // renders the target on the click; only previews and test emails need them here.
  const productUrls = links.review
    ? []
    : await Promise.all(facts.products.slice(0, MAX_PRODUCTS).map((product) => renderReviewUrl(settings, facts, product)));
  const notice = settings.noticeEnabled ? (settings.noticeText?.trim() || wording.notice) : "";
  const scope = { ...templateScope(facts, settings, reviewUrl, links, productUrls), notice };

  let templateFallback: string | undefined;
  // A template that is wrong falls back to the default (as the preview showed); one over a
  // limit is a TemplateLimitError: sending it again would only hit the limit again.
  const renderOr = async (kind: EngineKind, field: TemplateField, source: string | null, fallback: string): Promise<string> => {
    if (source) {
      let output: string | undefined;
      try {
        output = await renderCached(kind, source, scope);
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
    return renderCached(kind, fallback, scope);
  };

  const subject = oneLine(await renderOr("text", "emailSubject", settings.emailSubject, defaults.subject));
  const body = await renderOr("html", "emailBody", settings.emailBody, defaults.body);
  const after = footer({ notice, links, shopName: shopDisplayName(settings), wording });
  // The merchant's markup is closed before ours follows (layout.ts closeMarkup).
  const html = layout(settings.emailBody ? closeMarkup(body) : body, after.html);
  const text = [htmlToText(body).trimEnd(), "---", ...after.text].join("\n\n") + "\n";
  return { subject, html, text, reviewUrl, ...(templateFallback ? { templateFallback } : {}) };
}

/** Everything a preview needs, with sample values where no invitation exists. */
export async function renderPreview(
  settings: TemplateSettings,
  sample: Partial<InvitationFacts> = {},
  kind: "invitation" | "reminder" = "invitation",
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
  const rendered = await renderInvitation(safe, { ...SAMPLE_FACTS, ...sample }, SAMPLE_LINKS, kind);
  return { ...rendered, errors };
}

/** A header: no line breaks (header injection), no runaway length. */
function oneLine(value: string): string {
  return value.replace(/\s+/g, " ").trim().slice(0, 250);
}
