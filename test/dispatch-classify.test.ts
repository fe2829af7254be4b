/**
 * The failure table: what each kind of send error means for the invitation. Errors are
 * shaped as nodemailer reports them (code, responseCode, response, command).
 */
import { describe, expect, it } from "vitest";
import { classifyFailure, retryDelayMs } from "../web/server/dispatch/classify-failure.ts";

const MINUTE = 60_000;

function smtpError(responseCode: number, response: string, command: string, code = command === "DATA" ? "EMESSAGE" : "EENVELOPE") {
  return Object.assign(new Error(response), { code, responseCode, response, command });
}

function networkError(code: string, originalCode?: string) {
  return Object.assign(new Error(`connection problem ${code}`), { code, ...(originalCode ? { originalCode } : {}), command: "CONN" });
}

describe("classifyFailure", () => {
  const table: [string, unknown, { kind: "temporary" | "permanent"; transport?: boolean; reason: RegExp }][] = [
    ["451 greylisting on RCPT", smtpError(451, "451 4.7.1 Greylisted", "RCPT TO"), { kind: "temporary", transport: false, reason: /try again later: 451 4\.7\.1 Greylisted/ }],
    ["452 mailbox full on DATA", smtpError(452, "452 4.2.2 Mailbox full", "DATA"), { kind: "temporary", transport: false, reason: /452/ }],
    ["421 server closing", smtpError(421, "421 4.3.2 Shutting down", "DATA"), { kind: "temporary", transport: true, reason: /421/ }],
    ["503 bad sequence", smtpError(503, "503 5.5.1 Bad sequence of commands", "RCPT TO"), { kind: "temporary", reason: /503/ }],
    ["550 no such user", smtpError(550, "550 5.1.1 No such user", "RCPT TO"), { kind: "permanent", reason: /^The recipient's mail server refused the address: 550 5\.1\.1 No such user$/ }],
    ["553 bad address", smtpError(553, "553 5.1.3 Invalid address", "RCPT TO"), { kind: "permanent", reason: /refused the address: 553/ }],
    ["554 content rejected", smtpError(554, "554 5.7.1 Message rejected as spam", "DATA"), { kind: "permanent", reason: /^The mail server refused the message: 554/ }],
    ["550 on MAIL FROM (our sender)", smtpError(550, "550 5.7.1 Sender not allowed", "MAIL FROM"), { kind: "temporary", transport: true, reason: /sender address \(MAIL_FROM\)/ }],
    ["554 greeting (blocked)", smtpError(554, "554 No SMTP service here", "CONN", "EPROTOCOL"), { kind: "temporary", transport: true, reason: /refused the connection/ }],
    ["535 login refused", Object.assign(new Error("Invalid login"), { code: "EAUTH", responseCode: 535, command: "AUTH PLAIN" }), { kind: "temporary", transport: true, reason: /credentials.*SMTP_URL/ }],
    ["connection refused", networkError("ESOCKET", "ECONNREFUSED"), { kind: "temporary", transport: true, reason: /refused the connection/ }],
    ["bare ECONNREFUSED", networkError("ECONNREFUSED"), { kind: "temporary", transport: true, reason: /refused the connection/ }],
    ["timeout", networkError("ETIMEDOUT"), { kind: "temporary", transport: true, reason: /did not answer in time/ }],
    ["socket error", networkError("ESOCKET"), { kind: "temporary", transport: true, reason: /connection to the mail server failed/ }],
    ["connection closed", networkError("ECONNECTION"), { kind: "temporary", transport: true, reason: /closed unexpectedly/ }],
    ["DNS", networkError("EDNS", "ENOTFOUND"), { kind: "temporary", transport: true, reason: /host name could not be resolved/ }],
    ["aborted at lease end", Object.assign(new Error("Message sending aborted"), { code: "EABORT" }), { kind: "temporary", transport: true, reason: /took too long/ }],
    ["invalid address, no reply", Object.assign(new Error('Invalid recipient "not an address"'), { code: "EENVELOPE", command: "API" }), { kind: "permanent", reason: /email address cannot be used: Invalid recipient/ }],
    ["message refused locally", Object.assign(new Error("Message size larger than allowed 1000"), { code: "EMESSAGE", command: "MAIL FROM" }), { kind: "permanent", reason: /cannot be sent: Message size/ }],
    ["outbox not writable", Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" }), { kind: "temporary", transport: true, reason: /outbox folder is not writable/ }],
    ["unknown error", new Error("something odd"), { kind: "temporary", transport: false, reason: /^Sending failed: something odd$/ }],
    ["not even an Error", "weird", { kind: "temporary", transport: false, reason: /unknown error/ }],
  ];

  it.each(table)("%s", (_name, error, expected) => {
    const result = classifyFailure(error);
    expect(result.kind).toBe(expected.kind);
    expect(result.reason).toMatch(expected.reason);
    if (expected.transport !== undefined && result.kind === "temporary") expect(result.transport).toBe(expected.transport);
  });

  it("keeps long server replies readable", () => {
    const result = classifyFailure(smtpError(550, `550 ${"x".repeat(1000)}`, "RCPT TO"));
    expect(result.reason.length).toBeLessThan(400);
    expect(result.reason.endsWith("…")).toBe(true);
  });
});

describe("retry delays", () => {
  it("double from one minute and stop growing at six hours", () => {
    expect([1, 2, 3, 4, 5].map(retryDelayMs)).toEqual([1, 2, 4, 8, 16].map((m) => m * MINUTE));
    expect(retryDelayMs(20)).toBe(6 * 60 * MINUTE);
    expect(retryDelayMs(1000)).toBe(6 * 60 * MINUTE);
  });
});
