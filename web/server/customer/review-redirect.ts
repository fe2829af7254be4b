/**
 * `/r/review/<token>` (issue 18): the review link of every invitation and reminder email
 * goes through here, so the merchant can see which invitations were clicked, without any
 * open pixel and without keeping anything about the click but its time and count.
 *
 * The token is a customer link like the others (links.ts: HMAC over action, shop, invitation
 * and issue time; a year's validity). The target is never taken from the request: it is the
 * shop's review link rendered for this invitation now (mail/templates.ts renderReviewUrl,
 * https only, the default shop page otherwise), so the redirect cannot be pointed at another
 * host. A forged, unknown or expired token gets a page, never a redirect.
 *
 * A product's button in the email adds `?p=<position>` (issue 18): the target is then that
 * product's link, rendered from the line stored on this invitation. The position is not
 * signed and needs not be: it can only pick another line of the same invitation, and anything
 * else (out of range, not a number) leads to the order's link.
 *
 * The first click records `clickedAt`, a `clicked` event, the funnel's figure and cancels the
 * pending reminder, in one transaction; later clicks only count. HEAD requests (link
 * checkers) redirect without counting. Mail scanners that open every link with GET are
 * counted like a person: docs/delivery.md says so.
 */
import { Router, type Request, type Response } from "express";
import type { Db } from "../db/client.ts";
import { countLaterClick, findInvitationForReview, recordFirstClick, type InvitationForReview } from "../db/queries/clicks.ts";
import { insertEvent } from "../db/queries/events.ts";
import { addFunnelFacts } from "../db/queries/funnel.ts";
import { cancelQueuedReminders } from "../db/queries/reminders.ts";
import { findShop } from "../db/queries/shops.ts";
import { asyncHandler } from "../http/errors.ts";
import type { Logger } from "../logger.ts";
import { factsOf } from "../mail/message.ts";
import { completeLines, type ProductLine } from "../invitations/products.ts";
import type { ProductCatalog } from "../shopify-admin/product-details.ts";
import { MAX_PRODUCTS, renderReviewUrl, shopDisplayName } from "../mail/templates.ts";
import { CUSTOMER_ROUTES, customerLinkKeys, parseCustomerToken, REVIEW_LINK_DAYS, verifyCustomerToken } from "./links.ts";
import { browserLocale, filled, PAGE_PHRASES, type PagePhrases } from "./page-wording.ts";
import { sendPage } from "./pages.ts";
import { emailLocaleFor } from "../mail/wording.ts";
import type { AppLocale } from "../../shared/locales.ts";

export interface ReviewRedirectDeps {
  db: Db;
  config: { SHOPIFY_API_SECRET: string; SHOPIFY_API_SECRET_PREVIOUS?: string | undefined };
  logger?: Logger;
  clock?: () => Date;
  /** A product's handle when its line has none (a webhook's): the product's own link (issue 18). */
  productCatalog?: ProductCatalog;
}

/** A page of the review link in one language (page-wording.ts). */
function page(res: Response, status: number, locale: AppLocale, text: keyof Pick<PagePhrases, "reviewForged" | "reviewGone" | "reviewFailed" | "reviewExpired">, values: Record<string, string | number> = {}) {
  sendPage(res, status, { lang: locale, ...filled(PAGE_PHRASES[locale][text], values) });
}


/** The line a product's button points at: `p` is its position among the lines the email listed. */
function productAt(lines: readonly ProductLine[], p: unknown): ProductLine | null {
  if (typeof p !== "string" || !/^\d{1,3}$/.test(p)) return null;
  const index = Number(p);
  return index < Math.min(lines.length, MAX_PRODUCTS) ? lines[index]! : null;
}

/** Records a click: the first one with its event, funnel figure and the reminder's end; later ones are counted. */
export async function recordClick(db: Db, invitation: Pick<InvitationForReview, "id">, now: Date): Promise<"first" | "again"> {
  return db.transaction(async (tx) => {
    const first = await recordFirstClick(tx, invitation.id, now);
    if (!first) {
      await countLaterClick(tx, invitation.id);
      return "again";
    }
    const afterReminder = first.remindedAt !== null && first.remindedAt <= now;
    await insertEvent(tx, {
      invitationId: invitation.id,
      shop: first.shop,
      type: "clicked",
      actor: "customer",
      at: now,
      details: { afterReminder, note: "The customer opened the review link (later clicks are counted, not listed)." },
    });
    if (first.sentAt) {
      const base = { shop: first.shop, invitationId: invitation.id, sentAt: first.sentAt };
      await addFunnelFacts(tx, [{ ...base, figure: "clicked" }, ...(afterReminder ? [{ ...base, figure: "clickedAfterReminder" as const }] : [])]);
    }
    await cancelQueuedReminders(tx, { shop: first.shop, invitationId: invitation.id }, {
      actor: "customer",
      at: now,
      reason: "The customer opened the review link, so no reminder is needed.",
    });
    return "first";
  });
}

export function reviewRedirectRouter(deps: ReviewRedirectDeps): Router {
  const router = Router();
  const keys = customerLinkKeys(deps.config);
  const now = () => deps.clock?.() ?? new Date();

  const handle = (count: boolean) =>
    asyncHandler(async (req: Request, res: Response) => {
      try {
        // The email's language once the invitation is trusted; the browser's before.
        const browser = browserLocale(req.get("accept-language"));
        const token = parseCustomerToken(String(req.params.token ?? ""));
        if (token === null) return page(res, 403, browser, "reviewForged");
        const invitation = await findInvitationForReview(deps.db, token.invitationId);
        if (!invitation) return page(res, 404, browser, "reviewGone");
        const at = now();
        const verdict = verifyCustomerToken(keys, "review", token, invitation, at);
        const shop = await findShop(deps.db, invitation.shop);
        if (!shop) return page(res, 404, browser, "reviewGone");
        if (verdict === "forged") return page(res, 403, browser, "reviewForged");
        const locale = emailLocaleFor(invitation.locale, shop.primaryLocale);
        if (verdict === "expired") return page(res, 410, locale, "reviewExpired", { days: REVIEW_LINK_DAYS, shop: shopDisplayName(shop) });
        // The merchant's link for this invitation, as configured now (https, else the default).
        const facts = factsOf({ ...invitation, email: "", customerName: null, customerPostpones: 0 });
        let product = productAt(facts.products, req.query.p);
        if (product?.productId && !product.handle && deps.productCatalog) {
          // As the email showed it (dispatch/send-batch.ts filled it in the same way).
          product = completeLines([product], await deps.productCatalog.details(shop.domain, [product.productId]))[0]!;
        }
        const target = await renderReviewUrl(shop, facts, product ?? null);
        if (count) {
          const click = await recordClick(deps.db, invitation, at);
          if (click === "first") deps.logger?.info({ shop: invitation.shop, invitationId: invitation.id }, "review link clicked");
        }
        res.set({ "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" }).redirect(302, target);
      } catch (error) {
        // A customer never sees a stack trace: a page, and a log line for us.
        deps.logger?.error({ err: error }, "review link failed");
        if (!res.headersSent) page(res, 500, browserLocale(req.get("accept-language")), "reviewFailed");
      }
    });

  const at = `${CUSTOMER_ROUTES.review}/:token`;
  // Express answers HEAD with the GET handler unless HEAD has its own: link checkers do not count.
  router.head(at, handle(false));
  router.get(at, handle(true));
  return router;
}
