/**
 * The PostgreSQL side of Db (./client.ts): a `pg` pool with named prepared statements;
 * timestamps come back as Date, counts as numbers.
 */
import pg from "pg";
import type { Db, Tx } from "./client.ts";
import { postgresDialect } from "./dialect.ts";
import type { SqlQuery } from "./sql.ts";

const TIMESTAMP_OID = 1114;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** timestamp(3) holds UTC; counts (int8) fit a JavaScript number. */
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === TIMESTAMP_OID) return (text: string) => new Date(`${text.replace(" ", "T")}Z`);
    if (oid === INT8_OID || oid === NUMERIC_OID) return (text: string) => Number(text);
    return pg.types.getTypeParser(oid, format as "text");
  },
};

/**
 * Statements are prepared once per connection under a name (pg's named statements), so a
 * repeated statement skips parsing and planning. Names are given to the first few thousand
 * distinct texts only: dynamic texts beyond that run unnamed.
 */
class StatementNames {
  private readonly names = new Map<string, string>();
  for(text: string): string | undefined {
    let name = this.names.get(text);
    if (!name && this.names.size < 1000) {
      name = `ri${this.names.size}`;
      this.names.set(text, name);
    }
    return name;
  }
}

function postgresQuery(names: StatementNames, query: SqlQuery): pg.QueryConfig {
  const { text, values } = query.render(postgresDialect.placeholder);
  return { name: names.for(text), text, values: values.map(postgresDialect.toParam) };
}

export class PostgresDb implements Db {
  readonly kind = "postgresql" as const;
  readonly dialect = postgresDialect;
  private readonly pool: pg.Pool;
  private readonly names = new StatementNames();

  constructor(url: string, poolSize: number) {
    // One pool per process; DATABASE_POOL_SIZE × instances must stay under max_connections.
    this.pool = new pg.Pool({ connectionString: url, max: poolSize, types });
    this.pool.on("error", () => undefined); // an idle client's lost connection: the next query reconnects
  }

  async all<T>(query: SqlQuery): Promise<T[]> {
    return (await this.pool.query(postgresQuery(this.names, query))).rows as T[];
  }
  async one<T>(query: SqlQuery): Promise<T | undefined> {
    return (await this.all<T>(query))[0];
  }
  async run(query: SqlQuery): Promise<number> {
    return (await this.pool.query(postgresQuery(this.names, query))).rowCount ?? 0;
  }

  async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const tx = new PostgresTx(client, this.names);
    let broken = false;
    try {
      await client.query("BEGIN");
      const result = await work(tx);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => (broken = true));
      throw error;
    } finally {
      tx.done = true;
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}

class PostgresTx implements Tx {
  readonly dialect = postgresDialect;
  done = false;
  constructor(
    private readonly client: pg.PoolClient,
    private readonly names: StatementNames,
  ) {}
  async all<T>(query: SqlQuery): Promise<T[]> {
    if (this.done) throw new Error("This transaction has ended; run statements on the database instead.");
    return (await this.client.query(postgresQuery(this.names, query))).rows as T[];
  }
  async one<T>(query: SqlQuery): Promise<T | undefined> {
    return (await this.all<T>(query))[0];
  }
  async run(query: SqlQuery): Promise<number> {
    if (this.done) throw new Error("This transaction has ended; run statements on the database instead.");
    return (await this.client.query(postgresQuery(this.names, query))).rowCount ?? 0;
  }
}
