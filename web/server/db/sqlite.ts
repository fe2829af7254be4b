/**
 * The SQLite side of Db (./client.ts): the synchronous `libsql` driver, a statement cache,
 * and group commit (concurrent transactions each run in a SAVEPOINT of one shared
 * transaction that commits once).
 */
import LibSql from "libsql";
import type { Db, Tx } from "./client.ts";
import { sqliteDialect } from "./dialect.ts";
import { BOOLEAN_COLUMNS, DATE_COLUMNS } from "./schema.ts";
import { sql, type SqlQuery } from "./sql.ts";

const BUSY_TIMEOUT_MS = 5000;

interface Statement {
  readonly reader: boolean;
  all(...params: unknown[]): Record<string, unknown>[];
  run(...params: unknown[]): { changes: number };
}

/** A prepared statement, and whether it returns rows (asked once: the driver asks SQLite each time). */
interface Prepared {
  statement: Statement;
  reader: boolean;
}

function fromSqliteRow(row: Record<string, unknown>): Record<string, unknown> {
  for (const key in row) {
    const value = row[key];
    if (value === null) continue;
    if (typeof value === "string" && DATE_COLUMNS.has(key)) row[key] = new Date(value);
    else if (typeof value === "number" && BOOLEAN_COLUMNS.has(key)) row[key] = value !== 0;
  }
  return row;
}

/**
 * One connection per process. The driver is synchronous: a statement runs to completion on
 * this thread (well under a millisecond), so the async interface costs no context switch. A transaction
 * holds the connection across awaits, so anything else waits for it (a FIFO lock) rather
 * than running inside it. Other processes are kept out by SQLite's own write lock
 * (busy_timeout); WAL lets them read meanwhile. synchronous=FULL: a 200 to Shopify means the
 * delivery is on disk.
 */
export class SqliteDb implements Db {
  readonly kind = "sqlite" as const;
  readonly dialect = sqliteDialect;
  private readonly connection: InstanceType<typeof LibSql>;
  private readonly statements = new Map<string, Prepared>();
  private queue: Promise<void> = Promise.resolve();
  private waiting = 0;
  private closed = false;

  constructor(url: string) {
    const file = url.slice("file:".length).split("?")[0]!;
    this.connection = new LibSql(file);
    // cache_size: 32 MB of pages instead of SQLite's 2 MB default. The summary's counts of a
    // shop with 1M invitations read ~14k scattered index entries and rows; with the default
    // cache every call read them again from the OS (docs/performance.md, "Figures behind the code").
    this.connection.exec(
      `PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=${BUSY_TIMEOUT_MS}; PRAGMA foreign_keys=ON; PRAGMA cache_size=-32000`,
    );
  }

  private prepared(text: string): Prepared {
    let prepared = this.statements.get(text);
    if (!prepared) {
      const statement = this.connection.prepare(text) as unknown as Statement;
      prepared = { statement, reader: statement.reader };
      // Dynamic texts (IN lists of varying length) must not grow the cache without bound.
      if (this.statements.size > 2000) this.statements.clear();
      this.statements.set(text, prepared);
    }
    return prepared;
  }

  /**
   * Runs one statement now, on whoever holds the connection: "all" rows, the first row
   * ("one"), or "run" for the number of rows changed. Not the driver's `get()`: libsql 0.5
   * answers it with no row after an `all()` of the same statement found none, and adds a
   * `_metadata` key to the row.
   */
  execute(query: SqlQuery, mode: "all"): Record<string, unknown>[];
  execute(query: SqlQuery, mode: "one"): Record<string, unknown> | undefined;
  execute(query: SqlQuery, mode: "run"): number;
  execute(query: SqlQuery, mode: "all" | "one" | "run"): Record<string, unknown>[] | Record<string, unknown> | number | undefined {
    if (this.closed) throw new Error("The database connection is closed.");
    const { text, values } = query.render(sqliteDialect.placeholder);
    const { statement, reader } = this.prepared(text);
    const params = values.map(sqliteDialect.toParam);
    if (!reader) {
      const changes = statement.run(...params).changes;
      return mode === "run" ? changes : mode === "one" ? undefined : [];
    }
    const rows = statement.all(...params);
    for (const row of rows) fromSqliteRow(row);
    return mode === "run" ? 0 : mode === "one" ? rows[0] : rows;
  }

