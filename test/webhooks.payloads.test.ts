/**
 * Webhook bodies are read with exact ids: an id beyond 2^53 rounded by JSON.parse would merge
 * two orders (or two customers) into one. Everything else must read exactly as JSON.parse
 * reads it, digit runs inside text included.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseJsonExact, PayloadError } from "../web/server/webhooks/payloads.ts";

describe("parseJsonExact", () => {
  it("keeps integers beyond 2^53 as their exact digits, wherever they are", () => {
    const body = parseJsonExact('{"id": 820982911946154508, "customer": {"id": -9007199254740993}, "ids": [9007199254740993,1]}');
    expect(body).toEqual({ id: "820982911946154508", customer: { id: "-9007199254740993" }, ids: ["9007199254740993", 1] });
  });

  it("reads Shopify's sample order with the id it carries, not a rounded one", () => {
    const text = readFileSync(path.join(import.meta.dirname, "fixtures/orders.create.json"), "utf8");
    const order = parseJsonExact(text) as { id: string; line_items: { id: string }[] };
    expect(order.id).toBe(/"id":\s*(\d+)/.exec(text)![1]);
    expect(order.line_items[0]!.id).toMatch(/^\d{16,}$/);
  });

  it("leaves long digit runs inside strings as they are, escaped quotes included", () => {
    const text = String.raw`{"note": "call 12345678901234567890 \" then 98765432109876543210", "tag": "\\", "n": 12345678901234567890, "x": "a\\\"98765432109876543210"}`;
    expect(parseJsonExact(text)).toEqual({
      note: 'call 12345678901234567890 " then 98765432109876543210',
      tag: "\\",
      n: "12345678901234567890",
      x: 'a\\"98765432109876543210',
    });
  });

  it("reads safe integers, fractions and exponents as numbers, as JSON.parse does", () => {
    const text = '{"a": 9007199254740991, "b": 0.12345678901234567890, "c": 1e12345678901234567, "d": 12345678901234567.5}';
    expect(parseJsonExact(text)).toEqual(JSON.parse(text));
  });

  it("refuses text that is not JSON with a PayloadError that says so", () => {
    for (const bad of ['{"id": 820982911946154508', '{"id": 820982911946154508"}', "", "{'id': 1}"]) {
      expect(() => parseJsonExact(bad)).toThrow(PayloadError);
      expect(() => parseJsonExact(bad)).toThrow(/not valid JSON/);
    }
  });
});
