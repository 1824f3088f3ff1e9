// The sync engine: brings the cache level with Intercom. It lists what changed since a stored
// high-water mark, reads each new or changed conversation whole, many at once, and moves the
// mark only past what is fully stored, so a sync cut off at any moment resumes with no gaps.

import { type IntercomClient, IntercomError } from "../intercom/client.ts";
import type { Store } from "../store/store.ts";
import { getLogger } from "../log.ts";
import { SyncLock } from "./lock.ts";

const log = getLogger(["fast-intercom-mcp", "sync"]);

/** Re-listed on every incremental sync: covers clock skew and writes that land late in Intercom's index. */
export const OVERLAP_SECONDS = 300;
const PER_PAGE = 150;
const DELETED_PER_PAGE = 60;
/** Pages whose reads may be under way at once; bounds memory on a large first sync. */
const PAGES_AHEAD = 4;
/** A conversation moved while we paged; the cursor may have skipped one. Re-list at most this often. */
const MAX_PASSES = 4;
const MAX_PAGES = 100_000;
/** Bounds one sync's contact lookups; the rest wait for the next sync. */
const CONTACT_LOOKUPS_PER_SYNC = 20_000;
/** Ids in one contact search (`id IN …`); Intercom documents no limit, so a modest one. */
const CONTACTS_PER_SEARCH = 100;

export const STATE = {
  highWaterMark: "high_water_mark",
  coveredSince: "covered_since",
  deletedCheckedAt: "deleted_checked_at",
} as const;

export type SyncKind = "initial" | "incremental" | "force";

export interface SyncProgress {
  kind: SyncKind;
  phase: "names" | "listing" | "reading" | "deleted" | "contacts" | "done";
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
}

/** An answer that retrying will not change: no such route, no scope for it. */
function isRefusal(e: unknown): boolean {
  return e instanceof IntercomError && e.status !== null && [400, 403, 404, 405].includes(e.status);
}

export class SyncError extends Error {
  override name = "SyncError";
}

export class Syncer {
  readonly #deps: SyncerDeps;
  readonly #now: () => number;
  #current: Promise<SyncSummary> | null = null;
  #progress: SyncProgress | null = null;
  #listeners = new Set<(p: SyncProgress) => void>();
  /** The API answered a sorted listing with 400: this process lists unsorted from then on. */
  #sortRefused = false;
  /** The API refused a contact search: this process reads contacts one by one from then on. */
  #contactSearchRefused = false;

  constructor(deps: SyncerDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? (() => Math.floor(Date.now() / 1000));
  }

  /** The sync this process runs now, if any. */
  get running(): boolean {
    return this.#current !== null;
  }

  get progress(): SyncProgress | null {
    return this.#progress;
  }

  /** True when a sync runs here or in another process on the same data directory. */
  async runningAnywhere(): Promise<boolean> {
    return this.#current !== null || await SyncLock.isHeld(this.#deps.lockPath);
  }

