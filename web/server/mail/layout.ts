/**
 * What surrounds the merchant's body in every invitation: the closed markup, the notice
 * (R4) and the customer links, and the HTML document. Ours, not the merchant's: no
 * template can drop or hide them.
 */
import { parseFragment, serialize } from "parse5";
import type { CustomerLinks } from "./template-defaults.ts";
import type { LinkedSentence, Wording } from "./wording.ts";

/**
 * The merchant's body as a browser would read it (parse5, the HTML standard's parser), written
 * back with every comment, raw-text element and element closed, so an unclosed comment,
 * <style> or hidden element cannot swallow or hide the footer. Only for the shop's own
 * template: the default is ours and well-formed.
 */
export function closeMarkup(body: string): string {
  return serialize(parseFragment(body));
}

/** The same escaping as liquidjs' `escape`, so the footer reads like the rest of the body. */
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
 * comment or a hidden element is not shown), so they are never left out. Built directly
 * rather than converted: they are ours, and their text is known.
 */
export function footer(parts: { notice: string; links: CustomerLinks; shopName: string; wording: Pick<Wording, "notReceived" | "unsubscribe"> }): { html: string[]; text: string[] } {
  const html: string[] = [];
  const text: string[] = [];
  if (parts.notice) {
    html.push(`<p>${escapeHtml(parts.notice)}</p>`);
    text.push(parts.notice);
  }
  const { notReceived, unsubscribe } = parts.links;
  const sentence = ([before, link, after]: LinkedSentence, url: string) => {
    const [b, a] = [before, after].map((s) => s.replace("{shop}", () => parts.shopName));
    html.push(`<p>${escapeHtml(b!)}<a href="${escapeHtml(url)}">${escapeHtml(link)}</a>${escapeHtml(a!)}</p>`);
    text.push(`${b}${link} (${url})${a}`);
  };
  if (notReceived) sentence(parts.wording.notReceived, notReceived);
  sentence(parts.wording.unsubscribe, unsubscribe);
  return { html, text };
}

export function layout(body: string, footerHtml: string[]): string {
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
