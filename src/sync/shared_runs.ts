// One sync at a time in this process, shared by its callers. A call joins the running sync when
// that sync does all it asks; a call that asks for more (a forced sync while an incremental one
// runs) joins the one queued after it. Each caller's signal ends only that caller's wait; the
// sync itself stops once every caller that could cancel has cancelled, and the last one's wait
// ends when it has stopped.

export interface RunRequest {
  force: boolean;
  /** With force: how many days back to re-read. */
  days: number;
}

/** What a run is given: its own signal, and where to send its progress and its waits. */
export interface RunHooks<P> {
  signal: AbortSignal;
  progress(p: P): void;
  /** Another process holds the sync lock and the run waits for it. */
  waiting(): void;
}

export interface JoinOptions<P> {
  signal?: AbortSignal;
  onProgress?: (p: P) => void;
  onWait?: () => void;
}

interface Run<T, P> {
  request: RunRequest;
  controller: AbortController;
  /** Callers waiting that may still cancel; Infinity once one joined that cannot. */
  holders: number;
  last: P | null;
  onProgress: Set<(p: P) => void>;
  onWait: Set<() => void>;
  result: PromiseWithResolvers<T>;
}

/** Whether a sync run with `running` does everything `wanted` asks. */
export function covers(running: RunRequest, wanted: RunRequest): boolean {
  return !wanted.force || (running.force && running.days >= wanted.days);
}

export class SharedRuns<T, P> {
  readonly #start: (request: RunRequest, hooks: RunHooks<P>) => Promise<T>;
  #current: Run<T, P> | null = null;
  #queued: Run<T, P> | null = null;

  constructor(start: (request: RunRequest, hooks: RunHooks<P>) => Promise<T>) {
    this.#start = start;
  }

  /** A run is under way here (one queued behind it is not counted). */
  get running(): boolean {
    return this.#current !== null;
  }

  /** Resolves once no run is under way or queued; joins none, so cancels none. */
  async idle(): Promise<void> {
    // Bounded: each turn waits for one run to settle, and a queued run is at most one.
    for (let turn = 0; turn < 100 && this.#current; turn++) {
      await this.#current.result.promise.catch(() => {});
    }
  }

  join(request: RunRequest, opts: JoinOptions<P> = {}): Promise<T> {
    if (opts.signal?.aborted) return Promise.reject(opts.signal.reason);
    let run: Run<T, P>;
    if (!this.#current) {
      run = this.#newRun(request);
      this.#begin(run);
    } else if (
      // A run every caller has left is stopping: a new caller waits for the next one.
      !this.#current.controller.signal.aborted && covers(this.#current.request, request)
    ) {
      run = this.#current;
    } else if (this.#queued && !this.#queued.controller.signal.aborted) {
      run = this.#queued;
      run.request = {
        force: run.request.force || request.force,
        days: Math.max(run.request.days, request.days),
      };
    } else {
      // A queued run every caller has left never starts.
      this.#queued?.result.reject(this.#queued.controller.signal.reason);
      run = this.#queued = this.#newRun(request);
    }
    return this.#wait(run, opts);
  }

  #newRun(request: RunRequest): Run<T, P> {
    const result = Promise.withResolvers<T>();
    // A run every caller has left still settles; nobody may be listening then.
    result.promise.catch(() => {});
    return {
      request,
      controller: new AbortController(),
      holders: 0,
      last: null,
      onProgress: new Set(),
      onWait: new Set(),
      result,
    };
  }

  #begin(run: Run<T, P>): void {
    this.#current = run;
    const { signal } = run.controller;
    const hooks: RunHooks<P> = {
      signal,
      progress: (p) => {
        run.last = p;
        for (const l of run.onProgress) l(p);
      },
      waiting: () => {
        for (const w of run.onWait) w();
      },
    };
    const done = signal.aborted
      ? Promise.reject(signal.reason)
      : Promise.resolve().then(() => this.#start(run.request, hooks));
    // The next run is under way before this one's callers hear, so a call they make at once
    // never joins a run that has ended.
    const settle = () => {
      this.#current = null;
      const next = this.#queued;
      this.#queued = null;
      if (next) this.#begin(next);
    };
    done.then((summary) => {
      settle();
      run.result.resolve(summary);
    }, (e) => {
      settle();
      run.result.reject(e);
    });
  }

  #wait(run: Run<T, P>, opts: JoinOptions<P>): Promise<T> {
    const { signal, onProgress, onWait } = opts;
    if (onProgress) {
      run.onProgress.add(onProgress);
      if (run.last) onProgress(run.last);
    }
    if (onWait) run.onWait.add(onWait);
    if (!signal) {
      run.holders = Infinity;
      return run.result.promise;
    }
    run.holders++;
    return new Promise<T>((resolve, reject) => {
      const leave = () => {
        // The last caller's cancellation stops the run, and its wait ends when the run has
        // stopped, so that what it closes next (the cache) is no longer in use.
        if (--run.holders === 0) return run.controller.abort(signal.reason);
        if (onProgress) run.onProgress.delete(onProgress);
        if (onWait) run.onWait.delete(onWait);
        reject(signal.reason);
      };
      signal.addEventListener("abort", leave, { once: true });
      run.result.promise.then(resolve, reject).finally(() =>
        signal.removeEventListener("abort", leave)
      );
    });
  }
}
