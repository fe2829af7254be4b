/**
 * The local SMTP sink both sides of the dispatch benchmark send to: accepts and counts every
 * message, parses nothing. In its own process, so neither side pays for it on its own event
 * loop. Tells its parent its port over IPC, and answers "count" with how many it received.
 */
import { SMTPServer } from "smtp-server";

let received = 0;
const sink = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  maxClients: 200,
  onData(stream, _session, callback) {
    stream.on("data", () => undefined);
    stream.on("end", () => {
      received++;
      callback();
    });
  },
});
process.on("message", (message) => {
  if (message === "count") process.send?.({ count: received });
});
process.on("disconnect", () => process.exit(0));
sink.listen(0, "127.0.0.1", () => {
  process.send?.({ port: (sink.server.address() as { port: number }).port });
});
