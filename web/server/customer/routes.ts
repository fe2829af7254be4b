/**
 * Public routes behind the links in an invitation email. No session, no cookies: the
 * signed token in the path is the only credential. GET only shows a page (mail scanners
 * and link previews fetch GET links; they must change nothing); the change is a POST,
 * from the page's button or from the mail client's one-click unsubscribe (RFC 8058, whose
 * body we need not read: the signed URL says everything).
 */
import { Router, type Request, type Response } from "express";
import type { Db } from "../db/client.ts";
import { findShop } from "../db/queries/shops.ts";
import { asyncHandler } from "../http/errors.ts";
import type { Logger } from "../logger.ts";
import { shopDisplayName } from "../mail/templates.ts";
import { emailLocaleFor } from "../mail/wording.ts";
import type { AppLocale } from "../../shared/locales.ts";
import {
  findInvitation,
  isUnsubscribed,
  postpone,
  unsubscribe,
  type InvitationForCustomer,
} from "./actions.ts";
import { CUSTOMER_ROUTES, customerLinkKeys, NOT_RECEIVED_DAYS, parseCustomerToken, verifyCustomerToken, type CustomerAction } from "./links.ts";
import { browserLocale, fill, filled, formatPageDate, PAGE_PHRASES, type PageText } from "./page-wording.ts";
import { sendPage, type PageContent } from "./pages.ts";

export interface CustomerRouterDeps {
  db: Db;
  config: {
    SHOPIFY_API_SECRET: string;
    SHOPIFY_API_SECRET_PREVIOUS?: string | undefined;
    CUSTOMER_POSTPONE_DAYS: number;
    CUSTOMER_POSTPONE_MAX: number;
  };
  logger?: Logger;
  clock?: () => Date;
}

/** A page in one language: its sentences filled, its `lang` set. */
function page(locale: AppLocale, text: PageText, values: Record<string, string | number> = {}): PageContent {
  return { lang: locale, ...filled(text, values) };
}

const send = sendPage;

