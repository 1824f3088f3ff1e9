// The composition root: builds the store, the Intercom client and the syncer from settings,
// once, for the CLI, the MCP server and the tests alike.

import { cachePath, ConfigError, readConfigFile, type Settings } from "./config.ts";
import { ensureDataDir } from "./datadir.ts";
import { IntercomClient } from "./intercom/client.ts";
import type { Region } from "./intercom/regions.ts";
import { Store } from "./store/store.ts";
import { type Freshness, freshness } from "./sync/freshness.ts";
import { assertReachable } from "./fence.ts";
import { SyncLock, syncLockPath } from "./sync/lock.ts";
import { Syncer } from "./sync/sync.ts";

export interface AppOptions {
  fetch?: typeof fetch;
  /** Unix seconds. */
  now?: () => number;
  /** Per request; default 30 s. */
  timeoutMs?: number;
}

export class App {
  readonly settings: Settings;
  readonly store: Store;
  readonly #opts: AppOptions;
  #client: IntercomClient | null = null;
  #syncer: Syncer | null = null;
  #workspace: { id: string | null; name: string | null } | null = null;

  constructor(settings: Settings, opts: AppOptions = {}) {
    this.settings = settings;
    this.#opts = opts;
    ensureDataDir(settings.dataDir);
    this.store = new Store(cachePath(settings.dataDir), opts.now ? { now: opts.now } : {});
  }

  now(): number {
    return this.#opts.now ? this.#opts.now() : Math.floor(Date.now() / 1000);
  }

  /** The client, built on first use: commands that only read the cache need no token. */
  get client(): IntercomClient {
    if (!this.#client) {
      const token = this.settings.accessToken;
      if (!token) {
        throw new ConfigError(
          "no Intercom access token: run `fast-intercom-mcp init`, or set INTERCOM_ACCESS_TOKEN",
        );
      }
      assertReachable(this.settings.apiUrl, this.settings.apiUrlSource);
      this.#client = new IntercomClient({
        baseUrl: this.settings.apiUrl,
        token,
        ...(this.#opts.fetch ? { fetch: this.#opts.fetch } : {}),
        ...(this.#opts.timeoutMs ? { timeoutMs: this.#opts.timeoutMs } : {}),
      });
    }
    return this.#client;
  }

  /** The client when a token is set, else null: for reads that fall back to Intercom. */
  intercom(): IntercomClient | null {
    return this.settings.accessToken ? this.client : null;
  }

  get syncer(): Syncer {
    if (!this.#syncer) {
      this.#syncer = new Syncer({
        store: this.store,
        client: () => this.client,
        lockPath: this.lockPath,
        initialSyncDays: this.settings.initialSyncDays,
        ...(this.#opts.now ? { now: this.#opts.now } : {}),
      });
    }
    return this.#syncer;
  }

  get lockPath(): string {
    return syncLockPath(this.settings.dataDir);
  }

  async freshness(): Promise<Freshness> {
    const running = (this.#syncer?.running ?? false) || await SyncLock.isHeld(this.lockPath);
    return freshness(this.store, {
      maxSyncAgeMinutes: this.settings.maxSyncAgeMinutes,
      syncRunning: running,
      nowSeconds: this.now(),
    });
  }

  /** A link to the conversation in Intercom's inbox, when the workspace id is known. */
  conversationUrl(id: string): string | null {
    const workspace = this.workspace().id;
    if (!workspace) return null;
    const hosts: Record<Region, string> = {
      us: "https://app.intercom.com",
      eu: "https://app.eu.intercom.com",
      au: "https://app.au.intercom.com",
    };
    return `${hosts[this.settings.region]}/a/inbox/${
      encodeURIComponent(workspace)
    }/inbox/conversation/${encodeURIComponent(id)}`;
  }

  /** What `init` learnt of the workspace. */
  workspace(): { id: string | null; name: string | null } {
    if (!this.#workspace) {
      const file = readConfigFile(this.settings.dataDir);
      this.#workspace = { id: file.workspace_id ?? null, name: file.workspace_name ?? null };
    }
    return this.#workspace;
  }

  close(): void {
    this.store.close();
  }
}