  /** Waits for the transactions ahead, then holds the connection until `release()`. */
  private async acquire(): Promise<() => void> {
    let release!: () => void;
    const previous = this.queue;
    this.queue = new Promise<void>((resolve) => (release = resolve));
    this.waiting++;
    await previous;
    this.waiting--;
    return release;
  }

  private async outside<T>(run: () => T): Promise<T> {
    if (this.waiting === 0 && !this.inTransaction) return run();
    const release = await this.acquire();
    try {
      return run();
    } finally {
      release();
    }
  }

  private inTransaction = false;

  all<T>(query: SqlQuery): Promise<T[]> {
    return this.outside(() => this.execute(query, "all") as T[]);
  }
  one<T>(query: SqlQuery): Promise<T | undefined> {
    return this.outside(() => this.execute(query, "one") as T | undefined);
  }
  run(query: SqlQuery): Promise<number> {
    return this.outside(() => this.execute(query, "run"));
  }

  /**
   * Group commit: transactions asked for while another batch is being written are run
   * together, each inside its own SAVEPOINT (so each commits or rolls back as a whole, exactly
   * as alone), and committed with one COMMIT: one fsync for the batch instead of one each.
   * Every caller is answered only after that COMMIT. Under load this is what lets the webhook
   * intake keep synchronous=FULL (see docs/performance.md).
   */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve, reject } as PendingTransaction);
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private pending: PendingTransaction[] = [];
  private flushScheduled = false;

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const release = await this.acquire();
    const batch = this.pending.splice(0, MAX_GROUP);
    if (this.pending.length > 0 && !this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => void this.flush());
    }
    if (batch.length === 0) return release();
    this.inTransaction = true;
    const done: { item: PendingTransaction; result: unknown }[] = [];
    try {
      this.execute(beginSqlite, "run");
    } catch (error) {
      this.inTransaction = false;
      release();
      for (const item of batch) item.reject(error);
      return;
    }
    let broken: unknown = null;
    for (const item of batch) {
      if (broken) {
        item.reject(broken);
        continue;
      }
      const tx = new SqliteTx(this);
      try {
        this.execute(savepoint, "run");
        const result = await item.work(tx);
        tx.done = true;
        this.execute(releaseSavepoint, "run");
        done.push({ item, result });
      } catch (error) {
        tx.done = true;
        try {
          this.execute(rollbackToSavepoint, "run");
          this.execute(releaseSavepoint, "run");
        } catch (fatal) {
          broken = fatal; // the transaction itself is gone: nothing of this batch is kept
        }
        item.reject(error);
      }
    }
    try {
      if (broken) throw broken;
      this.execute(commit, "run");
      for (const { item, result } of done) item.resolve(result);
    } catch (error) {
      try {
        this.execute(rollback, "run");
      } catch {
        // the connection is gone; nothing was committed
      }
      for (const { item } of done) item.reject(error);
    } finally {
      this.inTransaction = false;
      release();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.connection.close();
  }
}

/** At most this many transactions share one COMMIT (bounds the wait of the first). */
const MAX_GROUP = 64;

interface PendingTransaction {
  work: (tx: Tx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const beginSqlite = sql.raw(sqliteDialect.begin);
const savepoint = sql.raw("SAVEPOINT grouped");
const releaseSavepoint = sql.raw("RELEASE grouped");
const rollbackToSavepoint = sql.raw("ROLLBACK TO grouped");
const commit = sql.raw("COMMIT");
const rollback = sql.raw("ROLLBACK");

class SqliteTx implements Tx {
  readonly dialect = sqliteDialect;
  done = false;
  constructor(private readonly db: SqliteDb) {}
  private check() {
    if (this.done) throw new Error("This transaction has ended; run statements on the database instead.");
  }
  async all<T>(query: SqlQuery): Promise<T[]> {
    this.check();
    return this.db.execute(query, "all") as T[];
  }
  async one<T>(query: SqlQuery): Promise<T | undefined> {
    this.check();
    return this.db.execute(query, "one") as T | undefined;
  }
  async run(query: SqlQuery): Promise<number> {
    this.check();
    return this.db.execute(query, "run");
  }
}
