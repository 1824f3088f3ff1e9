// One sync at a time per data directory, across processes: an exclusive lock on a file that
// the operating system releases when the holder exits, however it exits (SIGKILL included).

import { join } from "node:path";

/** The lock file of a data directory. */
export function syncLockPath(dataDir: string): string {
  return join(dataDir, "sync.lock");
}

export class SyncLock {
  private constructor(private readonly file: Deno.FsFile) {}

  /**
   * Takes the lock. When another process holds it, `onBusy` is told once and the call waits
   * for the holder to finish (`wait: true`) or returns null (`wait: false`).
   */
  static async acquire(
    path: string,
    opts: { wait: boolean; onBusy?: () => void; signal?: AbortSignal; maxWaitMs?: number },
  ): Promise<SyncLock | null> {
    const file = await Deno.open(path, { create: true, read: true, write: true, mode: 0o600 });
    try {
      if (await file.tryLock(true)) return new SyncLock(file);
      opts.onBusy?.();
      if (!opts.wait) {
        file.close();
        return null;
      }
      // Polling keeps the wait cancellable; a blocking lock() could not be interrupted.
      const deadline = Date.now() + (opts.maxWaitMs ?? 60 * 60 * 1000);
      while (Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        if (opts.signal?.aborted) throw opts.signal.reason;
        if (await file.tryLock(true)) return new SyncLock(file);
      }
      throw new Error(`another sync still holds ${path}; gave up waiting for it`);
    } catch (e) {
      file.close();
      throw e;
    }
  }

  /** True when some process (this one included) holds the lock now. */
  static async isHeld(path: string): Promise<boolean> {
    let file: Deno.FsFile;
    try {
      file = await Deno.open(path, { read: true, write: true });
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return false;
      throw e;
    }
    try {
      const free = await file.tryLock(true);
      if (free) await file.unlock();
      return !free;
    } finally {
      file.close();
    }
  }

  release(): void {
    try {
      this.file.unlockSync();
    } finally {
      this.file.close();
    }
  }
}
