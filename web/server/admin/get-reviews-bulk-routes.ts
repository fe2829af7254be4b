/**
 * /api/get-reviews: "Get reviews", complete (issue 17).
 *
 *   GET  /api/get-reviews/orders?q=&from=&to=&cursor=   one page of past orders from Shopify
 *   POST /api/get-reviews/import {q, from, to, sendAt, cursor}
 *        invites the customers of every order the search finds, page by page (250), and
 *        streams its progress as NDJSON: a `progress` line per page, then `done` (or `error`)
 *   POST /api/get-reviews/csv   (text/csv: email,name,order) → a report per row
 *
 * The rules, the skip reasons and idempotence are the use case's (invitations/get-reviews.ts).
 */
import express, { Router } from "express";
import { parse as parseCsv } from "csv-parse/sync";
import { Temporal } from "temporal-polyfill";
import { z } from "zod";
import { adminSession } from "../auth/session-token.ts";
import type { Db } from "../db/client.ts";
import { findShop } from "../db/queries/shops.ts";
import { asyncHandler, badRequest, unprocessable, zodProblem } from "../http/errors.ts";
import { inviteBatch, startRun, type Candidate, type CandidateOutcome, type GetReviewsRun } from "../invitations/get-reviews.ts";
import { checkDeliveryDate } from "../invitations/reschedule.ts";
import type { Logger } from "../logger.ts";
import type { ErasureKeys } from "../privacy/tombstones.ts";
import type { AdminApiClient } from "../shopify-admin/client.ts";
import { fetchOrdersPage, orderSearchQuery, type SearchedOrder } from "../shopify-admin/order-search.ts";
import { numericOrderId } from "../shopify-admin/orders.ts";
import { adminApiFailure, intParam, queryParam } from "./http.ts";

export interface GetReviewsBulkRoutesDeps {
  db: Db;
  adminApi: AdminApiClient;
  logger: Logger;
  clock: () => Date;
  erasureKeys?: ErasureKeys;
  dailyEmailQuota?: number;
}

/** One import reads at most this many orders; `done.nextCursor` continues from there. */
export const MAX_IMPORT_ORDERS = 10_000;
export const MAX_CSV_ROWS = 5_000;
const PAGE_LIMIT = { min: 1, max: 250, default: 50 };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A day in the shop's time zone (the merchant's calendar); a bare `to` includes that day. */
function dayBound(value: string | undefined, field: "from" | "to", timeZone: string): Date | undefined {
  if (value === undefined || value === "") return undefined;
  if (!DATE.test(value)) throw unprocessable(`${field} must be a date such as 2026-11-30.`, { field });
  let date: Temporal.PlainDate;
  try {
    date = Temporal.PlainDate.from(value, { overflow: "reject" });
  } catch {
    throw unprocessable(`${field} must be a date such as 2026-11-30.`, { field });
  }
  const day = field === "to" ? date.add({ days: 1 }) : date;
  return new Date(day.toZonedDateTime({ timeZone }).epochMilliseconds);
}

const importBody = z.strictObject({
  q: z.string().max(200, { message: "must be at most 200 characters" }).optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  sendAt: z.unknown().optional(),
  cursor: z.string().max(500).nullish(),
});

function candidateOf(order: SearchedOrder): Candidate {
  return {
    email: order.email,
    customerName: order.customerName,
    orderId: order.orderId,
    orderName: order.name,
    locale: order.locale,
    products: order.products,
    orderCancelledAt: order.cancelledAt,
    test: order.test,
    attributes: order.attributes,
    via: "order",
  };
}

interface Tally {
  pages: number;
  orders: number;
  created: number;
  skipped: number;
  byReason: Record<string, number>;
}

function add(tally: Tally, outcomes: CandidateOutcome[]) {
  for (const o of outcomes) {
    if (o.status === "created") tally.created++;
    else {
      tally.skipped++;
      tally.byReason[o.reason] = (tally.byReason[o.reason] ?? 0) + 1;
    }
  }
}

