/**
 * Issue 19 end to end, on the real database and real SMTP: a shop's own sender domain
 * (key pair, DNS records, verification through an injected resolver), DKIM signatures an
 * independent verifier (mailauth) accepts, and bounces and complaints delivered over SMTP
 * to the app's listener marking the invitation and suppressing the address.
 */
import { readFileSync } from "node:fs";
import { authenticate } from "mailauth";
import nodemailer from "nodemailer";
import type { ConfigError } from "../web/server/config/config.ts";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { findSenderDomain } from "../web/server/db/queries/sender-domains.ts";
import { generateDkimKeyPair } from "../web/server/deliverability/dkim-keys.ts";
import type { TxtResolver } from "../web/server/deliverability/dns-check.ts";
import { startBounceListener, type BounceListener } from "../web/server/deliverability/inbound-smtp.ts";
import { classifyDsnRecipient, parseReportMessage } from "../web/server/deliverability/parse-reports.ts";
import { checkFromAddress, setSenderAddress, verifySenderDomain } from "../web/server/deliverability/sender-domain.ts";
import { bounceTokenKey, returnPathFor } from "../web/server/deliverability/verp.ts";
import { runOnce } from "../web/server/dispatch/run-once.ts";
import type { MailTransport } from "../web/server/mail/transport.ts";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";
import { addInvitation, addShop, deliveryConfig, eventTypes, expectCountersMatchRows, sinkTransport, T0 } from "./support/dispatch.ts";
import { TEST_SECRET, TEST_SHOP, testConfig } from "./support/shopify.ts";
import { startSmtpSink, type SmtpSink } from "./support/smtp.ts";

const BOUNCE_DOMAIN = "bounces.reviews.example.test";
const MERCHANT = "merchant-shop.example";

/** A DNS zone as a table: "name" → TXT strings; anything else does not exist. */
function zoneResolver(zone: Record<string, string[][]>): TxtResolver & { resolve(name: string, rr: string): Promise<string[][]> } {
  const notFound = (name: string) => Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: "ENOTFOUND" });
  return {
    async resolveTxt(name) {
      const records = zone[name.toLowerCase()];
      if (!records) throw notFound(name);
      return records;
    },
    async resolve(name, rr) {
      if (rr !== "TXT") throw notFound(name);
      return this.resolveTxt(name);
    },
  };
}

/** A long value as DNS hands it back: strings of at most 255 characters. */
const chunked = (value: string) => value.match(/.{1,255}/g)!;

let sink: SmtpSink;
let database: TestDatabase;
let transport: MailTransport;
const config = deliveryConfig({ BOUNCE_DOMAIN });

beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink.close();
});
beforeEach(async () => {
  sink.messages.length = 0;
  database = await createTestDatabase();
  transport = sinkTransport(sink);
  await addShop(database.db);
});
afterEach(async () => {
  await expectCountersMatchRows(database.db);
  await transport.close();
  await database.close();
});

const send = (overrides: Partial<typeof config> = {}) =>
  runOnce({ db: database.db, transport, config: { ...config, ...overrides }, clock: () => T0 });

async function verifiedMerchantDomain() {
  const view = await setSenderAddress(database.db, TEST_SHOP, { address: `reviews@${MERCHANT}`, domain: MERCHANT }, config, T0);
  const dkim = view.records.find((r) => r.purpose === "dkim")!;
  const zone = { [dkim.name]: [chunked(dkim.value)], [`_dmarc.${MERCHANT}`]: [["v=DMARC1; p=reject"]] };
  const verified = await verifySenderDomain(database.db, TEST_SHOP, zoneResolver(zone), config, T0);
  expect(verified?.verified).toBe(true);
  return { view, zone };
}

