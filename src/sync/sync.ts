// The sync engine: brings the cache level with Intercom. It refreshes names, lists what changed
// since a stored high-water mark and reads it (listing.ts), drops deletions (deletions.ts) and
// keeps contact profiles (profiles.ts), looks up missing emails (contacts.ts), syncs the
// help center (articles.ts) and tickets (tickets.ts); one sync at a time, shared by its callers
// (shared_runs.ts), across processes by a lock file (lock.ts).

import type { IntercomClient } from "../intercom/client.ts";
import { IntercomError, isRefusal } from "../intercom/errors.ts";
import type { SearchPage } from "../intercom/parse.ts";
import { ROUTES, type SearchBody, updatedSince } from "../intercom/routes.ts";
import { getLogger } from "../log.ts";
import type { Store } from "../store/store.ts";
import { iso } from "../time.ts";
import { syncArticles } from "./articles.ts";
import { lookUpContacts } from "./contacts.ts";
import { syncKind } from "./kinds.ts";
import { syncProfiles } from "./profiles.ts";
import { syncTickets } from "./tickets.ts";
import { applyDeletions } from "./deletions.ts";
import { fillHandling, HANDLING_READS_PER_SYNC } from "./handling.ts";
import { listAndRead } from "./listing.ts";
import { SyncLock } from "./lock.ts";
import { type RunHooks, type RunRequest, SharedRuns } from "./shared_runs.ts";
import { OVERLAP_SECONDS, STATE } from "./state.ts";

const log = getLogger(["fast-intercom-mcp", "sync"]);

const PER_PAGE = 150;

export type SyncKind = "initial" | "incremental" | "force";

export interface SyncProgress {
  kind: SyncKind;
  phase:
    | "names"
    | "listing"
    | "reading"
    | "deleted"
    | "contacts"
    | "articles"
    | "tickets"
    | "done";
  /** Conversations listed so far, and Intercom's count of all that match (first page). */
  listed: number;
  total: number | null;
  /** Conversations to read, and read so far. */
  toRead: number;
  read: number;
  /** Listed conversations dealt with: read, or found unchanged. */
  done: number;
  startedAt: number;
}

export interface SyncSummary {
  kind: SyncKind;
  /** Unix seconds: conversations updated since then were listed. */
  since: number;
  newCount: number;
  changedCount: number;
  deletedCount: number;
  unchangedCount: number;
  requests: number;
  retries: number;
  durationMs: number;
  /** Re-listings after a conversation moved under the cursor. */
  passes: number;
}

export interface SyncOptions {
  force?: boolean;
  /** With force: re-read the last N days (default: initial_sync_days). */
  days?: number;
  /** Ends this caller's wait; the sync stops once every caller waiting on it has cancelled. */
  signal?: AbortSignal;
  onProgress?: (p: SyncProgress) => void;
  /** Told when another process holds the sync lock and this one waits for it. */
  onWait?: () => void;
}

export interface SyncerDeps {
  store: Store;
  /** Built when a sync starts: a server with no token still answers from the cache. */
  client: () => IntercomClient;
  lockPath: string;
  initialSyncDays: number;
  now?: () => number;
  /** Conversations read again per sync for their handling data; default HANDLING_READS_PER_SYNC. */
  handlingReadsPerSync?: number;
}

export class SyncError extends Error {
  override name = "SyncError";
}

type Counts = Pick<SyncSummary, "newCount" | "changedCount" | "deletedCount" | "unchangedCount">;

export class Syncer {
  readonly #deps: SyncerDeps;
  readonly #now: () => number;
  readonly #runs: SharedRuns<SyncSummary, SyncProgress>;
  /** The API answered a sorted listing with 400: this process lists unsorted from then on. */
  #sortRefused = false;
  /** The API refused a contact search: this process reads contacts one by one from then on. */
  #contactSearchRefused = false;

  constructor(deps: SyncerDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? (() => Math.floor(Date.now() / 1000));
    this.#runs = new SharedRuns((request, hooks) => this.#run(request, hooks));
  }

  /** A sync runs in this process now. */
  get running(): boolean {
    return this.#runs.running;
  }

  /** Resolves once no sync runs or waits to run in this process; cancels none. */
  idle(): Promise<void> {
    return this.#runs.idle();
  }

