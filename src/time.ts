// Time as this program writes and waits for it: Unix seconds as ISO 8601 UTC, and a sleep that
// an abort signal cuts short.

/** Unix seconds as ISO 8601 UTC, e.g. 2026-01-31T09:30:00.000Z. */
export function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
