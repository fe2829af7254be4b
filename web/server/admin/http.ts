/**
 * Small HTTP helpers shared by the admin routers: reading ids and query parameters, and
 * turning Admin API failures into answers the merchant can act on.
 */
import { DAY_MS } from "../../shared/dates.ts";
import type { Request } from "express";
import { badRequest, HttpError, notFound } from "../http/errors.ts";
import { AdminApiError } from "../shopify-admin/errors.ts";

/** A route id as the database's integer; anything else is a 404 (it names no invitation). */
export function invitationIdParam(req: Request): number {
  const raw = String(req.params.id ?? "");
  if (!/^\d{1,15}$/.test(raw)) throw notFound("No invitation with this id in your store.");
  return Number(raw);
}

/** A single query parameter as a string (repeated parameters are refused, not guessed). */
export function queryParam(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw badRequest(`Query parameter "${name}" must be given once, as plain text.`, { parameter: name });
  return value;
}

export function intParam(req: Request, name: string, bounds: { min: number; max: number; default: number }): number {
  const raw = queryParam(req, name);
  if (raw === undefined || raw === "") return bounds.default;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < bounds.min || value > bounds.max) {
    throw badRequest(`Query parameter "${name}" must be a whole number from ${bounds.min} to ${bounds.max}.`, {
      parameter: name,
      min: bounds.min,
      max: bounds.max,
    });
  }
  return value;
}

/**
 * A date filter: an ISO 8601 date-time, or a bare date (YYYY-MM-DD, UTC). A bare `to` date
 * includes that whole day.
 */
export function dateParam(req: Request, name: "from" | "to"): Date | undefined {
  const raw = queryParam(req, name);
  if (raw === undefined || raw === "") return undefined;
  const bare = /^\d{4}-\d{2}-\d{2}$/.test(raw);
  const date = bare || /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(raw) ? new Date(bare ? `${raw}T00:00:00Z` : raw) : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw badRequest(`Query parameter "${name}" must be a date (2026-11-30) or an ISO 8601 date-time (2026-11-30T09:00:00Z).`, {
      parameter: name,
    });
  }
  return bare && name === "to" ? new Date(date.getTime() + DAY_MS) : date;
}

/** Maps a failed call to Shopify to what the merchant should do about it. */
export function adminApiFailure(error: unknown): unknown {
  if (!(error instanceof AdminApiError)) return error;
  switch (error.kind) {
    case "unavailable":
      return new HttpError(502, "shopify_unavailable", error.message);
    case "not_authorised":
      return new HttpError(403, "shopify_not_authorised", error.message);
    case "missing_scope":
      return new HttpError(403, "missing_scope", error.message, { scope: "read_orders" });
    case "bad_response":
      return new HttpError(502, "shopify_bad_response", error.message);
  }
}