  /**
   * Syncs. A call made while this process already syncs joins that sync (and its progress)
   * rather than starting a second one; another process's sync is waited for.
   */
  sync(opts: SyncOptions = {}): Promise<SyncSummary> {
    if (opts.onProgress) this.#listeners.add(opts.onProgress);
    if (!this.#current) {
      this.#current = this.#run(opts).finally(() => {
        this.#current = null;
        this.#progress = null;
        this.#listeners.clear();
      });
    } else if (this.#progress && opts.onProgress) {
      opts.onProgress(this.#progress);
    }
    return this.#current;
  }

  #emit(p: Partial<SyncProgress>): void {
    if (!this.#progress) return;
    Object.assign(this.#progress, p);
    for (const l of this.#listeners) l({ ...this.#progress });
  }

  async #run(opts: SyncOptions): Promise<SyncSummary> {
    const store = this.#deps.store;
    const client = this.#deps.client();
    const lock = await SyncLock.acquire(this.#deps.lockPath, {
      wait: true,
      onBusy: () => {
        log.info("Another sync of this data directory is running; waiting for it to finish");
        opts.onWait?.();
      },
      signal: opts.signal,
    });
    if (!lock) throw new SyncError("could not take the sync lock");
    const started = performance.now();
    const before = client.counts;
    const now = this.#now();
    const hwm = store.getState(STATE.highWaterMark);
    const kind: SyncKind = opts.force ? "force" : hwm === null ? "initial" : "incremental";
    const days = opts.days ?? this.#deps.initialSyncDays;
    const since = kind === "incremental"
      ? Number(hwm) - OVERLAP_SECONDS
      : now - Math.round(days * 86400);
    const counts = { newCount: 0, changedCount: 0, deletedCount: 0, unchangedCount: 0 };
    const runId = store.startRun(kind);
    this.#progress = {
      kind,
      phase: "names",
      listed: 0,
      total: null,
      toRead: 0,
      read: 0,
      done: 0,
      startedAt: now,
    };
    log.info("Sync ({kind}) started: conversations updated since {since}", {
      kind,
      since: new Date(since * 1000).toISOString(),
    });
    const inner = new AbortController();
    const signal = opts.signal ? AbortSignal.any([opts.signal, inner.signal]) : inner.signal;
    let passes = 0;
    try {
      if (kind !== "incremental") {
        const covered = store.getState(STATE.coveredSince);
        if (covered === null || Number(covered) > since) {
          store.setState(STATE.coveredSince, String(since));
        }
      }
      if (kind === "initial" && store.getState(STATE.deletedCheckedAt) === null) {
        // Deletions before this first listing cannot be in the cache; later ones can.
        store.setState(STATE.deletedCheckedAt, String(now));
      }
      await this.#refreshNames(signal);
      passes = await this.#listAndRead(since, now, kind === "force", counts, signal, inner);
      this.#emit({ phase: "contacts" });
      await this.#lookUpContacts(signal);
      this.#emit({ phase: "done" });
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
      inner.abort();
      const cancelled = opts.signal?.aborted === true;
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
  async #refreshNames(signal: AbortSignal): Promise<void> {
    const store = this.#deps.store;
    const client = this.#deps.client();
    const optional = <T>(what: string, p: Promise<T>): Promise<T | null> =>
      p.catch((e) => {
        if (!isRefusal(e)) throw e;
        log.warning("Could not list {what}; results show their ids: {message}", {
          what,
          message: (e as Error).message,
        });
        return null;
      });
    const [admins, teams, tags] = await Promise.all([
      optional("teammates", client.listAdmins(signal)),
      optional("teams", client.listTeams(signal)),
      optional("tags", client.listTags(signal)),
    ]);
    if (admins) store.replaceAdmins(admins);
    if (teams) store.replaceTeams(teams);
    if (tags) store.mergeTags(tags);
  }

  /**
   * Lists conversations updated since `since`, oldest first, and reads the new and changed.
   * Intercom's cursor is stateless: a conversation updated while we page moves to the end, and
   * the rest shift under the cursor, so one may be skipped. Seeing an id twice is the sign;
   * the listing then runs again from where the moved one first stood. A conversation deleted
   * after it was listed shifts the rest the same way. Returns the passes made.
   */
  async #listAndRead(
    since: number,
    startedAt: number,
    force: boolean,
    counts: {
      newCount: number;
      changedCount: number;
      deletedCount: number;
      unchangedCount: number;
    },
    signal: AbortSignal,
    inner: AbortController,
  ): Promise<number> {
    const store = this.#deps.store;
    const client = this.#deps.client();
    // What this sync already asked for, by id: the updated_at it was listed with.
    const requested = new Map<string, number>();
    let from = since;
    let listed = 0;
    let toRead = 0;
    let read = 0;
    let done = 0;
    for (let pass = 1; pass <= MAX_PASSES; pass++) {
      const firstSeen = new Map<string, number>();
      let rescanFrom: number | null = null;
      let cursor: string | undefined;
      const pagesInFlight: Promise<number | null>[] = [];
      // The mark may move mid-listing only while the listing comes sorted as asked; an API
      // that ignores the sort gets its mark at the end of the pass, when all is stored.
      let sorted = true;
      let highest = -Infinity;
      const advance = (done: number | null) => {
        if (done === null || !sorted) return;
        // The mark never passes the spot a skipped conversation may stand in.
        const mark = rescanFrom === null ? done : Math.min(done, rescanFrom);
        store.setState(STATE.highWaterMark, String(mark));
      };
      this.#emit({ phase: "listing" });
      try {
        for (let page = 0; page < MAX_PAGES; page++) {
          const request = {
            query: {
              operator: "OR" as const,
              value: [
                { field: "updated_at", operator: ">", value: from },
                { field: "updated_at", operator: "=", value: from },
              ],
            },
            pagination: { per_page: PER_PAGE, ...(cursor ? { starting_after: cursor } : {}) },
          };
          let result;
          try {
            result = await client.searchConversations(
              this.#sortRefused
                ? request
                : { ...request, sort: { field: "updated_at", order: "ascending" } },
              signal,
            );
          } catch (e) {
            // `sort` works on Intercom but is missing from its API description; an API (or a
            // proxy) that follows the description to the letter refuses it. List unsorted then.
            if (this.#sortRefused || !(e instanceof IntercomError) || e.status !== 400) throw e;
            log.warning("The API refused the listing's sort ({message}); listing unsorted", {
              message: e.message,
            });
            this.#sortRefused = true;
            result = await client.searchConversations(request, signal);
          }
          if (page === 0 && pass === 1) this.#emit({ total: result.totalCount });
          listed += result.stubs.length;
          const cached = force
            ? new Map<string, number>()
            : store.updatedAtOf(result.stubs.map((s) => s.id));
          const reads: Promise<void>[] = [];
          for (const stub of result.stubs) {
            if (stub.updatedAt < highest) sorted = false;
            highest = Math.max(highest, stub.updatedAt);
            const first = firstSeen.get(stub.id);
            if (first === undefined) firstSeen.set(stub.id, stub.updatedAt);
            else if (stub.updatedAt !== first) {
              rescanFrom = Math.min(rescanFrom ?? first, first);
              // Persisted at once: a sync killed now must not resume past the skipped spot.
              const mark = Number(store.getState(STATE.highWaterMark) ?? rescanFrom);
              store.setState(STATE.highWaterMark, String(Math.min(mark, rescanFrom)));
            }
            const asked = requested.get(stub.id);
            const have = cached.get(stub.id);
            if (
              (asked !== undefined && asked >= stub.updatedAt) ||
              (have !== undefined && have >= stub.updatedAt)
            ) {
              if (asked === undefined) {
                counts.unchangedCount++;
                done++;
              }
              continue;
            }
            requested.set(stub.id, stub.updatedAt);
            toRead++;
            reads.push(
              this.#readOne(stub.id, counts, signal).then(() => {
                read++;
                done++;
                this.#emit({ phase: "reading", read, done });
              }),
            );
          }
          this.#emit({ listed, toRead, done });
          const last = result.stubs.at(-1)?.updatedAt ?? null;
          // A failed read fails the page; the others stop, and the mark stays before this page.
          pagesInFlight.push(
            Promise.all(reads).then(() => last, (e) => {
              inner.abort();
              throw e;
            }),
          );
          while (pagesInFlight.length > PAGES_AHEAD) advance(await pagesInFlight.shift()!);
          if (!result.nextCursor || result.stubs.length === 0) break;
          cursor = result.nextCursor;
        }
        while (pagesInFlight.length) advance(await pagesInFlight.shift()!);
        if (!sorted && highest > -Infinity) {
          store.setState(STATE.highWaterMark, String(Math.min(highest, rescanFrom ?? highest)));
        }
      } catch (e) {
        // The pages still reading fail too once aborted; their errors are this one.
        inner.abort();
        for (const p of pagesInFlight) p.catch(() => {});
        throw e;
      }
      this.#emit({ phase: "deleted" });
      for (const id of await this.#applyDeletions(startedAt, counts, signal)) {
        const seen = firstSeen.get(id);
        if (seen !== undefined) rescanFrom = Math.min(rescanFrom ?? seen, seen);
      }
      if (rescanFrom === null) return pass;
      store.setState(
        STATE.highWaterMark,
        String(Math.min(rescanFrom, Number(store.getState(STATE.highWaterMark) ?? rescanFrom))),
      );
      log.info("A conversation changed while the listing paged; listing again from {from}", {
        from: new Date(rescanFrom * 1000).toISOString(),
      });
      from = rescanFrom;
    }
    return MAX_PASSES;
  }

  async #readOne(
    id: string,
    counts: { newCount: number; changedCount: number; deletedCount: number },
    signal: AbortSignal,
  ): Promise<void> {
    const store = this.#deps.store;
    const client = this.#deps.client();
    const conversation = await client.getConversation(id, signal);
    if (signal.aborted) throw signal.reason;
    if (conversation === null) {
      if (store.deleteConversation(id)) counts.deletedCount++;
      return;
    }
    const result = store.saveConversation(conversation);
    if (result === "new") counts.newCount++;
    else counts.changedCount++;
  }

  /**
   * Deletions: newest first, page by page, until a page reaches deletions older than the last
   * check (with the overlap). Returns the ids Intercom deleted since then.
   */
  async #applyDeletions(
    startedAt: number,
    counts: { deletedCount: number },
    signal: AbortSignal,
  ): Promise<string[]> {
    const store = this.#deps.store;
    const client = this.#deps.client();
    const checked = store.getState(STATE.deletedCheckedAt);
    const after = checked === null ? 0 : Number(checked) - OVERLAP_SECONDS;
    const ids: string[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      let result;
      try {
        result = await client.listDeleted(page, DELETED_PER_PAGE, signal);
      } catch (e) {
        if (!isRefusal(e)) throw e;
        // Before API 2.16, or without the scope: deletions are then found by a 404 on re-read.
        log.warning("Could not list deleted conversations: {message}", {
          message: (e as Error).message,
        });
        return ids;
      }
      for (const d of result.deleted) {
        if (d.deletedAt < after) continue;
        ids.push(d.id);
        if (store.deleteConversation(d.id)) counts.deletedCount++;
      }
      // Newest first was asked for; only a page that came so may end the paging early.
      const times = result.deleted.map((d) => d.deletedAt);
      const newestFirst = times.every((t, i) => i === 0 || times[i - 1] >= t);
      const reachedOld = newestFirst && times.length > 0 && times[times.length - 1] < after;
      if (!result.hasNext || result.deleted.length === 0 || reachedOld) break;
    }
    store.setState(STATE.deletedCheckedAt, String(startedAt));
    return ids;
  }

  /** Emails for conversations whose opening author has none: from the contact record. */
  async #lookUpContacts(signal: AbortSignal): Promise<void> {
    const store = this.#deps.store;
    const client = this.#deps.client();
    const ids = store.contactsToLookUp(CONTACT_LOOKUPS_PER_SYNC);
    let refused: Error | null = null;
    // Many at once by search; the ones search does not return (merged, just created), and all
    // of them where the search is refused, one by one.
    const single: string[] = [];
    const batches: string[][] = [];
    for (let i = 0; i < ids.length; i += CONTACTS_PER_SEARCH) {
      batches.push(ids.slice(i, i + CONTACTS_PER_SEARCH));
    }
    await Promise.all(batches.map(async (batch) => {
      if (this.#contactSearchRefused) {
        single.push(...batch);
        return;
      }
      try {
        const found = await client.searchContacts(batch, signal);
        const byId = new Map(found.map((c) => [c.id, c]));
        for (const id of batch) {
          const contact = byId.get(id);
          if (contact) store.saveContact(id, contact);
          else single.push(id);
        }
      } catch (e) {
        if (!isRefusal(e)) throw e;
        this.#contactSearchRefused = true;
        single.push(...batch);
      }
    }));
    await Promise.all(single.map(async (id) => {
      if (refused) return;
      try {
        store.saveContact(id, await client.getContact(id, signal));
      } catch (e) {
        if (!isRefusal(e)) throw e;
        // Without the contacts scope every lookup fails alike: say so once, try next sync.
        refused ??= e as Error;
      }
    }));
    if (refused) {
      log.warning("Could not read contacts, so some customers' emails are missing: {message}", {
        message: (refused as Error).message,
      });
    }
  }
}
