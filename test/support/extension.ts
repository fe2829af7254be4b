/**
 * For the order page block's tests: the admin's `i18n.translate` over the extension's own
 * locale file (strict: a missing key or an unfilled {{placeholder}} fails the test), a
 * fixed date format, and backend answers shaped like GET /api/orders/:orderId/invitation.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { OrderInvitation, OrderInvitationResponse } from "../../extensions/order-invitation-block/src/api.ts";
import { ROOT } from "./paths.ts";

export const EXTENSION_DIR = path.join(ROOT, "extensions", "order-invitation-block");

type Messages = { [key: string]: string | Messages };
export const EN: Messages = JSON.parse(readFileSync(path.join(EXTENSION_DIR, "locales", "en.default.json"), "utf8"));

/** Like the admin's translate: dotted keys, {{name}} replacements. Throws on anything missing. */
export function translate(key: string, values: Record<string, string | number> = {}): string {
  let node: string | Messages | undefined = EN;
  for (const part of key.split(".")) node = typeof node === "object" ? node[part] : undefined;
  if (typeof node !== "string") throw new Error(`No English text for "${key}" in locales/en.default.json`);
  return node.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`"${key}" needs a value for {{${name}}}`);
    return String(values[name]);
  });
}

export const SHOP_ZONE = "Europe/Berlin";
/** The clock of every block test: 26 Nov 2026, 11:00 in Berlin. */
export const NOW = new Date("2026-11-26T10:00:00Z");

export function formatDate(iso: string, timeZone = SHOP_ZONE): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

export function invitation(overrides: Partial<OrderInvitation> = {}): OrderInvitation {
  return {
    id: "17",
    status: "queued",
    sendAt: "2026-12-03T08:00:00.000Z",
    sentAt: null,
    source: "fulfillments/create",
    orderCancelledAt: null,
    lastError: null,
    ...overrides,
  };
}

export function blockData(
  overrides: {
    order?: Partial<OrderInvitationResponse["order"]>;
    settings?: Partial<OrderInvitationResponse["settings"]>;
    invitations?: OrderInvitation[];
  } = {},
): OrderInvitationResponse {
  return {
    order: {
      id: "5150000000000000001",
      known: true,
      name: "#1001",
      cancelledAt: null,
      skipReason: null,
      triggerFired: true,
      fulfilledAt: "2026-11-26T08:00:00.000Z",
      fallbackDueAt: null,
      ...overrides.order,
    },
    settings: {
      trigger: "order_fulfilled",
      noticeEnabled: true,
      paused: false,
      timezone: SHOP_ZONE,
      deliveredFallbackDays: 14,
      ...overrides.settings,
    },
    invitations: overrides.invitations ?? [invitation()],
  };
}
