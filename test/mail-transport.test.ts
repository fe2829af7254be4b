/**
 * Transports: without SMTP_URL the app writes .eml files a developer can open; with it,
 * a pooled SMTP connection. Credentials never appear in what the app prints or logs.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { customerLinkKey } from "../web/server/customer/links.ts";
import { buildInvitationEmail } from "../web/server/mail/message.ts";
import { createMailTransport, describeSmtpUrl } from "../web/server/mail/transport.ts";
import { deliveryConfig } from "./support/dispatch.ts";
import { parseMessage, startSmtpSink } from "./support/smtp.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function sampleEmail(id = 7) {
  const { email } = await buildInvitationEmail(
    { id, shop: "test-shop.myshopify.com", email: "jane@example.com", customerName: "Jane", orderName: "#1001", orderId: "1", products: '["Linen shirt"]', customerPostpones: 0 },
    { domain: "test-shop.myshopify.com", name: "Test Shop", emailSubject: null, emailBody: null, noticeEnabled: true, noticeText: null, reviewUrl: null, senderName: null, replyTo: null },
    { appUrl: "https://reviews.example.test", mailFrom: "Reviews <reviews@reviews.example.test>", linkKey: customerLinkKey("secret"), postponeMax: 2 },
  );
  return email;
}

describe("the outbox (no SMTP_URL)", () => {
  it("writes each message as an .eml file named after its Message-ID, complete with headers", async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "ri-outbox-")), "not-yet-created");
    dirs.push(path.dirname(dir));
    const transport = createMailTransport({ ...deliveryConfig({ OUTBOX_DIR: dir }) });
    expect(transport.description).toContain(dir);
    await transport.verify(); // creates the folder

    const email = await sampleEmail();
    const result = await transport.send(email);
    await transport.send(email); // the same invitation again (a resend after a crash): same file
    await transport.close();

    expect(readdirSync(dir)).toEqual(["invitation-7.test-shop.myshopify.com@reviews.example.test.eml"]);
    expect(result.response).toContain(dir);
    const message = parseMessage(readFileSync(path.join(dir, readdirSync(dir)[0]!), "utf8"));
    expect(message.messageId).toBe(email.messageId);
    expect(message.subject).toBe("How was your order #1001 from Test Shop?");
    expect(message.headers.get("to")).toBe("jane@example.com");
    expect(message.headers.get("list-unsubscribe")).toMatch(/^<https:\/\/reviews\.example\.test\/r\/unsubscribe\/7\./);
    expect(message.headers.get("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    expect(message.headers.get("auto-submitted")).toBe("auto-generated");
    expect(message.text).toMatch(/Linen shirt\r?\nReview \(https:\/\/reviews\.example\.test\/r\/review\//);
    expect(message.html).toContain("<a href=");
  });
});

describe("SMTP", () => {
  it("describes the server without the credentials in SMTP_URL", () => {
    const url = "smtps://apikey:s3cr3t-p4ss@smtp.example.com:465";
    const transport = createMailTransport(deliveryConfig({ SMTP_URL: url, SMTP_RATE_PER_SECOND: "10" }));
    expect(transport.description).toBe("smtps://smtp.example.com:465 (pooled, 5 connections, 10/s)");
    expect(transport.description).not.toContain("s3cr3t");
    expect(transport.description).not.toContain("apikey");
    expect(describeSmtpUrl("smtp://user:pw@mail.local")).toBe("smtp://mail.local:587");
    void transport.close();
  });

  it("sends through a pooled connection to a real server", async () => {
    const sink = await startSmtpSink();
    const transport = createMailTransport(deliveryConfig({ SMTP_URL: sink.url }));
    try {
      await transport.verify();
      const email = await sampleEmail(8);
      const result = await transport.send(email);
      expect(result.response).toMatch(/^250/);
      expect(sink.messages).toHaveLength(1);
      expect(sink.messages[0]!.messageId).toBe(email.messageId);
      expect(sink.messages[0]!.from).toBe("reviews@reviews.example.test");
      expect(sink.messages[0]!.headers.get("from")).toBe("Test Shop <reviews@reviews.example.test>");
    } finally {
      await transport.close();
      await sink.close();
    }
  });

  it("fails verify() with a connection error when nothing listens", async () => {
    const sink = await startSmtpSink();
    const url = sink.url;
    await sink.close();
    const transport = createMailTransport(deliveryConfig({ SMTP_URL: url }));
    await expect(transport.verify()).rejects.toMatchObject({ code: expect.stringMatching(/ESOCKET|ECONNECTION|ECONNREFUSED/) });
    await transport.close();
  });
});

describe("configuration", () => {
  it("explains a bad SMTP_URL, MAIL_FROM or DISPATCH_CRON", () => {
    const attempt = () => deliveryConfig({ SMTP_URL: "mail.example.com", MAIL_FROM: "not an address", DISPATCH_CRON: "every minute" });
    expect(attempt).toThrow(/SMTP_URL: smtp:\/\/user:pass@host:587/);
    expect(attempt).toThrow(/MAIL_FROM: one address/);
    expect(attempt).toThrow(/DISPATCH_CRON: a cron expression/);
  });

  it("has working defaults: outbox, every minute, sending on", () => {
    const config = deliveryConfig();
    expect(config).toMatchObject({
      DISPATCH_ENABLED: true,
      DISPATCH_CRON: "* * * * *",
      OUTBOX_DIR: "var/outbox",
      CUSTOMER_POSTPONE_DAYS: 7,
      CUSTOMER_POSTPONE_MAX: 2,
    });
    expect(config.SMTP_URL).toBeUndefined();
    expect(deliveryConfig({ DISPATCH_CRON: "*/10 * * * * *", DISPATCH_ENABLED: "false" })).toMatchObject({ DISPATCH_ENABLED: false });
  });
});