export function getReviewsBulkRoutes(deps: GetReviewsBulkRoutesDeps): Router {
  const { db, clock } = deps;
  const router = Router();

  async function range(shop: string, q: string | undefined, from: string | undefined, to: string | undefined) {
    const timeZone = (await findShop(db, shop))?.timezone ?? "UTC";
    const start = dayBound(from, "from", timeZone);
    const end = dayBound(to, "to", timeZone);
    if (start && end && start.getTime() >= end.getTime()) throw unprocessable("from must be on or before to.", { field: "from" });
    return orderSearchQuery({ q: q?.trim() || undefined, from: start, to: end });
  }

  router.get(
    "/get-reviews/orders",
    asyncHandler(async (req, res) => {
      const session = adminSession(res);
      const q = queryParam(req, "q");
      if (q && q.length > 200) throw badRequest('Query parameter "q" must be at most 200 characters.', { parameter: "q" });
      const search = await range(session.shop, q, queryParam(req, "from"), queryParam(req, "to"));
      const first = intParam(req, "limit", PAGE_LIMIT);
      const page = await fetchOrdersPage(deps.adminApi, session, { search, first, after: queryParam(req, "cursor") || null }).catch((e) => {
        throw adminApiFailure(e);
      });
      res.json({
        orders: page.orders.map((o) => ({
          orderId: o.orderId,
          name: o.name,
          email: o.email,
          customerName: o.customerName,
          locale: o.locale,
          createdAt: o.createdAt.toISOString(),
          test: o.test,
        })),
        nextCursor: page.nextCursor,
      });
    }),
  );

  router.post(
    "/get-reviews/import",
    asyncHandler(async (req, res) => {
      const session = adminSession(res);
      const parsed = importBody.safeParse(req.body ?? {});
      if (!parsed.success) throw zodProblem(parsed.error);
      const now = clock();
      let sendAt: Date | null = null;
      if (parsed.data.sendAt !== undefined && parsed.data.sendAt !== null && parsed.data.sendAt !== "") {
        const check = checkDeliveryDate(parsed.data.sendAt, now, { allowNow: true });
        if (!check.ok) throw unprocessable(check.message, { field: "sendAt", problem: check.problem, bound: check.bound });
        sendAt = check.date;
      }
      const search = await range(session.shop, parsed.data.q, parsed.data.from, parsed.data.to);
      const run: GetReviewsRun = {
        shop: session.shop, actor: session.user, now, sendAt, batch: "search",
        ...(deps.erasureKeys ? { erasureKeys: deps.erasureKeys } : {}),
      };
      // The first page is read before answering, so Shopify's refusals are a plain 4xx/5xx.
      let page = await fetchOrdersPage(deps.adminApi, session, { search, after: parsed.data.cursor ?? null }).catch((e) => {
        throw adminApiFailure(e);
      });
      const state = await startRun(db, run);
      const tally: Tally = { pages: 0, orders: 0, created: 0, skipped: 0, byReason: {} };
      res.status(200).set({ "Content-Type": "application/x-ndjson; charset=utf-8", "Cache-Control": "no-store" });
      const line = (value: unknown) => res.write(`${JSON.stringify(value)}\n`);
      let nextCursor: string | null = null;
      try {
        for (;;) {
          add(tally, await inviteBatch(db, run, state, page.orders.map(candidateOf)));
          tally.pages++;
          tally.orders += page.orders.length;
          line({ type: "progress", ...tally });
          nextCursor = page.nextCursor;
          if (!nextCursor || tally.orders >= MAX_IMPORT_ORDERS || res.destroyed) break;
          page = await fetchOrdersPage(deps.adminApi, session, { search, after: nextCursor });
        }
        line({ type: "done", ...tally, nextCursor });
        deps.logger.info({ shop: session.shop, ...tally }, "get reviews import");
      } catch (error) {
        // Headers are sent: the failure is the stream's last line. What was created stays
        // created, and running the import again skips those orders.
        const mapped = adminApiFailure(error) as { status?: number; code?: string; message?: string };
        deps.logger.error({ err: error, shop: session.shop }, "get reviews import interrupted");
        line({ type: "error", code: mapped.code ?? "internal", message: mapped.code ? mapped.message : "The import stopped; run it again to continue (orders already invited are skipped).", ...tally, nextCursor });
      }
      res.end();
    }),
  );

  router.post(
    "/get-reviews/csv",
    express.text({ type: ["text/csv", "text/plain", "application/csv"], limit: "2mb" }),
    asyncHandler(async (req, res) => {
      const session = adminSession(res);
      if (typeof req.body !== "string") {
        throw unprocessable("Send the file as text/csv with the columns email,name,order.", { field: "body" });
      }
      const rows = readCsv(req.body);
      const run: GetReviewsRun = {
        shop: session.shop, actor: session.user, now: clock(), sendAt: null, batch: "csv",
        ...(deps.erasureKeys ? { erasureKeys: deps.erasureKeys } : {}),
        ...(deps.dailyEmailQuota !== undefined ? { dailyEmailQuota: deps.dailyEmailQuota } : {}),
      };
      const state = await startRun(db, run);
      const report: ({ row: number; email: string | null } & (CandidateOutcome | { status: "invalid"; reason: string; field: string }))[] = [];
      const good: { row: number; candidate: Candidate }[] = [];
      for (const r of rows) {
        if ("problem" in r) report.push({ row: r.row, email: r.email, status: "invalid", reason: r.problem, field: r.field });
        else good.push(r);
      }
      for (let i = 0; i < good.length; i += 500) {
        const slice = good.slice(i, i + 500);
        const outcomes = await inviteBatch(db, run, state, slice.map((g) => g.candidate));
        slice.forEach((g, j) => report.push({ row: g.row, email: g.candidate.email, ...outcomes[j]! }));
      }
      report.sort((a, b) => a.row - b.row);
      const count = (status: string) => report.filter((r) => r.status === status).length;
      deps.logger.info({ shop: session.shop, rows: report.length, created: count("created") }, "get reviews csv");
      res.json({ rows: report, created: count("created"), skipped: count("skipped"), invalid: count("invalid") });
    }),
  );

  return router;
}

