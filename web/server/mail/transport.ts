/**
 * Where emails go. With SMTP_URL: a pooled nodemailer SMTP transport with a rate limit.
 * Without it: `.eml` files in OUTBOX_DIR, so the app runs out of the box and a developer
 * can open exactly what would have been sent. Both look the same to the dispatcher.
 */
import { mkdir, rename, writeFile, access } from "node:fs/promises";
import { constants as fsConstants } from "node:fs";
import path from "node:path";
import nodemailer from "nodemailer";
import type { OutgoingEmail } from "./message.ts";

export interface SendResult {
  messageId: string;
  /** The server's reply ("250 OK …") or where the file went. */
  response: string;
}

export interface MailTransport {
  /** For logs and the CLI: never contains credentials. */
  readonly description: string;
  /** Messages per second the transport lets through; 0 means no limit. */
  readonly ratePerSecond: number;
  /** Throws when the transport cannot send right now (server down, outbox not writable). */
  verify(): Promise<void>;
  send(email: OutgoingEmail, options?: { signal?: AbortSignal }): Promise<SendResult>;
  /** Lets in-flight messages finish, then closes connections. */
  close(): Promise<void>;
}

export interface TransportConfig {
  SMTP_URL?: string | undefined;
  SMTP_RATE_PER_SECOND: number;
  SMTP_MAX_CONNECTIONS: number;
  OUTBOX_DIR: string;
}

export function createMailTransport(config: TransportConfig): MailTransport {
  return config.SMTP_URL
    ? createSmtpTransport({
        url: config.SMTP_URL,
        ratePerSecond: config.SMTP_RATE_PER_SECOND,
        maxConnections: config.SMTP_MAX_CONNECTIONS,
      })
    : createOutboxTransport(config.OUTBOX_DIR);
}

/** "smtps://user:secret@mail.example.com:465" → "smtps://mail.example.com:465". */
export function describeSmtpUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const port = parsed.port || (parsed.protocol === "smtps:" ? "465" : "587");
    return `${parsed.protocol}//${parsed.hostname}:${port}`;
  } catch {
    return "smtp (unparseable URL)";
  }
}

export interface SmtpOptions {
  url: string;
  ratePerSecond?: number;
  maxConnections?: number;
  /** Milliseconds; defaults suit a real relay. Tests shorten them. */
  connectionTimeout?: number;
  greetingTimeout?: number;
  socketTimeout?: number;
}

function toSendOptions(email: OutgoingEmail) {
  return {
    from: email.from,
    to: email.to,
    ...(email.replyTo ? { replyTo: email.replyTo } : {}),
    subject: email.subject,
    html: email.html,
    text: email.text,
    messageId: email.messageId,
    headers: email.headers,
    ...(email.envelope ? { envelope: email.envelope } : {}),
    ...(email.dkim ? { dkim: email.dkim } : {}),
  };
}

export function createSmtpTransport(options: SmtpOptions): MailTransport {
  const rate = options.ratePerSecond ?? 0;
  const pool = nodemailer.createTransport({
    pool: true,
    url: options.url,
    maxConnections: options.maxConnections ?? 5,
    maxMessages: 1000,
    ...(rate > 0 ? rateWindow(rate) : {}),
    // Short enough that a dead server frees the lease long before it expires.
    connectionTimeout: options.connectionTimeout ?? 10_000,
    greetingTimeout: options.greetingTimeout ?? 10_000,
    socketTimeout: options.socketTimeout ?? 60_000,
    logger: false,
    debug: false,
  });
  return {
    description: `${describeSmtpUrl(options.url)} (pooled, ${options.maxConnections ?? 5} connections${rate > 0 ? `, ${rate}/s` : ""})`,
    ratePerSecond: rate,
    async verify() {
      await pool.verify();
    },
    async send(email, sendOptions) {
      const info = await pool.sendMail({ ...toSendOptions(email), ...(sendOptions?.signal ? { signal: sendOptions.signal } : {}) });
      return { messageId: info.messageId ?? email.messageId, response: String(info.response ?? "") };
    },
    async close() {
      pool.close();
    },
  };
}

/** nodemailer counts messages per window: fractional rates become a longer window. */
function rateWindow(perSecond: number): { rateLimit: number; rateDelta: number } {
  if (perSecond >= 1) return { rateLimit: Math.floor(perSecond), rateDelta: 1000 };
  return { rateLimit: 1, rateDelta: Math.round(1000 / perSecond) };
}

/** A file name from the Message-ID: the same invitation always lands in the same file. */
export function outboxFileName(messageId: string): string {
  return `${messageId.replace(/^<|>$/g, "").replace(/[^A-Za-z0-9@._-]/g, "_")}.eml`;
}

export function createOutboxTransport(dir: string): MailTransport {
  const compose = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  const target = path.resolve(dir);
  return {
    description: `outbox ${target} (no SMTP_URL set: .eml files, nothing is sent)`,
    ratePerSecond: 0,
    async verify() {
      await mkdir(target, { recursive: true });
      await access(target, fsConstants.W_OK);
    },
    async send(email) {
      const info = await compose.sendMail(toSendOptions(email));
      await mkdir(target, { recursive: true });
      const file = path.join(target, outboxFileName(email.messageId));
      // Written whole or not at all: a reader never sees half a message.
      const partial = `${file}.${process.pid}.partial`;
      await writeFile(partial, info.message as Buffer);
      await rename(partial, file);
      return { messageId: email.messageId, response: `written to ${file}` };
    },
    async close() {
      compose.close();
    },
  };
}