  /**
   * Syncs. A call made while this process syncs joins that sync (and its progress) when it
   * asks for no more, or else the sync queued after it; another process's sync is waited for.
   */
  sync(opts: SyncOptions = {}): Promise<SyncSummary> {
    const request = { force: opts.force === true, days: opts.days ?? this.#deps.initialSyncDays };
    return this.#runs.join(request, opts);
  }

  async #run(request: RunRequest, hooks: RunHooks<SyncProgress>): Promise<SyncSummary> {
    const { store } = this.#deps;
    const { signal } = hooks;
    const client = this.#deps.client();
    const lock = await SyncLock.acquire(this.#deps.lockPath, {
      wait: true,
      onBusy: () => {
        log.info("Another sync of this data directory is running; waiting for it to finish");
        hooks.waiting();
      },
      signal,
    });
    if (!lock) throw new SyncError("could not take the sync lock");
    const started = performance.now();
    const before = client.counts;
    const now = this.#now();
    const hwm = store.getState(STATE.highWaterMark);
    const kind: SyncKind = request.force ? "force" : hwm === null ? "initial" : "incremental";
    const since = kind === "incremental"
      ? Number(hwm) - OVERLAP_SECONDS
      : now - Math.round(request.days * 86400);
    const counts: Counts = { newCount: 0, changedCount: 0, deletedCount: 0, unchangedCount: 0 };
    const runId = store.startRun(kind);
    const progress: SyncProgress = {
      kind,
      phase: "names",
      listed: 0,
      total: null,
      toRead: 0,
      read: 0,
      done: 0,
      startedAt: now,
    };
    const emit = (p: Partial<SyncProgress>) => hooks.progress({ ...Object.assign(progress, p) });
    log.info("Sync ({kind}) started: conversations updated since {since}", {
      kind,
      since: iso(since),
    });
    try {
      if (kind !== "incremental") {
        const covered = store.getState(STATE.coveredSince);
        if (covered === null || Number(covered) > since) {
          store.setState(STATE.coveredSince, String(since));
        }
      }
      await this.#refreshNames(client, signal);
      if (kind === "initial" && store.getState(STATE.deletedCheckedAt) === null) {
        // Deletions before this first listing cannot be in the cache; later ones can. By
        // Intercom's clock, from the answers just read.
        store.setState(STATE.deletedCheckedAt, String(client.serverTime ?? now));
      }
      const { passes, unchanged } = await listAndRead(
        {
          pages: (from, s) => this.#pages(client, from, s),
          cached: (ids) => store.updatedAtOf(ids),
          read: (id, s) => this.#readOne(client, id, counts, s),
          mark: {
            get: () => numberOrNull(store.getState(STATE.highWaterMark)),
            set: (mark) => store.setState(STATE.highWaterMark, String(mark)),
          },
          deletions: async (s) => {
            const found = await applyDeletions(client, store, this.#now(), s);
            counts.deletedCount += found.dropped;
            return found.droppedUpdatedAt;
          },
          progress: emit,
        },
        { since, force: kind === "force" },
        signal,
      );
      counts.unchangedCount = unchanged;
      emit({ phase: "contacts" });
      const contacts = await lookUpContacts(client, store, {
        now: this.#now(),
        retryRefused: kind === "force",
        searchRefused: this.#contactSearchRefused,
      }, signal);
      this.#contactSearchRefused = contacts.searchRefused;
      // Not new or changed in Intercom: counted apart so the summary stays true.
      const refilled: Counts = { newCount: 0, changedCount: 0, deletedCount: 0, unchangedCount: 0 };
      const filled = await fillHandling(
        store,
        async (id, s) => {
          await this.#readOne(client, id, refilled, s);
        },
        this.#deps.handlingReadsPerSync ?? HANDLING_READS_PER_SYNC,
        signal,
      );
      if (filled) {
        log.info("Read {n} conversations again for their statistics, ratings and Fin outcomes", {
          n: filled,
        });
      }
      // The other kinds, each on its own: one the token may not read costs only itself. The
      // lookups above ask first, so a refusal of contacts there spares the profiles a request.
      const force = kind === "force";
      await syncKind(store, "contacts", {
        now,
        force,
        refusedAt: numberOrNull(store.getState(STATE.contactsRefusedAt)),
      }, () => syncProfiles(store, client, now, signal));
      emit({ phase: "articles" });
      await syncKind(
        store,
        "articles",
        { now, force },
        () => syncArticles(store, client, now, signal),
      );
      emit({ phase: "tickets" });
      await syncKind(
        store,
        "tickets",
        { now, force },
        () => syncTickets(store, client, now, signal),
      );
      emit({ phase: "done" });
      const after = client.counts;
      const summary: SyncSummary = {
        kind,
        since,
        ...counts,
        requests: after.attempts - before.attempts,
        retries: after.retries - before.retries,
        durationMs: Math.round(performance.now() - started),
        passes,
      };
      store.finishRun(runId, "ok", { ...counts, requests: summary.requests }, null);
      log.info(
        "Sync ({kind}) done: {newCount} new, {changedCount} changed, {deletedCount} deleted, {requests} requests, {seconds} s",
        { ...summary, seconds: (summary.durationMs / 1000).toFixed(1) },
      );
      return summary;
    } catch (e) {
      const cancelled = signal.aborted;
      const message = e instanceof Error ? e.message : String(e);
      try {
        store.finishRun(
          runId,
          cancelled ? "cancelled" : "failed",
          { ...counts, requests: client.counts.attempts - before.attempts },
          message,
        );
      } catch (recordError) {
        // A full disk can refuse this record too; the sync's own error is the one to report.
        log.warning("Could not record the failed sync: {message}", {
          message: (recordError as Error).message,
        });
      }
      log.error("Sync ({kind}) {outcome}: {message}", {
        kind,
        outcome: cancelled ? "cancelled" : "failed",
        message,
      });
      throw e instanceof Error ? e : new SyncError(message);
    } finally {
      lock.release();
    }
  }