type CsvRow = { row: number; candidate: Candidate } | { row: number; email: string | null; problem: string; field: string };

/** `email,name,order` with a header line (any column order; name and order optional). */
function readCsv(text: string): CsvRow[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parseCsv(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true });
  } catch (error) {
    throw unprocessable(`The file is not readable CSV: ${(error as Error).message}`, { field: "file" });
  }
  if (records.length === 0) throw unprocessable("The file has no rows under its header line email,name,order.", { field: "file" });
  if (!("email" in records[0]!.record)) throw unprocessable('The file needs a header line with an "email" column (email,name,order).', { field: "email" });
  if (records.length > MAX_CSV_ROWS) throw unprocessable(`The file has ${records.length} rows; upload at most ${MAX_CSV_ROWS} at a time.`, { field: "file", bound: MAX_CSV_ROWS });
  return records.map(({ record, info }) => {
    const row = info.lines; // the line of the file, header = 1
    const email = record.email?.trim() || null;
    if (!email) return { row, email: null, problem: "missing_email", field: "email" };
    const name = record.name?.trim() || null;
    if (name && name.length > 200) return { row, email, problem: "name_too_long", field: "name" };
    const order = record.order?.trim() || null;
    if (order && order.length > 100) return { row, email, problem: "order_too_long", field: "order" };
    const orderId = order ? numericOrderId(order) : null;
    return {
      row,
      candidate: {
        email, customerName: name, orderId, orderName: orderId ? null : order, locale: null, products: null,
        orderCancelledAt: null, test: false, attributes: null, via: "email" as const,
      },
    };
  });
}

