/**
 * One line of an order as an invitation email shows it (issue 18 item 5): its title, variant,
 * quantity, the product's id and handle (for a per-product review link) and an image. Built
 * from a webhook's `line_items` or from the Admin API, stored as JSON in the same `products`
 * columns of Order and Invitation that held an array of titles before.
 *
 * Rows written before this change still hold `["Linen shirt", …]`: the reader accepts both
 * shapes, so nothing stored is lost and nothing has to be migrated.
 */

export interface ProductLine {
  title: string;
  variantTitle: string | null;
  quantity: number;
  /** The numeric product id as an exact string (ids exceed 2^53: webhooks/payloads.ts). */
  productId: string | null;
  handle: string | null;
  imageUrl: string | null;
}

/**
 * Lines kept per order. The email shows at most MAX_PRODUCTS (mail/template-defaults.ts);
 * the admin lists titles. An order of hundreds of lines must not store a row of hundreds of
 * image URLs that nothing reads.
 */
export const MAX_STORED_LINES = 100;

/** What a line may arrive as, from either source, before it is checked. */
export interface RawLine {
  title?: string | null;
  name?: string | null;
  variantTitle?: string | null;
  quantity?: number | null;
  productId?: string | null;
  handle?: string | null;
  imageUrl?: string | null;
}

const PRODUCT_GID = "gid://shopify/Product/";

/** "gid://shopify/Product/123" or "123" → "123"; anything else → null. */
export function numericProductId(value: string | null | undefined): string | null {
  if (!value) return null;
  const id = value.startsWith(PRODUCT_GID) ? value.slice(PRODUCT_GID.length) : value;
  return /^\d{1,20}$/.test(id) ? id : null;
}

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

/** Only https images: the email is read in clients that block or warn about anything else. */
function imageUrl(value: unknown): string | null {
  const url = text(value);
  if (!url) return null;
  try {
    return new URL(url).protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

/**
 * The lines worth showing: titled, one per product and variant (Shopify splits a product into
 * several lines for discounts or bundles; the customer bought it once), quantities summed,
 * in the order's own order.
 */
export function productLines(raw: readonly RawLine[] | null | undefined): ProductLine[] {
  const merged = new Map<string, ProductLine>();
  for (const line of raw ?? []) {
    const title = text(line.title) ?? text(line.name);
    if (!title) continue;
    const variantTitle = text(line.variantTitle);
    const productId = numericProductId(line.productId ?? null);
    const quantity = typeof line.quantity === "number" && Number.isSafeInteger(line.quantity) && line.quantity > 0 ? line.quantity : 1;
    // The title is part of the key: lines of one product id with different titles (a bundle's
    // parts, Shopify's sample payloads) are different things to the customer.
    const key = JSON.stringify([productId, title, variantTitle]);
    const seen = merged.get(key);
    if (seen) {
      seen.quantity += quantity;
      seen.handle ??= text(line.handle);
      seen.imageUrl ??= imageUrl(line.imageUrl);
      continue;
    }
    if (merged.size >= MAX_STORED_LINES) continue;
    merged.set(key, { title, variantTitle, quantity, productId, handle: text(line.handle), imageUrl: imageUrl(line.imageUrl) });
  }
  return [...merged.values()];
}

/** The column's value: null for no lines, as before. */
export function storeProductLines(lines: readonly ProductLine[] | null): string | null {
  return lines && lines.length > 0 ? JSON.stringify(lines) : null;
}

/**
 * The stored column read back: objects as written by storeProductLines, or titles as written
 * before issue 18 (each becomes a line of quantity 1 with nothing else known). Anything
 * unreadable reads as no lines, never as an error: an email without products still goes out.
 */
export function readProductLines(stored: string | null): ProductLine[] {
  if (!stored) return [];
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const lines: ProductLine[] = [];
  for (const item of value) {
    if (typeof item === "string") {
      if (item.trim() !== "") lines.push({ title: item, variantTitle: null, quantity: 1, productId: null, handle: null, imageUrl: null });
      continue;
    }
    if (!item || typeof item !== "object") continue;
    const o = item as Record<string, unknown>;
    const title = text(o.title);
    if (!title) continue;
    lines.push({
      title,
      variantTitle: text(o.variantTitle),
      quantity: typeof o.quantity === "number" && Number.isSafeInteger(o.quantity) && o.quantity > 0 ? o.quantity : 1,
      productId: numericProductId(text(o.productId)),
      handle: text(o.handle),
      imageUrl: imageUrl(o.imageUrl),
    });
  }
  return lines;
}

/** What the admin, the order block and the CSV show: the titles, once each, as before. */
export function productTitles(lines: readonly ProductLine[]): string[] {
  return [...new Set(lines.map((l) => l.title))];
}

/** The product ids of lines whose handle or image the order did not say (the Admin API may know). */
export function incompleteProductIds(lines: readonly ProductLine[]): string[] {
  return lines.filter((l) => l.productId && (!l.handle || !l.imageUrl)).map((l) => l.productId!);
}

/** The lines with what is known of their products filled in where the order left it out. */
export function completeLines(lines: readonly ProductLine[], known: ReadonlyMap<string, { handle: string | null; imageUrl: string | null }>): ProductLine[] {
  return lines.map((line) => {
    const detail = line.productId ? known.get(line.productId) : undefined;
    if (!detail) return line;
    return { ...line, handle: line.handle ?? text(detail.handle), imageUrl: line.imageUrl ?? imageUrl(detail.imageUrl) };
  });
}