  /**
   * Names of teammates, teams and tags, for showing results. Each list is optional: a token
   * without the scope for one (403) or an API without the route (404) costs the names, not the sync.
   */
  async #refreshNames(client: IntercomClient, signal: AbortSignal): Promise<void> {
    const store = this.#deps.store;
    const optional = <T>(what: string, p: Promise<T>): Promise<T | null> =>
      p.catch((e) => {
        if (!isRefusal(e)) throw e;
        log.warning("Could not list {what}; results show their ids: {message}", {
          what,
          message: e.message,
        });
        return null;
      });
    const [admins, teams, tags] = await Promise.all([
      optional("teammates", client.call(ROUTES.admins, undefined, signal)),
      optional("teams", client.call(ROUTES.teams, undefined, signal)),
      optional("tags", client.call(ROUTES.tags, undefined, signal)),
    ]);
    if (admins) store.replaceAdmins(admins);
    if (teams) store.replaceTeams(teams);
    if (tags) store.mergeTags(tags);
  }

  /**
   * Conversations updated at or after `from`, oldest first. `sort` works on Intercom but is
   * missing from its API description; an API (or a proxy) that follows the description to the
   * letter refuses it with a 400, and is listed unsorted from then on.
   */
  async *#pages(
    client: IntercomClient,
    from: number,
    signal: AbortSignal,
  ): AsyncGenerator<SearchPage, void, undefined> {
    const body: SearchBody = {
      query: updatedSince(from),
      pagination: { per_page: PER_PAGE },
    };
    if (!this.#sortRefused) {
      let answered = false;
      try {
        const sorted = { ...body, sort: { field: "updated_at", order: "ascending" } } as const;
        for await (const page of client.pages(ROUTES.searchConversations, sorted, signal)) {
          answered = true;
          yield page;
        }
        return;
      } catch (e) {
        if (answered || !(e instanceof IntercomError) || e.status !== 400) throw e;
        log.warning("The API refused the listing's sort ({message}); listing unsorted", {
          message: e.message,
        });
        this.#sortRefused = true;
      }
    }
    yield* client.pages(ROUTES.searchConversations, body, signal);
  }

  async #readOne(
    client: IntercomClient,
    id: string,
    counts: Counts,
    signal: AbortSignal,
  ): Promise<number | null> {
    const store = this.#deps.store;
    const conversation = await client.getConversation(id, signal);
    if (signal.aborted) throw signal.reason;
    if (conversation === null) {
      if (store.deleteConversation(id)) counts.deletedCount++;
      return null;
    }
    if (store.saveConversation(conversation) === "new") counts.newCount++;
    else counts.changedCount++;
    return conversation.updatedAt;
  }
}

function numberOrNull(v: string | null): number | null {
  return v === null ? null : Number(v);
}
