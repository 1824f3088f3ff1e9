// Keeps the cache fresh while the server runs: a sync every interval, one at once, with capped
// backoff after failures; and a kick when a read finds the data stale.

import { getLogger } from "../log.ts";
import type { Syncer } from "./sync.ts";

const log = getLogger(["fast-intercom-mcp", "background"]);

export interface BackgroundOptions {
  intervalMinutes: number;
  /** Whether the cache is older than max_sync_age_minutes. */
  isStale: () => Promise<boolean>;
}

export class BackgroundSync {
  readonly #syncer: Syncer;
  readonly #opts: BackgroundOptions;
  readonly #stop = new AbortController();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #failures = 0;
  #current: Promise<void> | null = null;

  constructor(syncer: Syncer, opts: BackgroundOptions) {
    this.#syncer = syncer;
    this.#opts = opts;
  }

  /** Schedules the loop; the first sync runs soon after start when the cache is stale. */
  start(): void {
    this.#schedule(1000);
  }

  /** Starts a sync now unless one runs; never waits for it. True when this call started one. */
  kick(): boolean {
    if (this.#stop.signal.aborted || this.#current || this.#syncer.running) return false;
    this.#current = this.#syncer.sync({ signal: this.#stop.signal }).then(
      () => {
        this.#failures = 0;
      },
      (e) => {
        this.#failures++;
        if (!this.#stop.signal.aborted) {
          log.warning("Background sync failed ({failures} in a row): {message}", {
            failures: this.#failures,
            message: (e as Error).message,
          });
        }
      },
    ).finally(() => {
      this.#current = null;
    });
    return true;
  }

  #schedule(delayMs: number): void {
    if (this.#stop.signal.aborted) return;
    this.#timer = setTimeout(() => this.#tick(), delayMs);
  }

  async #tick(): Promise<void> {
    this.#timer = null;
    try {
      if (await this.#opts.isStale()) this.kick();
      await this.#current;
    } catch (e) {
      log.warning("Background check failed: {message}", { message: (e as Error).message });
    }
    const interval = Math.max(this.#opts.intervalMinutes, 0.05) * 60_000;
    // After failures: retry sooner than the interval at first, then back off up to it.
    const delay = this.#failures
      ? Math.min(interval, 30_000 * 2 ** (this.#failures - 1))
      : interval;
    this.#schedule(delay);
  }

  /** Stops the loop and a running background sync at its next safe point. */
  async stop(): Promise<void> {
    this.#stop.abort(new Error("the server is shutting down"));
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#current;
  }
}
