/**
 * The few pages a customer sees (unsubscribe, "not received yet", a review link that cannot
 * be followed): plain, accessible HTML that works without JavaScript, in any mail client's
 * browser. Every value is escaped.
 */
import type { Response } from "express";

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

export interface PageContent {
  /** The page's language (BCP 47), for screen readers and translation tools; English when absent. */
  lang?: string;
  title: string;
  paragraphs: string[];
  /** A form that POSTs back to the same address, with one button. */
  form?: { action: string; button: string; hidden?: Record<string, string> };
}

export function renderPage({ lang = "en", title, paragraphs, form }: PageContent): string {
  const body = paragraphs.map((p) => `    <p>${escapeHtml(p)}</p>`).join("\n");
  const hidden = Object.entries(form?.hidden ?? {})
    .map(([name, value]) => `      <input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("\n");
  const formHtml = form
    ? `
    <form method="post" action="${escapeHtml(form.action)}">
${hidden}
      <button type="submit">${escapeHtml(form.button)}</button>
    </form>`
    : "";
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>${escapeHtml(title)}</title>
  <style>
    body { font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, sans-serif; line-height: 1.5;
           color: #202223; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; }
    button { font: inherit; padding: 0.6rem 1.2rem; border-radius: 0.5rem; border: 1px solid #8c9196;
             background: #202223; color: #fff; cursor: pointer; }
    button:focus-visible { outline: 3px solid #005bd3; outline-offset: 2px; }
  </style>
</head>
<body>
  <main>
    <h1>${escapeHtml(title)}</h1>
${body}${formHtml}
  </main>
</body>
</html>
`;
}

/** Answers with a page: never cached, never framed, no referrer, nothing but inline styles. */
export function sendPage(res: Response, status: number, page: PageContent): void {
  res
    .status(status)
    .set({
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Referrer-Policy": "no-referrer",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    })
    .send(renderPage(page));
}
