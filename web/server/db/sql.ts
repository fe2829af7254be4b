/**
 * SQL text with its parameters, written as a tagged template:
 *
 *   sql`SELECT "id" FROM "Invitation" WHERE "shop" = ${shop} AND ${filter}`
 *
 * Every `${value}` becomes a bound parameter; a nested `sql` fragment is spliced in with its
 * own parameters. Nothing is ever concatenated into the text except fragments and
 * `sql.identifier`, so a value can never become SQL. The placeholder syntax (`?` or `$1`) is
 * the dialect's business: the text is rendered when the query runs (web/server/db/client.ts).
 */
export class SqlQuery {
  constructor(
    /** Text parts; `values[i]` goes between `parts[i]` and `parts[i + 1]`. */
    readonly parts: readonly string[],
    readonly values: readonly unknown[],
  ) {}

  /** The text with `placeholder(n)` (1-based) for each parameter, and the parameters. */
  render(placeholder: (n: number) => string): { text: string; values: unknown[] } {
    let text = this.parts[0]!;
    for (let i = 0; i < this.values.length; i++) text += placeholder(i + 1) + this.parts[i + 1]!;
    return { text, values: this.values as unknown[] };
  }
}

export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlQuery {
  const parts: string[] = [strings[0]!];
  const params: unknown[] = [];
  values.forEach((value, i) => {
    if (value instanceof SqlQuery) {
      parts[parts.length - 1] += value.parts[0]!;
      for (let j = 0; j < value.values.length; j++) {
        params.push(value.values[j]);
        parts.push(value.parts[j + 1]!);
      }
      parts[parts.length - 1] += strings[i + 1]!;
    } else {
      params.push(value);
      parts.push(strings[i + 1]!);
    }
  });
  return new SqlQuery(parts, params);
}

/** Fragments (or values) separated by `separator`: `IN (${sql.join(ids)})`. */
sql.join = function join(items: readonly unknown[], separator = ", "): SqlQuery {
  if (items.length === 0) throw new Error("sql.join needs at least one item");
  const strings = Object.assign(["", ...items.slice(1).map(() => separator), ""], { raw: [] as string[] });
  return sql(strings as unknown as TemplateStringsArray, ...items);
};

/** Trusted SQL text from the code itself (never from input): an identifier, a keyword. */
sql.raw = function raw(text: string): SqlQuery {
  return new SqlQuery([text], []);
};

/** Nothing: for an optional clause, `${cond ? sql`AND …` : sql.empty}`. */
sql.empty = new SqlQuery([""], []);