describe("a shop's own sender domain", () => {
  it("gets its own key pair, stored encrypted, and the records to publish", async () => {
    const view = await setSenderAddress(database.db, TEST_SHOP, { address: `reviews@${MERCHANT}`, domain: MERCHANT }, config, T0);
    expect(view).toMatchObject({ fromAddress: `reviews@${MERCHANT}`, domain: MERCHANT, verified: false });
    const dkim = view.records.find((r) => r.purpose === "dkim")!;
    expect(dkim.name).toMatch(new RegExp(`^ri[0-9a-f]{10}\\._domainkey\\.${MERCHANT.replace(".", "\\.")}$`));
    expect(dkim.value).toMatch(/^v=DKIM1; k=rsa; p=MII[A-Za-z0-9+/=]+$/);
    expect(view.records.map((r) => r.purpose)).toEqual(["dkim", "dmarc"]);
    const row = await findSenderDomain(database.db, TEST_SHOP);
    expect(row!.privateKey).toMatch(/^enc:v1:/);
    expect(row!.privateKey).not.toContain("PRIVATE KEY");
  });

  it("refuses addresses whose domain the merchant cannot publish records for", () => {
    expect(checkFromAddress("reviews@gmail.com")).toMatchObject({ field: "fromAddress" });
    expect(checkFromAddress("shop@test-shop.myshopify.com")).toMatchObject({ field: "fromAddress" });
    expect(checkFromAddress("Reviews <a@b.example>")).toMatchObject({ field: "fromAddress" });
    expect(checkFromAddress("Reviews@Merchant-Shop.Example")).toEqual({ address: `reviews@${MERCHANT}`, domain: MERCHANT });
  });

  it("is verified only when the DKIM record holds this shop's key: missing, wrong, then correct", async () => {
    const view = await setSenderAddress(database.db, TEST_SHOP, { address: `reviews@${MERCHANT}`, domain: MERCHANT }, config, T0);
    const dkim = view.records.find((r) => r.purpose === "dkim")!;

    const missing = await verifySenderDomain(database.db, TEST_SHOP, zoneResolver({}), config, T0);
    expect(missing!.verified).toBe(false);
    expect(missing!.lastCheck!.records.find((r) => r.purpose === "dkim")).toMatchObject({ state: "missing" });
    expect(missing!.lastCheck!.records.find((r) => r.purpose === "dmarc")).toMatchObject({ state: "missing" });

    const otherKey = `v=DKIM1; k=rsa; p=${generateDkimKeyPair().publicKey}`;
    const wrong = await verifySenderDomain(database.db, TEST_SHOP, zoneResolver({ [dkim.name]: [chunked(otherKey)] }), config, T0);
    expect(wrong!.verified).toBe(false);
    expect(wrong!.lastCheck!.records[0]).toMatchObject({ state: "wrong", found: [otherKey] });
    expect(wrong!.lastCheck!.records[0]!.message).toContain("different key");

    const right = await verifySenderDomain(database.db, TEST_SHOP, zoneResolver({ [dkim.name]: [chunked(dkim.value)] }), config, T0);
    expect(right!.verified).toBe(true);
    expect(right!.verifiedAt).toBe(T0.toISOString());

    // DNS trouble proves nothing: the verification stands, the answer says to try again.
    const down = { resolveTxt: () => Promise.reject(Object.assign(new Error("timeout"), { code: "ETIMEOUT" })) };
    const during = await verifySenderDomain(database.db, TEST_SHOP, down, config, T0);
    expect(during!.verified).toBe(true);
    expect(during!.lastCheck!.records[0]).toMatchObject({ state: "error" });

    // The record removed later: no longer verified, so mail goes back to MAIL_FROM.
    const removed = await verifySenderDomain(database.db, TEST_SHOP, zoneResolver({}), config, T0);
    expect(removed!.verified).toBe(false);
  });

  it("shows the operator's SPF include when one is configured, and checks it", async () => {
    const withSpf = { ...config, SPF_INCLUDE: "_spf.mailer.example" };
    const view = await setSenderAddress(database.db, TEST_SHOP, { address: `reviews@${MERCHANT}`, domain: MERCHANT }, withSpf, T0);
    expect(view.records.find((r) => r.purpose === "spf")).toMatchObject({ name: MERCHANT, value: "v=spf1 include:_spf.mailer.example ~all", required: false });
    const checked = await verifySenderDomain(database.db, TEST_SHOP, zoneResolver({ [MERCHANT]: [["v=spf1 include:_spf.google.com -all"]] }), withSpf, T0);
    expect(checked!.lastCheck!.records.find((r) => r.purpose === "spf")).toMatchObject({ state: "wrong" });
  });
});

