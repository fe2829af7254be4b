/**
 * PostgreSQL uses the same data model as SQLite: prisma/postgresql/schema.prisma is
 * derived from prisma/schema.prisma by this one transformation, never edited by hand.
 * (Prisma ties a schema file to one provider, so two files are unavoidable; deriving one
 * from the other keeps them from drifting. test/schema-drift.test.ts checks it.)
 */
export function toPostgresSchema(sqliteSchema: string): string {
  const header =
    "// GENERATED from prisma/schema.prisma by `npm run db:new-migration` — do not edit.\n" +
    "// The one data model lives in prisma/schema.prisma.\n\n";
  return (
    header +
    sqliteSchema
      .replace('provider = "sqlite"', 'provider = "postgresql"')
      .replace('output          = "../generated/prisma"', 'output          = "../../generated/prisma-pg"')
  );
}
