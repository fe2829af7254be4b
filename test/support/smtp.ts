/**
 * A real SMTP server (smtp-server) in the test process, the way nodemailer's own tests do
 * it: it accepts and keeps what it receives, and its callbacks can be told to reject with a
 * reply code (451, 550 …), hang, or drop the connection; the server can be stopped and
 * started again on the same port to play an outage.
 */
import type { Socket } from "node:net";
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from "smtp-server";

export interface ReceivedMessage {
  from: string;
  to: string[];
  raw: string;
  headers: Map<string, string>;
  subject: string;
  messageId: string;
  text: string;
  html: string;
}

/** What the server does at a step: accept, refuse with a reply, never answer, or hang up. */
export type Reaction =
  | { kind: "accept" }
  | { kind: "reject"; code: number; message: string }
  | { kind: "hang" }
  | { kind: "drop" }
  /** Answers (accepts) only after `ms`: a slow server. */
  | { kind: "delay"; ms: number };

export interface SmtpSink {
  readonly port: number;
  /** smtp://127.0.0.1:port */
  readonly url: string;
  readonly messages: ReceivedMessage[];
  /** Decide per recipient (RCPT TO); default accept. */
  onRecipient: (address: string) => Reaction;
  /** Decide per message after DATA; default accept. */
  onMessage: (message: ReceivedMessage) => Reaction;
  /** Connections currently open (to check nothing is left hanging). */
  openConnections(): number;
  /** An outage: closes the listener and every connection. */
  stop(): Promise<void>;
  /** Back on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
  /** Waits until `count` messages arrived (fails the test after timeoutMs). */
  waitForMessages(count: number, timeoutMs?: number): Promise<void>;
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

export async function startSmtpSink(options: { port?: number } = {}): Promise<SmtpSink> {
  const messages: ReceivedMessage[] = [];
  const sockets = new Set<Socket>();
  let server: SMTPServer | null = null;
  let port = options.port ?? 0;

  const sink: SmtpSink = {
    get port() {
      return port;
    },
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    messages,
    onRecipient: () => ({ kind: "accept" }),
    onMessage: () => ({ kind: "accept" }),
    openConnections: () => sockets.size,
    async stop() {
      const current = server;
      server = null;
      if (!current) return;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => current.close(() => resolve()));
    },
    async start() {
      if (server) return;
      server = create();
      await new Promise<void>((resolve, reject) => {
        server!.once("error", reject);
        server!.listen(port, "127.0.0.1", () => resolve());
      });
      port = (server.server.address() as { port: number }).port;
    },
    async close() {
      await sink.stop();
    },
    async waitForMessages(count, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > until) throw new Error(`expected ${count} messages at the SMTP sink, got ${messages.length}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };

  function react(reaction: Reaction, callback: (err?: Error | null) => void): void {
    switch (reaction.kind) {
      case "accept":
        callback();
        return;
      case "reject":
        callback(smtpError(reaction.code, reaction.message));
        return;
      case "hang":
        return; // never answers; the client's timeout has to notice
      case "delay":
        setTimeout(() => callback(), reaction.ms);
        return;
      case "drop":
        // Hangs up on every client mid-conversation, as a crashing relay would.
        for (const socket of sockets) socket.destroy();
        return;
    }
  }

  function create(): SMTPServer {
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      closeTimeout: 100,
      size: 10 * 1024 * 1024,
      onRcptTo(address: SMTPServerAddress, _session, callback) {
        react(sink.onRecipient(address.address), callback);
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          const message = parseMessage(Buffer.concat(chunks).toString("utf8"), session);
          const reaction = sink.onMessage(message);
          if (reaction.kind === "accept" || reaction.kind === "delay") messages.push(message);
          react(reaction, callback);
        });
      },
    });
    smtp.server.on("connection", (socket: Socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    return smtp;
  }

  await sink.start();
  return sink;
}

// --- a small MIME reader: enough for what nodemailer writes -----------------------------

function decodeQuotedPrintable(text: string): string {
  // Quoted-printable text is ASCII; each =XX is one byte of the UTF-8 original.
  const bytes = text.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

function decodeEncodedWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([BQ])\?([^?]*)\?=/gi, (_m, _charset, encoding: string, data: string) =>
      encoding.toUpperCase() === "B"
        ? Buffer.from(data, "base64").toString("utf8")
        : decodeQuotedPrintable(data.replace(/_/g, " ")),
    );
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  const unfolded = block.replace(/\r?\n[ \t]+/g, " ");
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

interface Part {
  headers: Map<string, string>;
  body: string;
}

function splitPart(raw: string): Part {
  const match = /\r?\n\r?\n/.exec(raw);
  if (!match) return { headers: parseHeaders(raw), body: "" };
  return { headers: parseHeaders(raw.slice(0, match.index)), body: raw.slice(match.index + match[0].length) };
}

function decodeBody(part: Part): string {
  const encoding = (part.headers.get("content-transfer-encoding") ?? "7bit").toLowerCase();
  if (encoding === "quoted-printable") return decodeQuotedPrintable(part.body);
  if (encoding === "base64") return Buffer.from(part.body.replace(/\s+/g, ""), "base64").toString("utf8");
  return part.body;
}

function leaves(part: Part): Part[] {
  const type = part.headers.get("content-type") ?? "text/plain";
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!/^multipart\//i.test(type) || !boundary) return [part];
  const sections = part.body.split(`--${boundary}`).slice(1);
  return sections
    .filter((section) => !section.startsWith("--"))
    .flatMap((section) => leaves(splitPart(section.replace(/^\r?\n/, ""))));
}

export function parseMessage(raw: string, session?: SMTPServerSession): ReceivedMessage {
  const root = splitPart(raw);
  let text = "";
  let html = "";
  for (const leaf of leaves(root)) {
    const type = (leaf.headers.get("content-type") ?? "text/plain").toLowerCase();
    if (type.startsWith("text/plain") && !text) text = decodeBody(leaf);
    if (type.startsWith("text/html") && !html) html = decodeBody(leaf);
  }
  return {
    from: session?.envelope.mailFrom ? session.envelope.mailFrom.address : "",
    to: session ? session.envelope.rcptTo.map((r) => r.address) : [],
    raw,
    headers: root.headers,
    subject: decodeEncodedWords(root.headers.get("subject") ?? ""),
    messageId: root.headers.get("message-id") ?? "",
    text,
    html,
  };
}
