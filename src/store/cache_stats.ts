// What the cache holds, counted: for status, the benchmark and the tests.

import type { Sql } from "./db.ts";

export interface CacheStats {
  conversations: number;
  parts: number;
  messages: number;
  byState: Record<string, number>;
  admins: number;
  teams: number;
  tags: number;
  oldestUpdatedAt: number | null;
  newestUpdatedAt: number | null;
  oldestCreatedAt: number | null;
  newestCreatedAt: number | null;
  textBytes: number;
}

export function stats(s: Sql): CacheStats {
  const one = (sql: string) => Number(Object.values(s.stmt(sql).get() ?? { n: 0 })[0] ?? 0);
  const range = s.stmt(
    `SELECT min(updated_at) AS ou, max(updated_at) AS nu, min(created_at) AS oc,
       max(created_at) AS nc, count(*) AS n,
       coalesce(sum(length(CAST(subject AS BLOB))), 0)
         + (SELECT coalesce(sum(length(CAST(body AS BLOB))), 0) FROM openings) AS bytes
     FROM conversations`,
  ).get() as {
    ou: number | null;
    nu: number | null;
    oc: number | null;
    nc: number | null;
    n: number;
    bytes: number;
  };
  const parts = s.stmt(
    `SELECT count(*) AS n, count(body) AS messages,
       coalesce(sum(length(CAST(body AS BLOB))), 0) AS bytes FROM parts`,
  ).get() as { n: number; messages: number; bytes: number };
  const byState: Record<string, number> = {};
  for (
    const r of s.stmt("SELECT state, count(*) AS n FROM conversations GROUP BY state")
      .all() as {
        state: string;
        n: number;
      }[]
  ) byState[r.state] = r.n;
  return {
    conversations: range.n,
    parts: parts.n,
    messages: range.n + parts.messages,
    byState,
    admins: one("SELECT count(*) FROM admins"),
    teams: one("SELECT count(*) FROM teams"),
    tags: one("SELECT count(*) FROM tags"),
    oldestUpdatedAt: range.ou,
    newestUpdatedAt: range.nu,
    oldestCreatedAt: range.oc,
    newestCreatedAt: range.nc,
    textBytes: range.bytes + parts.bytes,
  };
}
