/**
 * The API refuses a delivery date with `{ field: "sendAt", problem, bound }` beside an English
 * message that carries the bound as an ISO timestamp. The merchant reads it in their own
 * language, with the bound on the shop's clocks ("after 5 Dec 2026, 08:21"), never raw.
 */
import { ApiError } from "../api/client.ts";
import type { Translate } from "../i18n/i18n.tsx";
import { formatShopDateTime } from "../../shared/dates.ts";

export function errorMessage(error: unknown, t: Translate, timeZone: string, locale: string): string {
  if (!(error instanceof ApiError)) return t("errors.unexpected");
  const { field, problem, bound } = error.details as { field?: unknown; problem?: unknown; bound?: unknown };
  if (field === "sendAt") {
    const date = typeof bound === "string" ? formatShopDateTime(bound, timeZone, locale) : undefined;
    if (problem === "past" && date) return t("delivery.refused.past", { date });
    if (problem === "too_far" && date) return t("delivery.refused.tooFar", { date });
    if (problem === "format") return t("delivery.invalid");
  }
  return error.message;
}
