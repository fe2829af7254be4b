/**
 * CSV export of the invitation history with the list's filters, streamed page by page
 * along the same keyset as the list: memory stays flat whatever the number of rows, and a
 * row created during the download never appears twice.
 *
 * Spreadsheet safety: a cell that starts with = + - @ (or a tab/CR) would be run as a
 * formula by Excel or Sheets ("CSV injection"); such cells get a leading apostrophe.
 * Customer names and emails come from the storefront, so they are untrusted.
 */
import type { Writable } from "node:stream";
import type { Queryable } from "../db/client.ts";
import { listInvitations, type ListFilters } from "../invitations/queries.ts";
import { presentInvitation, type InvitationJson } from "./present.ts";

export const CSV_COLUMNS: (keyof InvitationJson)[] = [
  "id",
  "status",
  "sendAt",
  "sentAt",
  "email",
  "customerName",
  "orderId",
  "orderName",
  "source",
  "kind",
  "orderCancelledAt",
  "createdAt",
  "attempts",
  "lastError",
  // Issue 18, last so spreadsheets built on the earlier columns keep working.
  "clickedAt",
  "remindedAt",
];

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = Array.isArray(value) ? value.join("; ") : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: unknown[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

const PAGE_SIZE = 1000;

/** Writes the header and every matching invitation, newest first. Resolves with the row count. */
export async function writeInvitationsCsv(
  db: Queryable,
  shop: string,
  filters: Omit<ListFilters, "cursor" | "limit">,
  out: Writable,
): Promise<number> {
  const write = (chunk: string) =>
    new Promise<void>((resolve, reject) => {
      if (out.destroyed) return reject(new Error("client went away"));
      if (out.write(chunk)) return resolve();
      out.once("drain", resolve);
      out.once("close", () => reject(new Error("client went away")));
    });

  // BOM: Excel reads the file as UTF-8 (names with accents) only with it.
  await write(`\uFEFF${csvLine(CSV_COLUMNS)}`);
  let cursor: number | undefined;
  let count = 0;
  for (;;) {
    const page = await listInvitations(db, shop, { ...filters, cursor, limit: PAGE_SIZE });
    if (page.invitations.length > 0) {
      await write(page.invitations.map(presentInvitation).map((inv) => csvLine(CSV_COLUMNS.map((c) => inv[c]))).join(""));
      count += page.invitations.length;
    }
    if (page.nextCursor === null) return count;
    cursor = page.nextCursor;
  }
}
