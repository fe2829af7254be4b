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
import {
  findInvitation,
  isUnsubscribed,
  postpone,
  unsubscribe,
  type InvitationForCustomer,
} from "./actions.ts";
import { CUSTOMER_ROUTES, customerLinkKeys, NOT_RECEIVED_DAYS, parseCustomerToken, verifyCustomerToken, type CustomerAction } from "./links.ts";
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

const send = sendPage;

const FORGED: PageContent = {
  title: "This link is not valid",
  paragraphs: [
    "This link has been changed or was not made by us, so it cannot be used.",
    "Please use the link exactly as it appears in your email.",
  ],
};

const EXPIRED: PageContent = {
  title: "This link has expired",
  paragraphs: [
    `"Haven't received your order yet?" links work for ${NOT_RECEIVED_DAYS} days after the email was sent.`,
    "If something is wrong with your order, please contact the store directly.",
  ],
};

const GONE: PageContent = {
  title: "This link is no longer valid",
  paragraphs: ["The invitation this link belongs to no longer exists. There is nothing more to do."],
};

const FAILED: PageContent = {
  title: "Something went wrong",
  paragraphs: ["We could not complete your request just now. Please try the link again in a few minutes."],
};

function formatDate(date: Date): string {
  return date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

export function customerRouter(deps: CustomerRouterDeps): Router {
  const router = Router();
  const keys = customerLinkKeys(deps.config);
  const now = () => deps.clock?.() ?? new Date();

  /** Verifies the token and loads the invitation, or answers with the right page. */
  const resolve = (action: CustomerAction) =>
    async (req: Request, res: Response): Promise<{ invitation: InvitationForCustomer; shopName: string } | null> => {
      const token = parseCustomerToken(String(req.params.token ?? ""));
      if (token === null) {
        send(res, 403, FORGED);
        return null;
      }
      // The signature covers the invitation's shop, so the row is needed to check it.
      const invitation = await findInvitation(deps.db, token.invitationId);
      if (!invitation) {
        send(res, 404, GONE);
        return null;
      }
      const verdict = verifyCustomerToken(keys, action, token, invitation, now());
      if (verdict !== "valid") {
        send(res, verdict === "expired" ? 410 : 403, verdict === "expired" ? EXPIRED : FORGED);
        return null;
      }
      const shop = await findShop(deps.db, invitation.shop);
      return { invitation, shopName: shopDisplayName(shop ?? { domain: invitation.shop, name: null }) };
    };

  const guarded = (handler: (req: Request, res: Response) => Promise<void>) =>
    asyncHandler(async (req, res) => {
      try {
        await handler(req, res);
      } catch (error) {
        // A customer never sees a stack trace or a JSON error: a page, and a log line for us.
        deps.logger?.error({ err: error, path: req.path.replace(/\/[^/]+$/, "/…") }, "customer link failed");
        if (!res.headersSent) send(res, 500, FAILED);
      }
    });

  const unsubscribeAt = `${CUSTOMER_ROUTES.unsubscribe}/:token`;
  router.get(
    unsubscribeAt,
    guarded(async (req, res) => {
      const found = await resolve("unsubscribe")(req, res);
      if (!found) return;
      if (await isUnsubscribed(deps.db, found.invitation)) {
        send(res, 200, {
          title: "You are unsubscribed",
          paragraphs: [`You will not receive review invitations from ${found.shopName} any more.`],
        });
        return;
      }
      send(res, 200, {
        title: `Unsubscribe from ${found.shopName}'s review invitations?`,
        paragraphs: [`You will no longer receive emails from ${found.shopName} asking you to review your orders.`],
        form: { action: req.originalUrl, button: "Unsubscribe" },
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
      send(res, 200, {
        title: "You are unsubscribed",
        paragraphs: [`You will not receive review invitations from ${found.shopName} any more.`],
      });
    }),
  );

  const notReceivedAt = `${CUSTOMER_ROUTES["not-received"]}/:token`;
  const days = deps.config.CUSTOMER_POSTPONE_DAYS;
  router.get(
    notReceivedAt,
    guarded(async (req, res) => {
      const found = await resolve("not-received")(req, res);
      if (!found) return;
      const { invitation, shopName } = found;
      const order = invitation.orderName ? `order ${invitation.orderName}` : "order";
      if (invitation.customerPostpones >= deps.config.CUSTOMER_POSTPONE_MAX || !["queued", "sent"].includes(invitation.status)) {
        send(res, 200, notPostponable(invitation, shopName, deps.config.CUSTOMER_POSTPONE_MAX));
        return;
      }
      send(res, 200, {
        title: "Haven't received your order yet?",
        paragraphs: [
          `Sorry about that. If your ${order} from ${shopName} has not arrived, we will wait ${days} more days before asking for your review.`,
          "Nothing is cancelled: you can still review your experience whenever you like.",
        ],
        form: { action: req.originalUrl, button: `Ask me again in ${days} days` },
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
        send(res, result.reason === "sending" ? 409 : 200, notPostponable(fresh, found.shopName, deps.config.CUSTOMER_POSTPONE_MAX, result.reason));
        return;
      }
      deps.logger?.info({ shop: found.invitation.shop, invitationId: found.invitation.id }, "customer postponed invitation");
      send(res, 200, {
        title: "Thank you, we will ask later",
        paragraphs: [
          `We will ask for your review of ${found.shopName} on ${formatDate(result.sendAt)}, when your order should have arrived.`,
        ],
      });
    }),
  );

  return router;
}

function notPostponable(
  invitation: InvitationForCustomer,
  shopName: string,
  max: number,
  reason?: "limit" | "final" | "sending",
): PageContent {
  if (reason === "sending" || invitation.status === "sending") {
    return {
      title: "Please try again in a minute",
      paragraphs: ["Your invitation is being sent right now. Please use the link again in a minute."],
    };
  }
  if (invitation.status === "queued" || invitation.status === "sent") {
    return {
      title: "The date has already been moved",
      paragraphs: [
        `You have already asked us to wait ${max === 1 ? "once" : `${max} times`}, so the invitation stays as it is.`,
        `If something is wrong with your order, please contact ${shopName} directly.`,
      ],
    };
  }
  return {
    title: "Nothing to change",
    paragraphs: [`There is no review invitation from ${shopName} waiting to be sent to you.`],
  };
}
