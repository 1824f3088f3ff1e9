// What `status --json` and the get_server_status tool show: one report, built in one place.

import { cachePath } from "./config.ts";
import { plural } from "./format.ts";
import type { App } from "./app.ts";
import { iso } from "./time.ts";
import type { StatusReport } from "./status_schema.ts";

export type { StatusReport };
import { STATE } from "./sync/state.ts";
import { HANDLING_READS_PER_SYNC } from "./sync/handling.ts";
import { countLackingHandling } from "./store/handling.ts";
import { VERSION } from "./version.ts";
import { describeFence } from "./fence.ts";
import { articleStats } from "./store/articles.ts";
import { contactStats } from "./store/contacts.ts";
import { ticketStats } from "./store/tickets.ts";
import { type Kind, KINDS, missingNote, readKind } from "./sync/kinds.ts";

export function cacheBytes(dataDir: string): number {
  let total = 0;
  for (const suffix of ["", "-wal"]) {
    try {
      total += Deno.statSync(cachePath(dataDir) + suffix).size;
    } catch {
      // absent: nothing to count
    }
  }
  return total;
}

export async function statusReport(app: App): Promise<StatusReport> {
  const s = app.settings;
  const stats = app.store.stats();
  const { last } = app.store.lastRuns();
  const size = cacheBytes(s.dataDir);
  const covered = app.store.getState(STATE.coveredSince);
  const ws = app.workspace();
  const fresh = await app.freshness();
  return {
    version: VERSION,
    data_dir: s.dataDir,
    workspace: {
      name: ws.name,
      id: ws.id,
      region: s.region,
      api_url: withoutCredentials(s.apiUrl),
    },
    token: { set: s.accessToken !== null, source: s.tokenSource },
    cache: {
      path: cachePath(s.dataDir),
      size_bytes: size,
      conversations: stats.conversations,
      messages: stats.messages,
      parts: stats.parts,
      by_state: stats.byState,
      admins: stats.admins,
      teams: stats.teams,
      tags: stats.tags,
      oldest_conversation_created_at: stats.oldestCreatedAt === null
        ? null
        : iso(stats.oldestCreatedAt),
      newest_conversation_created_at: stats.newestCreatedAt === null
        ? null
        : iso(stats.newestCreatedAt),
      newest_update_at: stats.newestUpdatedAt === null ? null : iso(stats.newestUpdatedAt),
      synced_since: covered === null ? null : iso(Number(covered)),
      bytes_per_conversation: stats.conversations ? Math.round(size / stats.conversations) : null,
      handling_pending: countLackingHandling(app.store),
    },
    last_sync: last
      ? {
        kind: last.kind,
        // A run still marked running with no sync holding the lock was cut off (killed, or a
        // disk that refused its last record).
        outcome: last.outcome === "running" && !fresh.sync_running ? "interrupted" : last.outcome,
        started_at: iso(last.startedAt),
        finished_at: last.finishedAt === null ? null : iso(last.finishedAt),
        new: last.newCount,
        changed: last.changedCount,
        deleted: last.deletedCount,
        requests: last.requests,
        error: last.error,
      }
      : null,
    kinds: {
      contacts: { ...kindStatus(app, "contacts"), ...contactStats(app.store) },
      articles: { ...kindStatus(app, "articles"), ...articleStats(app.store) },
      tickets: { ...kindStatus(app, "tickets"), ...ticketStats(app.store) },
    },
    freshness: fresh,
    fence: describeFence(s.dataDir, s.apiUrl),
    settings: {
      max_sync_age_minutes: s.maxSyncAgeMinutes,
      background_sync_interval_minutes: s.backgroundSyncIntervalMinutes,
      initial_sync_days: s.initialSyncDays,
      log_level: s.logLevel,
    },
  };
}

