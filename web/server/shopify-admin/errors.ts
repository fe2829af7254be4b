/**
 * What can go wrong when the app talks to Shopify, split by what the caller should do:
 * `unavailable` → try again later (502), `not_authorised` → open or reinstall the app (403),
 * `missing_scope` → approve the access the app asks for (403), `bad_response` → our bug (502).
 */
export type AdminApiErrorKind = "unavailable" | "not_authorised" | "missing_scope" | "bad_response";

export class AdminApiError extends Error {
  constructor(
    readonly kind: AdminApiErrorKind,
    message: string,
    readonly details: { status?: number; reason?: string; cause?: unknown } = {},
  ) {
    super(message, details.cause ? { cause: details.cause } : undefined);
    this.name = "AdminApiError";
  }
}