describe("DKIM", () => {
  it("signs mail from a verified domain; an independent verifier passes DKIM and DMARC", async () => {
    const { zone } = await verifiedMerchantDomain();
    const invitation = await addInvitation(database.db, { email: "jane@example.com" });
    expect(await send()).toMatchObject({ sent: 1 });

    const message = sink.messages[0]!;
    expect(message.headers.get("from")).toContain(`reviews@${MERCHANT}`);
    // The envelope sender is the invitation's VERP address on the operator's bounce domain.
    expect(message.from).toBe(returnPathFor(bounceTokenKey(TEST_SECRET), invitation.id, BOUNCE_DOMAIN));

    const result = await authenticate(message.raw, { ip: "192.0.2.10", helo: "mta.example", sender: message.from, resolver: zoneResolver(zone).resolve.bind(zoneResolver(zone)) });
    expect(result.dkim.results).toHaveLength(1);
    expect(result.dkim.results[0]).toMatchObject({ signingDomain: MERCHANT, status: { result: "pass" } });
    expect(result.dmarc).toMatchObject({ status: { result: "pass" }, domain: MERCHANT });

    // The same message altered on the way fails: the signature covers the body.
    const tampered = message.raw.replace("Jane", "Jone");
    const bad = await authenticate(tampered, { ip: "192.0.2.10", helo: "mta.example", sender: message.from, resolver: zoneResolver(zone).resolve.bind(zoneResolver(zone)) });
    expect(bad.dkim.results[0]!.status.result).not.toBe("pass");
  });

  it("signs MAIL_FROM's mail with the operator's key; an unverified shop domain is not used", async () => {
    await setSenderAddress(database.db, TEST_SHOP, { address: `reviews@${MERCHANT}`, domain: MERCHANT }, config, T0);
    const operator = generateDkimKeyPair();
    const operatorConfig = deliveryConfig({
      BOUNCE_DOMAIN,
      DKIM_DOMAIN: "reviews.example.test",
      DKIM_SELECTOR: "app2026",
      // As a one-line environment variable carries it.
      DKIM_PRIVATE_KEY: operator.privateKeyPem.replace(/\n/g, "\\n"),
    });
    await addInvitation(database.db, { email: "jane@example.com" });
    expect(await send(operatorConfig)).toMatchObject({ sent: 1 });

    const message = sink.messages[0]!;
    expect(message.headers.get("from")).toContain("reviews@reviews.example.test");
    const zone = zoneResolver({ "app2026._domainkey.reviews.example.test": [chunked(`v=DKIM1; k=rsa; p=${operator.publicKey}`)] });
    const result = await authenticate(message.raw, { ip: "192.0.2.10", helo: "mta.example", sender: message.from, resolver: zone.resolve.bind(zone) });
    expect(result.dkim.results[0]).toMatchObject({ signingDomain: "reviews.example.test", status: { result: "pass" } });
  });

  it("leaves mail unsigned, from MAIL_FROM, when nothing is configured (as before)", async () => {
    await addInvitation(database.db, { email: "jane@example.com" });
    expect(await send({ BOUNCE_DOMAIN: undefined })).toMatchObject({ sent: 1 });
    const message = sink.messages[0]!;
    expect(message.raw).not.toMatch(/^DKIM-Signature:/im);
    expect(message.from).toBe("reviews@reviews.example.test");
  });
});

