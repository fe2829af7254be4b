/**
 * Prisma's generated client over the same database file or server as the app, for tests to
 * seed rows and read what the app stored (`db.invitation.findMany(…)`). The app itself never
 * loads Prisma (web/server/db/client.ts); tests keep its model API because it states
 * expectations compactly and independently of the SQL under test.
 */
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../generated/prisma/client.ts";
import { PrismaClient as PostgresPrismaClient } from "../../generated/prisma-pg/client.ts";
import { databaseKind, type Db } from "../../web/server/db/client.ts";

export type Inspector = PrismaClient;

const BUSY_TIMEOUT_MS = 5000;
type LibSqlClient = ReturnType<PrismaLibSQL["createClient"]>;

/**
 * @libsql/client opens a fresh connection after each interactive transaction, without the
 * busy timeout; restore it, and begin write transactions at once, so seeding while the app
 * writes waits instead of failing with SQLITE_BUSY.
 */
class WaitingLibSQL extends PrismaLibSQL {
  override createClient(config: Parameters<PrismaLibSQL["createClient"]>[0]): LibSqlClient {
    const client = super.createClient(config);
    const begin = client.transaction.bind(client);
    client.transaction = async (mode?: "write" | "read" | "deferred") => {
      const tx = await begin(mode === "deferred" || mode === undefined ? "write" : mode);
      await client.execute(`PRAGMA busy_timeout=${BUSY_TIMEOUT_MS}`);
      return tx;
    };
    return client;
  }
}

export async function openInspector(url: string): Promise<Inspector> {
  if (databaseKind(url) === "postgresql") {
    return new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 2 }) }) as unknown as Inspector;
  }
  const prisma = new PrismaClient({ adapter: new WaitingLibSQL({ url }) });
  await prisma.$queryRawUnsafe(`PRAGMA busy_timeout=${BUSY_TIMEOUT_MS}`);
  return prisma;
}

/**
 * The handle tests hold: the app's own database (`all`, `one`, `run`, `transaction`, what
 * the app is given) that also answers Prisma's model API for seeding and inspection.
 */
export type TestDb = Db & Inspector;

export function withInspector(db: Db, prisma: Inspector): TestDb {
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop in target) return Reflect.get(target, prop, receiver);
      return Reflect.get(prisma, prop);
    },
  }) as TestDb;
}
