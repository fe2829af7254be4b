import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvCell } from "../web/server/admin/export-csv.ts";
import { adminClient, ensureShop, seedInvitation, type AdminClient } from "./support/admin-fixtures.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { TEST_SHOP } from "./support/shopify.ts";

let t: TestApp;
let api: AdminClient;

beforeAll(async () => {
  t = await createTestApp({ now: new Date("2026-11-26T12:00:00Z") });
  api = await adminClient(t.app);
  await ensureShop(t.db, TEST_SHOP);
});
afterAll(() => t.close());

/** Minimal CSV reader for the test: quoted cells with doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") row.push(cell), (cell = "");
    else if (ch === "\r" && text[i + 1] === "\n") row.push(cell), rows.push(row), (row = []), (cell = ""), i++;
    else cell += ch;
  }
  return rows;
}

describe("GET /api/invitations/export.csv", () => {
  it("downloads the whole filtered history, newest first, across many pages", async () => {
    // More rows than one export page (1000), inserted set-based.
    await t.db.$executeRawUnsafe(`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1205)
      INSERT INTO "Invitation" ("shop", "email", "status", "sendAt", "source", "attempts", "customerPostpones", "createdAt", "updatedAt")
      SELECT '${TEST_SHOP}', 'bulk' || i || '@example.com', CASE WHEN i % 5 = 0 THEN 'sent' ELSE 'queued' END,
             CURRENT_TIMESTAMP, 'manual', 0, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM n`);
    const res = await api.get("/api/invitations/export.csv");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(res.headers["content-disposition"]).toBe('attachment; filename="invitations-test-shop-2026-11-26.csv"');
    expect(res.text.startsWith("\uFEFF")).toBe(true);
    const rows = parseCsv(res.text.slice(1));
    expect(rows[0]).toEqual(["id", "status", "sendAt", "sentAt", "email", "customerName", "orderId", "orderName", "source", "kind", "orderCancelledAt", "createdAt", "attempts", "lastError", "clickedAt", "remindedAt"]);
    const data = rows.slice(1);
    expect(data).toHaveLength(1205);
    const ids = data.map((r) => Number(r[0]));
    expect(new Set(ids).size).toBe(1205);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    const sent = parseCsv((await api.get("/api/invitations/export.csv?status=sent")).text.slice(1)).slice(1);
    expect(sent).toHaveLength(241);
    expect(sent.every((r) => r[1] === "sent")).toBe(true);
    const search = parseCsv((await api.get("/api/invitations/export.csv?q=bulk120")).text.slice(1)).slice(1);
    expect(search.map((r) => r[4]).sort()).toEqual(
      ["bulk120@example.com", "bulk1200@example.com", "bulk1201@example.com", "bulk1202@example.com", "bulk1203@example.com", "bulk1204@example.com", "bulk1205@example.com"].sort(),
    );
    expect((await api.get("/api/invitations/export.csv?status=nope")).status).toBe(400);
  });

  it("keeps customer-supplied text from running as a spreadsheet formula", async () => {
    await t.db.invitation.deleteMany();
    await seedInvitation(t.db, { customerName: '=HYPERLINK("http://evil.example","click")', email: "+1@example.com", orderName: "@SUM(A1)" });
    const rows = parseCsv((await api.get("/api/invitations/export.csv")).text.slice(1));
    const [row] = rows.slice(1);
    expect(row![5]).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(row![4]).toBe("'+1@example.com");
    expect(row![7]).toBe("'@SUM(A1)");
  });

  it("quotes cells with commas, quotes and line breaks", () => {
    expect(csvCell('Lee, "Ann"')).toBe('"Lee, ""Ann"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("-5")).toBe("'-5");
    expect(csvCell(null)).toBe("");
    expect(csvCell(3)).toBe("3");
  });
});