describe("bounces and complaints over SMTP", () => {
  let listener: BounceListener;
  beforeEach(async () => {
    listener = await startBounceListener({ db: database.db, config: { ...config, BOUNCE_SMTP_HOST: "127.0.0.1" }, port: 0, clock: () => T0 });
  });
  afterEach(async () => {
    await listener.close();
  });

  function fixture(name: string, values: Record<string, string>): string {
    let text = readFileSync(new URL(`./fixtures/reports/${name}`, import.meta.url), "utf8");
    for (const [key, value] of Object.entries(values)) text = text.replaceAll(`{{${key}}}`, value);
    return text.replace(/\r?\n/g, "\r\n");
  }

  /** As a receiving mail server sends a bounce: null sender, to the VERP address. */
  async function deliver(raw: string, to: string, from = "") {
    const client = nodemailer.createTransport({ host: "127.0.0.1", port: listener.port, secure: false, ignoreTLS: true });
    try {
      return await client.sendMail({ envelope: { from, to: [to] }, raw });
    } finally {
      client.close();
    }
  }

  async function sentInvitation(email: string) {
    const invitation = await addInvitation(database.db, { email });
    expect(await send()).toMatchObject({ sent: 1 });
    return { invitation, returnPath: sink.messages.at(-1)!.from };
  }

  it("an RFC 3464 hard bounce marks the invitation bounced and suppresses the address; no more mail goes there", async () => {
    const { invitation, returnPath } = await sentInvitation("Gone@Example.com");
    await deliver(fixture("rfc3464-failed.eml", { RETURN_PATH: returnPath, RECIPIENT: "gone@example.com" }), returnPath);

    const row = await database.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.status).toBe("bounced");
    expect(row.lastError).toBe("Bounced: 5.1.1: 550 5.1.1 <gone@example.com>... User unknown");
    expect(await eventTypes(database.db, invitation.id)).toContain("bounced");
    const event = await database.db.invitationEvent.findFirstOrThrow({ where: { invitationId: invitation.id, type: "bounced" } });
    // What the admin's history of the invitation shows as the reason.
    expect(JSON.parse(event.details!)).toMatchObject({ error: "5.1.1: 550 5.1.1 <gone@example.com>... User unknown", via: "smtp" });
    expect(await database.db.suppression.findMany()).toMatchObject([{ shop: TEST_SHOP, email: "gone@example.com", reason: "bounced" }]);

    // Delivered twice (mail servers retry): recorded once.
    await deliver(fixture("rfc3464-failed.eml", { RETURN_PATH: returnPath, RECIPIENT: "gone@example.com" }), returnPath);
    expect(await database.db.deliveryReport.count()).toBe(1);

    // The next invitation to that address is not sent.
    const next = await addInvitation(database.db, { email: "gone@example.com" });
    expect(await send()).toMatchObject({ suppressed: 1, sent: 0 });
    expect((await database.db.invitation.findUniqueOrThrow({ where: { id: next.id } })).lastError).toBe("bounced");
  });

  it("a soft bounce (RFC 3464 'failed' with 4.0.0) is recorded but suppresses nothing", async () => {
    const { invitation, returnPath } = await sentInvitation("slow@example.com");
    await deliver(fixture("rfc3464-delayed.eml", { RETURN_PATH: returnPath, RECIPIENT: "slow@example.com" }), returnPath);
    expect((await database.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).status).toBe("sent");
    expect(await eventTypes(database.db, invitation.id)).toContain("soft_bounced");
    expect(await database.db.suppression.count()).toBe(0);
    expect(await database.db.deliveryReport.findMany()).toMatchObject([{ kind: "soft_bounce", status: "4.0.0" }]);
  });

  it("an RFC 5965 feedback report suppresses the address as complained and is counted", async () => {
    const { invitation, returnPath } = await sentInvitation("angry@example.com");
    // Feedback loops post to the operator's registered address, not the VERP one: the token is
    // in Original-Mail-From.
    const report = fixture("rfc5965-abuse.eml", { RETURN_PATH: returnPath, RECIPIENT: "angry@example.com", REPORT_TO: `fbl@${BOUNCE_DOMAIN}` });
    await deliver(report, `fbl@${BOUNCE_DOMAIN}`, "abusedesk@example.com");

    expect((await database.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).status).toBe("sent");
    expect(await eventTypes(database.db, invitation.id)).toContain("complained");
    expect(await database.db.suppression.findMany()).toMatchObject([{ email: "angry@example.com", reason: "complained" }]);
    expect(await database.db.deliveryReport.findMany()).toMatchObject([{ kind: "complaint", status: "abuse", via: "smtp" }]);
  });

  it("ignores forged tokens: refused at RCPT TO, and a report naming one changes nothing", async () => {
    const { invitation, returnPath } = await sentInvitation("kept@example.com");
    const forged = returnPath.replace(/-([0-9a-f])/, (_m, c: string) => `-${c === "0" ? "1" : "0"}`);
    expect(forged).not.toBe(returnPath);
    await expect(deliver(fixture("rfc3464-failed.eml", { RETURN_PATH: forged, RECIPIENT: "kept@example.com" }), forged)).rejects.toMatchObject({
      responseCode: 550,
    });
    // A token made for another invitation id, signed with a guessed key.
    const guessed = returnPathFor(bounceTokenKey("not-the-app-secret"), invitation.id, BOUNCE_DOMAIN);
    await expect(deliver(fixture("rfc3464-failed.eml", { RETURN_PATH: guessed, RECIPIENT: "kept@example.com" }), guessed)).rejects.toMatchObject({
      responseCode: 550,
    });
    // Accepted (it is addressed to the domain) but its forged Original-Mail-From is ignored.
    await deliver(fixture("rfc5965-abuse.eml", { RETURN_PATH: forged, RECIPIENT: "kept@example.com", REPORT_TO: `fbl@${BOUNCE_DOMAIN}` }), `fbl@${BOUNCE_DOMAIN}`);
    // Mail for other domains is refused: this is no relay.
    await expect(deliver("Subject: hi\r\n\r\nhello\r\n", "someone@elsewhere.example")).rejects.toMatchObject({ responseCode: 550 });

    expect((await database.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).status).toBe("sent");
    expect(await database.db.suppression.count()).toBe(0);
    expect(await database.db.deliveryReport.count()).toBe(0);
  });
});

