/**
 * The one claim builder (Dialect.claimDue via db/queries/jobs.ts) serves two queues: the
 * invitations and the reminders (issue 18). Whichever queue it claims from, on this database,
 * it takes every shop's first due row before any shop's second (a shop with a long backlog
 * cannot starve one with a single row), and nothing of a shop that may not send: paused (R5),
 * uninstalled, or with a "cancel all pending" still being written. The reminders' own
 * conditions (reminders on, invitation still sent and unclicked) come on top.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { JobQueue } from "../web/server/db/dialect.ts";
import { claimDueJobs } from "../web/server/db/queries/jobs.ts";
import { invitationQueue } from "../web/server/db/queries/dispatch.ts";
import { reminderQueue } from "../web/server/db/queries/reminders.ts";
import { sql } from "../web/server/db/sql.ts";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.db.run(sql`DELETE FROM "Reminder"`);
  await t.db.run(sql`DELETE FROM "Invitation"`);
  await t.db.run(sql`DELETE FROM "Shop"`);
});

const NOW = new Date("2026-12-01T09:30:00.000Z");
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);
const LEASE = new Date(NOW.getTime() + 120_000);

interface ShopState {
  paused?: boolean;
  uninstalled?: boolean;
  cancelling?: boolean;
  reminders?: boolean;
}

async function addShop(domain: string, s: ShopState = {}) {
  await t.db.run(sql`INSERT INTO "Shop" ("domain", "paused", "uninstalledAt", "cancelThroughId", "reminderEnabled", "installedAt", "createdAt", "updatedAt")
    VALUES (${domain}, ${s.paused ?? false}, ${s.uninstalled ? NOW : null}, ${s.cancelling ? 1_000_000 : null}, ${s.reminders ?? true}, ${NOW}, ${NOW}, ${NOW})`);
}

/** One due job of `shop` in the queue under test; returns its key (the invitation's id either way). */
type AddDue = (shop: string, sendAt: Date, options?: { clicked?: boolean }) => Promise<number>;

const addInvitation = async (shop: string, sendAt: Date, status: string, clicked = false) =>
  Number((await t.db.one<{ id: number }>(sql`INSERT INTO "Invitation" ("shop", "email", "sendAt", "source", "status", "clickedAt", "createdAt", "updatedAt")
    VALUES (${shop}, ${"c@x.test"}, ${sendAt}, 'manual', ${status}, ${clicked ? NOW : null}, ${NOW}, ${NOW}) RETURNING "id"`))!.id);

const queues: { name: string; queue: JobQueue; addDue: AddDue }[] = [
  { name: "invitations", queue: invitationQueue, addDue: (shop, sendAt) => addInvitation(shop, sendAt, "queued") },
  {
    name: "reminders",
    queue: reminderQueue,
    async addDue(shop, sendAt, options = {}) {
      const id = await addInvitation(shop, minutesAgo(10_000), "sent", options.clicked);
      await t.db.run(sql`INSERT INTO "Reminder" ("invitationId", "shop", "status", "sendAt", "createdAt", "updatedAt")
        VALUES (${id}, ${shop}, 'queued', ${sendAt}, ${NOW}, ${NOW})`);
      return id;
    },
  },
];

const claim = (queue: JobQueue, limit: number) =>
  claimDueJobs<{ id?: number; invitationId?: number; shop: string; attempts: number }>(
    t.db,
    queue,
    { now: NOW, leaseUntil: LEASE, limit },
    [queue.key, "shop", "attempts"],
  ).then((rows) => rows.map((r) => ({ key: Number(r.id ?? r.invitationId), shop: r.shop, attempts: Number(r.attempts) })));

describe.each(queues)("the claim of $name", ({ queue, addDue }) => {
  it("takes every shop's first before any shop's second, and nothing of a paused, uninstalled or cancelling shop", async () => {
    await addShop("busy.myshopify.com");
    await addShop("small.myshopify.com");
    await addShop("paused.myshopify.com", { paused: true });
    await addShop("gone.myshopify.com", { uninstalled: true });
    await addShop("cancelling.myshopify.com", { cancelling: true });
    // The busy shop's rows are all older than the small shop's one: oldest-first alone would take only them.
    const busy = [await addDue("busy.myshopify.com", minutesAgo(60)), await addDue("busy.myshopify.com", minutesAgo(50)), await addDue("busy.myshopify.com", minutesAgo(40))];
    const small = await addDue("small.myshopify.com", minutesAgo(5));
    for (const shop of ["paused", "gone", "cancelling"]) await addDue(`${shop}.myshopify.com`, minutesAgo(120));
    await addDue("small.myshopify.com", new Date(NOW.getTime() + 60_000)); // not due yet

    const first = await claim(queue, 3);
    expect(first.map((r) => r.key).sort()).toEqual([busy[0], busy[1], small].sort());
    expect(first.every((r) => r.attempts === 1)).toBe(true);

    // Each row once: the next claim takes what is left of the shops that may send, and no more.
    expect((await claim(queue, 10)).map((r) => r.key)).toEqual([busy[2]]);
    expect(await claim(queue, 10)).toEqual([]);
    const table = sql.raw(`"${queue.table}"`);
    const leased = await t.db.all<{ n: number | string }>(sql`SELECT COUNT(*) AS "n" FROM ${table} WHERE "status" = 'sending' AND "leaseUntil" = ${LEASE}`);
    expect(Number(leased[0]!.n)).toBe(4);
  });
});

describe("the claim of reminders, besides", () => {
  it("skips shops with reminders off and reminders whose invitation was clicked", async () => {
    const addDue = queues[1]!.addDue;
    await addShop("on.myshopify.com");
    await addShop("off.myshopify.com", { reminders: false });
    const due = await addDue("on.myshopify.com", minutesAgo(30));
    await addDue("on.myshopify.com", minutesAgo(60), { clicked: true });
    await addDue("off.myshopify.com", minutesAgo(60));
    expect((await claim(reminderQueue, 10)).map((r) => r.key)).toEqual([due]);
  });
});
