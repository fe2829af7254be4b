/**
 * Operator command.
 *
 *   npm run dispatch -- --once   one pass now; prints what it did (exit 1 if mail could not go out)
 *   npm run dispatch             a dispatcher process on DISPATCH_CRON until SIGTERM (for running
 *                                sending apart from the web instances, which then set
 *                                DISPATCH_ENABLED=false)
 */
import { ConfigError, loadConfig, type Config } from "../config/config.ts";
import { openDatabase } from "../db/client.ts";
import { applyMigrations } from "../db/migrate.ts";
import { createLogger } from "../logger.ts";
import { createMailTransport } from "../mail/transport.ts";
import { createMetrics } from "../metrics/metrics.ts";
import { serveOps } from "../metrics/routes.ts";
import { runOnce, type PassSummary } from "./run-once.ts";
import { startDispatcher } from "./scheduler.ts";
import { createShopProductCatalog } from "../shopify-admin/product-details.ts";

const USAGE = `Usage: npm run dispatch -- [--once]
  --once   run one dispatch pass now, print what it did, and exit
  (none)   keep dispatching on DISPATCH_CRON until stopped (SIGTERM / Ctrl-C)`;

export function describePass(summary: PassSummary, transport: string): string {
  const lines = [
    `Dispatch pass via ${transport}`,
    `  sent:               ${summary.sent}`,
    `  retry scheduled:    ${summary.retried}`,
    `  failed:             ${summary.failed}`,
    `  suppressed:         ${summary.suppressed}`,
    `  claimed:            ${summary.claimed} in ${summary.batches} batch${summary.batches === 1 ? "" : "es"}`,
  ];
  if (summary.reminded > 0) lines.push(`  reminders sent:     ${summary.reminded}`);
  if (summary.leasesExpired > 0) lines.push(`  leases expired:     ${summary.leasesExpired} (back in the queue)`);
  if (summary.fallbackCreated > 0) lines.push(`  fallback created:   ${summary.fallbackCreated} (delivered trigger)`);
  if (summary.transportProblem) lines.push(`  mail problem:       ${summary.transportProblem}`);
  if (summary.claimed === 0 && !summary.transportProblem) lines.push("  nothing was due.");
  return lines.join("\n");
}

export async function main(
  argv: string[],
  options: { config?: Config; write?: (text: string) => void; migrate?: boolean } = {},
): Promise<number> {
  const write = options.write ?? ((text: string) => process.stdout.write(`${text}\n`));
  if (argv.includes("--help") || argv.includes("-h")) {
    write(USAGE);
    return 0;
  }
  const unknown = argv.filter((arg) => arg !== "--once");
  if (unknown.length > 0) {
    write(`Unknown option: ${unknown.join(" ")}\n${USAGE}`);
    return 2;
  }
  const config = options.config ?? loadConfig();
  if (options.migrate ?? true) await applyMigrations(config.DATABASE_URL);
  const db = await openDatabase(config.DATABASE_URL, { poolSize: config.DATABASE_POOL_SIZE });
  const logger = createLogger(config.LOG_LEVEL);
  const productCatalog = createShopProductCatalog({ config, db, logger });

  if (argv.includes("--once")) {
    const transport = createMailTransport(config);
    try {
      const summary = await runOnce({ db, transport, config, logger, productCatalog });
      write(describePass(summary, transport.description));
      return summary.transportProblem ? 1 : 0;
    } finally {
      await transport.close();
      await db.close();
    }
  }

  const metrics = config.METRICS_TOKEN ? createMetrics({ db, logger }) : undefined;
  const dispatcher = startDispatcher({ db, config, logger, metrics, productCatalog });
  // A worker always sends: its readiness includes the SMTP server, whatever DISPATCH_ENABLED says.
  const ops = config.WORKER_PORT
    ? await serveOps({ db, config: { ...config, DISPATCH_ENABLED: true }, metrics, logger, port: config.WORKER_PORT, host: config.HOST })
    : null;
  write(`Dispatching on "${config.DISPATCH_CRON}" via ${dispatcher.transport.description}. Stop with Ctrl-C.`);
  if (ops) write(`Health, readiness${metrics ? " and metrics" : ""} on port ${config.WORKER_PORT}.`);
  await new Promise<void>((resolve) => {
    const stop = () => void dispatcher.stop().then(resolve);
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });
  if (ops) {
    ops.closeAllConnections();
    await new Promise((resolve) => ops.close(resolve));
  }
  await db.close();
  return 0;
}

const isEntryPoint = import.meta.url === `file://${process.argv[1]}`;
if (isEntryPoint) {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exitCode = 1;
    } else {
      throw error;
    }
  }
}
