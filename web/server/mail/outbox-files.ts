/**
 * The outbox's .eml files (no SMTP_URL: transport.ts) hold addresses and signed links, so
 * they are personal data like any row: customers/redact, shop/redact and the retention job
 * delete those of the invitations they erase. A file is named after its Message-ID
 * (`invitation-<id>[-r<n>].<shop>@<host>.eml`, message.ts), which is all it takes to find it.
 */
import { readdir, rm } from "node:fs/promises";
import path from "node:path";

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

async function deleteMatching(dir: string, matches: (name: string) => boolean): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0; // no outbox yet: nothing was ever written
  }
  const doomed = names.filter(matches);
  await Promise.all(doomed.map((name) => rm(path.join(dir, name), { force: true })));
  return doomed.length;
}

const FILE = /^invitation-(\d+)(?:-r\d+)?\.(.+)@[^@]+\.eml$/;

/** Deletes the outbox files of these invitations of the shop; returns how many. */
export function deleteOutboxFiles(dir: string, shop: string, invitationIds: readonly number[]): Promise<number> {
  if (invitationIds.length === 0) return Promise.resolve(0);
  const ids = new Set(invitationIds.map(String));
  return deleteMatching(path.resolve(dir), (name) => {
    const m = FILE.exec(name);
    return !!m && m[2] === shop && ids.has(m[1]!);
  });
}

/** Deletes every outbox file of the shop. */
export function deleteShopOutboxFiles(dir: string, shop: string): Promise<number> {
  const pattern = new RegExp(`^invitation-\\d+(?:-r\\d+)?\\.${escapeRegExp(shop)}@[^@]+\\.eml$`);
  return deleteMatching(path.resolve(dir), (name) => pattern.test(name));
}
