/**
 * The scheduler and the operator command around runOnce: cron sends what is due without
 * anyone asking, shutdown finishes what is in flight, and `npm run dispatch -- --once`
 * says what it did.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../web/server/dispatch/cli.ts";
import { startDispatcher, type Dispatcher } from "../web/server/dispatch/scheduler.ts";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";
import { addInvitation, addShop, deliveryConfig, sinkTransport } from "./support/dispatch.ts";
import { startSmtpSink, type SmtpSink } from "./support/smtp.ts";

let database: TestDatabase;
let sink: SmtpSink;
let dispatcher: Dispatcher | null = null;

beforeEach(async () => {
  database = await createTestDatabase();
  sink = await startSmtpSink();
  await addShop(database.db);
});
afterEach(async () => {
  await dispatcher?.stop();
  dispatcher = null;
  await sink.close();
  await database.close();
});

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error("condition not reached in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("startDispatcher", () => {
  it("sends a due invitation on its own schedule", async () => {
    const invitation = await addInvitation(database.db, { sendAt: new Date(Date.now() - 1000) });
    dispatcher = startDispatcher({
      db: database.db,
      config: deliveryConfig({ DISPATCH_CRON: "* * * * * *", SMTP_URL: sink.url }),
    });
    await until(async () => (await database.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).status === "sent");
    expect(sink.messages).toHaveLength(1);
  });

  it("on stop, claims nothing new and finishes the message in flight", async () => {
    const transport = sinkTransport(sink);
    // The dispatcher's clock, moved by hand: the second invitation falls due only once stop()
    // has been called, so a claim issued before stop cannot take it, however late the
    // database runs that claim (on a loaded machine it can run after anything the test does).
    let now = Date.now();
    const first = await addInvitation(database.db, { sendAt: new Date(now - 1000) });
    const second = await addInvitation(database.db, { sendAt: new Date(now + 60_000) });
    let inFlight!: () => void;
    const started = new Promise<void>((resolve) => (inFlight = resolve));
    sink.onMessage = () => {
      inFlight();
      return { kind: "delay", ms: 300 };
    };
    // A schedule that will not fire during the test: the pass is started by hand.
    dispatcher = startDispatcher({ db: database.db, transport, clock: () => new Date(now), config: deliveryConfig({ DISPATCH_CRON: "0 0 1 1 *" }) });
    const pass = dispatcher.runNow();
    await started;

    const stopping = dispatcher.stop();
    now += 120_000;
    await stopping;
    expect(await pass).toMatchObject({ sent: 1 });
    expect((await database.db.invitation.findUniqueOrThrow({ where: { id: first.id } })).status).toBe("sent");
    expect(await dispatcher.runNow()).toBeNull();
    expect((await database.db.invitation.findUniqueOrThrow({ where: { id: second.id } })).status).toBe("queued");
    await transport.close();
  });
});

describe("a database outage", () => {
  it("fails the pass, is logged, and does not take the process down", async () => {
    const transport = sinkTransport(sink);
    const logged: string[] = [];
    const logger = { error: (_obj: unknown, msg: string) => logged.push(msg), info: () => undefined, warn: () => undefined };
    dispatcher = startDispatcher({
      db: database.db,
      transport,
      config: deliveryConfig({ DISPATCH_CRON: "0 0 1 1 *" }),
      logger: logger as never,
    });
    await database.simulateOutage();
    expect(await dispatcher.runNow()).toBeNull();
    expect(logged).toContain("dispatch pass failed");
    await transport.close();
  });
});

describe("npm run dispatch -- --once", () => {
  it("runs one pass into the outbox and prints what it did", async () => {
    const outbox = mkdtempSync(path.join(os.tmpdir(), "ri-cli-outbox-"));
    try {
      await addInvitation(database.db, { sendAt: new Date(Date.now() - 1000) });
      await addInvitation(database.db, { sendAt: new Date(Date.now() + 86_400_000) });
      const printed: string[] = [];
      const config = deliveryConfig({ DATABASE_URL: database.url, OUTBOX_DIR: outbox });
      expect(await main(["--once"], { config, write: (text) => printed.push(text), migrate: false })).toBe(0);
      const output = printed.join("\n");
      expect(output).toContain(`Dispatch pass via outbox ${outbox}`);
      expect(output).toMatch(/sent:\s+1\n/);
      expect(output).toMatch(/claimed:\s+1 in 1 batch$/m);
      expect(readdirSync(outbox)).toHaveLength(1);

      printed.length = 0;
      expect(await main(["--once"], { config, write: (text) => printed.push(text), migrate: false })).toBe(0);
      expect(printed.join("\n")).toContain("nothing was due.");
    } finally {
      rmSync(outbox, { recursive: true, force: true });
    }
  });

  it("exits 1 and says why when the mail server is down; nothing is lost", async () => {
    const invitation = await addInvitation(database.db, { sendAt: new Date(Date.now() - 1000) });
    const url = sink.url;
    await sink.stop();
    const printed: string[] = [];
    const config = deliveryConfig({ DATABASE_URL: database.url, SMTP_URL: url });
    expect(await main(["--once"], { config, write: (text) => printed.push(text), migrate: false })).toBe(1);
    expect(printed.join("\n")).toMatch(/mail problem:\s+The mail server refused the connection/);
    expect(printed.join("\n")).toContain(`via smtp://127.0.0.1:${url.split(":").at(-1)}`);
    expect((await database.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).status).toBe("queued");
  });

  it("explains its options", async () => {
    const printed: string[] = [];
    expect(await main(["--help"], { write: (text) => printed.push(text) })).toBe(0);
    expect(printed[0]).toContain("--once");
    expect(await main(["--twice"], { write: (text) => printed.push(text) })).toBe(2);
    expect(printed[1]).toContain("Unknown option: --twice");
  });
});
