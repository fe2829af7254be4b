/**
 * One app instance in its own process, as an operator runs it: the real server (createApp)
 * with its dispatcher on a one-second schedule. Tells its parent when it listens.
 * Usage: node --import tsx app-instance.ts <DATABASE_URL> <SMTP_URL> <PORT>
 */
import { createApp } from "../../web/server/app.ts";
import { openDatabase } from "../../web/server/db/client.ts";
import { createLogger } from "../../web/server/logger.ts";
import { startDispatcher } from "../../web/server/dispatch/scheduler.ts";
import { createShopify } from "../../web/server/shopify.ts";
import { testConfig } from "./shopify.ts";

const [databaseUrl, smtpUrl, port] = process.argv.slice(2);
const config = testConfig({
  DATABASE_URL: databaseUrl!,
  SMTP_URL: smtpUrl!,
  DISPATCH_CRON: "* * * * * *",
  DISPATCH_BATCH_SIZE: "50",
  MAIL_FROM: "Reviews <reviews@reviews.example.test>",
});
const db = await openDatabase(config.DATABASE_URL, { poolSize: 5 });
const logger = createLogger("error");
const app = createApp({ config, db, shopify: createShopify(config), logger });
const dispatcher = startDispatcher({ db, config, logger });
const server = app.listen(Number(port), "127.0.0.1", () => process.send?.("ready"));

process.on("SIGTERM", async () => {
  server.close();
  await dispatcher.stop();
  await db.close();
  process.exit(0);
});
