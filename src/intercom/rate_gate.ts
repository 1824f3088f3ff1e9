// Paces requests by Intercom's `X-RateLimit-*` headers, and bounds the requests in flight.

/**
 * Once the window's remaining calls are spoken for by requests in flight, new ones wait for the
 * window to reset instead of drawing a 429.
 */
export class RateGate {
  #remaining = Number.POSITIVE_INFINITY;
  #resetMs = 0;
  #pending = 0;
  #inFlight = 0;
  #waiters: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly now: () => number,
    private readonly random: () => number,
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
  ) {}

  /** `first`: jump the queue (listing pages, which the reads depend on). */
  async acquire(signal?: AbortSignal, first = false): Promise<void> {
    while (this.#inFlight >= this.concurrency) {
      await new Promise<void>((resolve) =>
        first ? this.#waiters.unshift(resolve) : this.#waiters.push(resolve)
      );
    }
    this.#inFlight++;
    try {
      // Bounded: each pass waits for a window reset, and windows are seconds long.
      for (let pass = 0; pass < 100; pass++) {
        const now = this.now();
        if (now >= this.#resetMs) this.#remaining = Number.POSITIVE_INFINITY;
        if (this.#remaining - this.#pending > 0) break;
        await this.sleep(
          Math.max(this.#resetMs - now, 20) + Math.floor(this.random() * 50),
          signal,
        );
      }
    } catch (e) {
      this.release();
      throw e;
    }
    this.#pending++;
  }

  /** After an answer (or none): read what the server says of the window. */
  observe(headers: Headers | null): void {
    this.#pending = Math.max(0, this.#pending - 1);
    if (!headers) return;
    const remaining = Number(headers.get("x-ratelimit-remaining") ?? NaN);
    const reset = Number(headers.get("x-ratelimit-reset") ?? NaN);
    if (!Number.isFinite(remaining)) return;
    const resetMs = Number.isFinite(reset) ? reset * 1000 : this.now() + 10_000;
    if (resetMs > this.#resetMs) {
      this.#resetMs = resetMs;
      this.#remaining = remaining;
    } else if (resetMs === this.#resetMs) {
      this.#remaining = Math.min(this.#remaining, remaining);
    }
  }

  /** A 429 says the window is spent whatever we believed. */
  exhausted(resetSeconds: number | undefined): void {
    this.#remaining = 0;
    if (resetSeconds !== undefined) this.#resetMs = Math.max(this.#resetMs, resetSeconds * 1000);
    else this.#resetMs = Math.max(this.#resetMs, this.now() + 1000);
  }

  release(): void {
    this.#inFlight--;
    this.#waiters.shift()?.();
  }
}