/** A URL as shown: a user name or password in it (settings refuse them) is never displayed. */
export function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = "";
    parsed.password = "";
    return parsed.href.replace(/\/$/, "");
  } catch {
    return "(not a URL)";
  }
}

function kindStatus(app: App, kind: Kind) {
  const state = readKind(app.store, kind);
  const available = state?.available ?? true;
  return {
    available,
    synced_at: state?.syncedAt ? iso(state.syncedAt) : null,
    missing_scope: available ? null : KINDS[kind].scope,
    note: missingNote(app.store, kind),
  };
}

export function renderStatus(r: StatusReport): string {
  const f = r.freshness;
  const lines = [
    `Workspace:   ${r.workspace.name ?? "(unknown: run init)"}${
      r.workspace.id ? ` (${r.workspace.id})` : ""
    }, region ${r.workspace.region}`,
    `API:         ${r.workspace.api_url}`,
    `Token:       ${
      r.token.set ? `set (from ${r.token.source})` : "not set: run `fast-intercom-mcp init`"
    }`,
    `Data dir:    ${r.data_dir}`,
    `Cache:       ${plural(r.cache.conversations, "conversation")}, ${
      plural(r.cache.messages, "message")
    }, ${(r.cache.size_bytes / 1024 / 1024).toFixed(1)} MB on disk`,
    `States:      ${
      Object.entries(r.cache.by_state).map(([k, v]) => `${v} ${k}`).join(", ") || "none"
    }`,
    `Covers:      ${
      r.cache.synced_since ? `updates since ${r.cache.synced_since}` : "nothing synced yet"
    }`,
    ...(r.cache.handling_pending
      ? [
        `Filling:     ${r.cache.handling_pending} conversations cached before statistics, ratings ` +
        `and Fin outcomes were kept; syncs read them again, ${HANDLING_READS_PER_SYNC} at a time`,
      ]
      : []),
    `Oldest:      ${r.cache.oldest_conversation_created_at ?? "-"}`,
    `Newest:      ${r.cache.newest_conversation_created_at ?? "-"}`,
    `Last sync:   ${
      r.last_sync
        ? `${r.last_sync.kind}, ${r.last_sync.outcome}, ${
          r.last_sync.finished_at ?? r.last_sync.started_at
        }` +
          ` (${r.last_sync.new} new, ${r.last_sync.changed} changed, ${r.last_sync.deleted} deleted, ${r.last_sync.requests} requests)` +
          (r.last_sync.error ? `\n             error: ${r.last_sync.error}` : "")
        : "never"
    }`,
    `Contacts:    ${
      r.kinds.contacts.available
        ? `${r.kinds.contacts.contacts} profiles, ${r.kinds.contacts.companies} companies`
        : `missing: the token needs "${r.kinds.contacts.missing_scope}"`
    }`,
    `Articles:    ${
      r.kinds.articles.available
        ? `${r.kinds.articles.published} published of ${r.kinds.articles.articles}, ${r.kinds.articles.collections} collections, ${r.kinds.articles.languages} languages`
        : `missing: the token needs "${r.kinds.articles.missing_scope}"`
    }`,
    `Tickets:     ${
      r.kinds.tickets.available
        ? `${r.kinds.tickets.open} open of ${r.kinds.tickets.tickets}, ${r.kinds.tickets.types} types, ${r.kinds.tickets.states} states`
        : `missing: the token needs "${r.kinds.tickets.missing_scope}"`
    }`,
    `Freshness:   ${
      f.age_minutes === null
        ? "never synced"
        : `${f.age_minutes} min old${f.stale ? " (stale)" : ""}`
    }${f.sync_running ? "; a sync is running now" : ""}`,
    `Fence:       files ${r.fence.files}; network ${r.fence.network.join(", ") || "none"}; ` +
    `environment ${r.fence.environment ? "open" : "none"}; subprocesses ${
      r.fence.subprocesses ? "allowed" : "none"
    }`,
  ];
  return lines.join("\n");
}