describe("configuration", () => {
  const base = { MAIL_FROM: "Reviews <reviews@mail.example.com>" };
  const key = generateDkimKeyPair().privateKeyPem;
  const problems = (env: Record<string, string>) => {
    try {
      testConfig({ ...base, ...env });
      return [];
    } catch (error) {
      return (error as ConfigError).problems;
    }
  };

  it("takes the operator's DKIM key for MAIL_FROM's domain or a parent, all three variables together", () => {
    expect(problems({ DKIM_DOMAIN: "mail.example.com", DKIM_SELECTOR: "s1", DKIM_PRIVATE_KEY: key })).toEqual([]);
    expect(problems({ DKIM_DOMAIN: "example.com", DKIM_SELECTOR: "s1", DKIM_PRIVATE_KEY: key.replace(/\n/g, "\\n") })).toEqual([]);
    expect(problems({ DKIM_DOMAIN: "mail.example.com" })).toEqual(["DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY go together: set all three or none"]);
    expect(problems({ DKIM_DOMAIN: "other.example", DKIM_SELECTOR: "s1", DKIM_PRIVATE_KEY: key })[0]).toContain("must be MAIL_FROM's domain (mail.example.com) or a parent of it");
    expect(problems({ DKIM_DOMAIN: "mail.example.com", DKIM_SELECTOR: "s1", DKIM_PRIVATE_KEY: "not a key" })[0]).toMatch(/^DKIM_PRIVATE_KEY: an RSA private key in PEM/);
  });

  it("needs BOUNCE_DOMAIN for the listener, and a long enough reports token", () => {
    expect(problems({ BOUNCE_SMTP_PORT: "2525" })).toEqual(["BOUNCE_SMTP_PORT needs BOUNCE_DOMAIN: the listener accepts only mail to bounces+…@BOUNCE_DOMAIN"]);
    expect(problems({ BOUNCE_SMTP_PORT: "2525", BOUNCE_DOMAIN: "bounces.example.com" })).toEqual([]);
    expect(problems({ DELIVERY_REPORTS_TOKEN: "short" })[0]).toMatch(/^DELIVERY_REPORTS_TOKEN: at least 16 characters/);
    expect(problems({ BOUNCE_DOMAIN: "not a domain" })[0]).toMatch(/^BOUNCE_DOMAIN: a domain name/);
  });
});

describe("reading reports", () => {
  it("classifies DSN recipients by Action and status class (RFC 3464 §2.3.3, RFC 3463)", () => {
    const cases: [string | null, string | null, string | null][] = [
      ["failed", "5.1.1", "hard_bounce"],
      ["failed", "5.7.1", "hard_bounce"],
      ["failed", null, "hard_bounce"],
      ["failed", "4.0.0", "soft_bounce"],
      ["delayed", "4.4.7", "soft_bounce"],
      ["delivered", "2.0.0", null],
      ["relayed", "2.0.0", null],
      ["expanded", "2.0.0", null],
      [null, "5.1.1", null],
    ];
    for (const [action, status, kind] of cases) expect([action, status, classifyDsnRecipient(action, status)]).toEqual([action, status, kind]);
  });

  it("reads every recipient of a multi-recipient DSN, and no complaint from a not-spam report", async () => {
    const dsn = [
      "From: MAILER-DAEMON@mx.example", "To: bounces+7-abc@b.example", "MIME-Version: 1.0",
      'Content-Type: multipart/report; report-type=delivery-status; boundary="X"', "", "--X", "", "human text", "--X",
      "Content-Type: message/delivery-status", "", "Reporting-MTA: dns; mx.example", "",
      "Final-Recipient: rfc822; a@example.com", "Action: failed", "Status: 5.1.1", "Diagnostic-Code: smtp; 550 5.1.1",
      "  no such user", "", "Final-Recipient: rfc822; b@example.com", "Action: delivered", "Status: 2.0.0", "",
      "Final-Recipient: rfc822; C@Example.com", "Action: delayed", "Status: 4.2.2", "", "--X--", "",
    ].join("\r\n");
    expect(await parseReportMessage(dsn, [])).toEqual([
      { kind: "hard_bounce", token: "7-abc", recipient: "a@example.com", status: "5.1.1", diagnostic: "550 5.1.1 no such user" },
      { kind: "soft_bounce", token: "7-abc", recipient: "c@example.com", status: "4.2.2", diagnostic: null },
    ]);
    const notSpam = [
      "From: fbl@isp.example", "To: fbl@b.example", "MIME-Version: 1.0",
      'Content-Type: multipart/report; report-type=feedback-report; boundary="Y"', "", "--Y", "", "text", "--Y",
      "Content-Type: message/feedback-report", "", "Feedback-Type: not-spam", "Version: 1",
      "Original-Mail-From: <bounces+7-abc@b.example>", "", "--Y--", "",
    ].join("\r\n");
    expect(await parseReportMessage(notSpam, [])).toEqual([]);
  });
});
