/**
 * The bounce listener (issue 19): an SMTP server the app runs when BOUNCE_SMTP_PORT is set,
 * the MX of BOUNCE_DOMAIN. It takes mail for that domain only, reads the delivery status
 * notifications and feedback reports in it (parse-reports.ts) and applies them
 * (receive.ts). A forged VERP address is refused at RCPT TO, before any data is taken.
 *
 * Mail is answered 250 only after its reports are stored; a database failure answers 451,
 * so the sending server keeps the report and tries again later.
 */
import { SMTPServer, type SMTPServerAddress } from "smtp-server";
import type { Db } from "../db/client.ts";
import type { Logger } from "../logger.ts";
import { parseReportMessage } from "./parse-reports.ts";
import { receiveReports } from "./receive.ts";
import { bounceTokenKeys, tokenOfAddress, verifyBounceToken } from "./verp.ts";

export interface BounceListenerConfig {
  SHOPIFY_API_SECRET: string;
  SHOPIFY_API_SECRET_PREVIOUS?: string | undefined;
  BOUNCE_DOMAIN?: string | undefined;
  BOUNCE_SMTP_PORT?: number | undefined;
  BOUNCE_SMTP_HOST: string;
}

export interface BounceListener {
  readonly port: number;
  close(): Promise<void>;
}

/** Reports are small; a whole original message with attachments is not needed. */
const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

export async function startBounceListener(deps: {
  db: Db;
  config: BounceListenerConfig;
  logger?: Logger;
  clock?: () => Date;
  /** Overrides BOUNCE_SMTP_PORT (tests: 0 for any free port). */
  port?: number;
}): Promise<BounceListener> {
  const { config } = deps;
  const domain = config.BOUNCE_DOMAIN?.toLowerCase();
  if (!domain) throw new Error("BOUNCE_DOMAIN is required for the bounce listener");
  const tokenKeys = bounceTokenKeys(config);

  const server = new SMTPServer({
    name: domain,
    banner: "bounce and feedback-report intake",
    // Reports arrive from any mail server on the Internet, which does not log in. TLS is
    // left to a proxy in front when wanted: senders fall back to plain SMTP without it.
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const at = address.address.lastIndexOf("@");
      if (at < 0 || address.address.slice(at + 1).toLowerCase() !== domain) {
        callback(smtpError(550, "5.7.1 This server accepts mail only for its bounce domain"));
        return;
      }
      const token = tokenOfAddress(address.address, domain);
      if (token !== null && verifyBounceToken(tokenKeys, token) === null) {
        deps.logger?.warn({ rcpt: "bounces+…" }, "bounce to a forged or unknown VERP address refused");
        callback(smtpError(550, "5.1.1 No such bounce address"));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          callback(smtpError(552, "5.3.4 Message too big for a report"));
          return;
        }
        const recipients = session.envelope.rcptTo.map((r) => r.address);
        parseReportMessage(Buffer.concat(chunks), recipients)
          .then((reports) => receiveReports({ db: deps.db, tokenKeys, logger: deps.logger, clock: deps.clock }, reports, "smtp"))
          .then(() => callback())
          .catch((error: unknown) => {
            deps.logger?.error({ err: error }, "storing a delivery report failed; the sender will retry");
            callback(smtpError(451, "4.3.0 Could not store the report now; try again later"));
          });
      });
    },
  });

  const port = deps.port ?? config.BOUNCE_SMTP_PORT ?? 25;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, config.BOUNCE_SMTP_HOST, () => resolve());
  });
  server.on("error", (error: Error) => deps.logger?.error({ err: error }, "bounce listener error"));
  const bound = (server.server.address() as { port: number }).port;
  deps.logger?.info({ port: bound, domain }, "bounce listener started");
  return {
    port: bound,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