export function customerRouter(deps: CustomerRouterDeps): Router {
  const router = Router();
  const keys = customerLinkKeys(deps.config);
  const now = () => deps.clock?.() ?? new Date();

  /**
   * Verifies the token and loads the invitation, or answers with the right page. The pages
   * speak the language of the email the link came from; before an invitation can be trusted,
   * the browser's.
   */
  const resolve = (action: CustomerAction) =>
    async (req: Request, res: Response): Promise<{ invitation: InvitationForCustomer; shopName: string; locale: AppLocale } | null> => {
      const browser = browserLocale(req.get("accept-language"));
      const token = parseCustomerToken(String(req.params.token ?? ""));
      if (token === null) {
        send(res, 403, page(browser, PAGE_PHRASES[browser].forged));
        return null;
      }
      // The signature covers the invitation's shop, so the row is needed to check it.
      const invitation = await findInvitation(deps.db, token.invitationId);
      if (!invitation) {
        send(res, 404, page(browser, PAGE_PHRASES[browser].gone));
        return null;
      }
      const verdict = verifyCustomerToken(keys, action, token, invitation, now());
      if (verdict === "forged") {
        send(res, 403, page(browser, PAGE_PHRASES[browser].forged));
        return null;
      }
      const shop = await findShop(deps.db, invitation.shop);
      const locale = emailLocaleFor(invitation.locale, shop?.primaryLocale);
      if (verdict === "expired") {
        send(res, 410, page(locale, PAGE_PHRASES[locale].expired, { days: NOT_RECEIVED_DAYS }));
        return null;
      }
      return { invitation, shopName: shopDisplayName(shop ?? { domain: invitation.shop, name: null }), locale };
    };

  const guarded = (handler: (req: Request, res: Response) => Promise<void>) =>
    asyncHandler(async (req, res) => {
      try {
        await handler(req, res);
      } catch (error) {
        // A customer never sees a stack trace or a JSON error: a page, and a log line for us.
        deps.logger?.error({ err: error, path: req.path.replace(/\/[^/]+$/, "/…") }, "customer link failed");
        const browser = browserLocale(req.get("accept-language"));
        if (!res.headersSent) send(res, 500, page(browser, PAGE_PHRASES[browser].failed));
      }
    });

  const unsubscribeAt = `${CUSTOMER_ROUTES.unsubscribe}/:token`;
  router.get(
    unsubscribeAt,
    guarded(async (req, res) => {
      const found = await resolve("unsubscribe")(req, res);
      if (!found) return;
      const words = PAGE_PHRASES[found.locale];
      if (await isUnsubscribed(deps.db, found.invitation)) {
        send(res, 200, page(found.locale, words.unsubscribed, { shop: found.shopName }));
        return;
      }
      send(res, 200, {
        ...page(found.locale, words.unsubscribeAsk, { shop: found.shopName }),
        form: { action: req.originalUrl, button: words.unsubscribeAsk.button },
      });
    }),
  );
  router.post(
    unsubscribeAt,
    guarded(async (req, res) => {
      const found = await resolve("unsubscribe")(req, res);
      if (!found) return;
      const added = await unsubscribe(deps.db, found.invitation, now());
      deps.logger?.info({ shop: found.invitation.shop, invitationId: found.invitation.id, added }, "customer unsubscribed");
      send(res, 200, page(found.locale, PAGE_PHRASES[found.locale].unsubscribed, { shop: found.shopName }));
    }),
  );

  const notReceivedAt = `${CUSTOMER_ROUTES["not-received"]}/:token`;
  const days = deps.config.CUSTOMER_POSTPONE_DAYS;
  router.get(
    notReceivedAt,
    guarded(async (req, res) => {
      const found = await resolve("not-received")(req, res);
      if (!found) return;
      const { invitation, shopName, locale } = found;
      if (invitation.customerPostpones >= deps.config.CUSTOMER_POSTPONE_MAX || !["queued", "sent"].includes(invitation.status)) {
        send(res, 200, notPostponable(invitation, shopName, deps.config.CUSTOMER_POSTPONE_MAX, locale));
        return;
      }
      const words = PAGE_PHRASES[locale].notReceived;
      send(res, 200, {
        ...page(locale, words, { order: invitation.orderName ?? "", shop: shopName, days }),
        form: { action: req.originalUrl, button: fill(words.button, { days }) },
      });
    }),
  );
  router.post(
    notReceivedAt,
    guarded(async (req, res) => {
      const found = await resolve("not-received")(req, res);
      if (!found) return;
      const result = await postpone(deps.db, found.invitation, now(), { days, max: deps.config.CUSTOMER_POSTPONE_MAX });
      if (!result.done) {
        const fresh = (await findInvitation(deps.db, found.invitation.id)) ?? found.invitation;
        send(res, result.reason === "sending" ? 409 : 200, notPostponable(fresh, found.shopName, deps.config.CUSTOMER_POSTPONE_MAX, found.locale, result.reason));
        return;
      }
      deps.logger?.info({ shop: found.invitation.shop, invitationId: found.invitation.id }, "customer postponed invitation");
      send(res, 200, page(found.locale, PAGE_PHRASES[found.locale].postponed, { shop: found.shopName, date: formatPageDate(result.sendAt, found.locale) }));
    }),
  );

  return router;
}

function notPostponable(
  invitation: InvitationForCustomer,
  shopName: string,
  max: number,
  locale: AppLocale,
  reason?: "limit" | "final" | "sending",
): PageContent {
  const words = PAGE_PHRASES[locale];
  if (reason === "sending" || invitation.status === "sending") return page(locale, words.sending);
  if (invitation.status === "queued" || invitation.status === "sent") {
    const moved = words.alreadyMoved;
    return page(locale, { title: moved.title, paragraphs: [max === 1 ? moved.once : moved.many, moved.contact] }, { count: max, shop: shopName });
  }
  return page(locale, words.nothingToChange, { shop: shopName });
}
