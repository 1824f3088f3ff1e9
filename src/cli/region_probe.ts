// Finds which of Intercom's regions knows a token: `GET /me` in each until one accepts it. A
// token belongs to one region; the others answer 401.

import type { Settings } from "../config.ts";
import { IntercomClient, IntercomError } from "../intercom/client.ts";
import { type Region, REGION_HOSTS } from "../intercom/regions.ts";
import type { Me } from "../intercom/parse.ts";
import { CommandFailed } from "./command.ts";

export interface Candidate {
  region: Region;
  url: string;
}

/** Where to ask: the configured API URL alone, the region asked for alone, or every region. */
export function candidates(settings: Settings, region: Region | undefined): Candidate[] {
  if (settings.apiUrlSource !== "default") {
    return [{ region: region ?? settings.region, url: settings.apiUrl }];
  }
  if (region) return [{ region, url: REGION_HOSTS[region] }];
  return (Object.keys(REGION_HOSTS) as Region[]).map((r) => ({ region: r, url: REGION_HOSTS[r] }));
}

/** The first candidate that accepts the token, with what `/me` says; the last error otherwise. */
export async function probeRegions(
  token: string,
  list: readonly Candidate[],
  signal: AbortSignal,
): Promise<{ region: Region; me: Me }> {
  let lastError: unknown = null;
  for (const c of list) {
    const client = new IntercomClient({
      baseUrl: c.url,
      token,
      retry: { maxAttempts: 3, baseDelayMs: 250, maxDelayMs: 2000 },
    });
    try {
      return { region: c.region, me: await client.me(signal) };
    } catch (e) {
      lastError = e;
      // Only a refusal means "not this region"; anything else would be the same everywhere.
      if (!(e instanceof IntercomError && e.status === 401)) break;
    }
  }
  if (lastError instanceof IntercomError && lastError.status === 401 && list.length > 1) {
    throw new CommandFailed(
      `the token was refused in every region (${
        list.map((c) => c.region).join(", ")
      }); check that it is a current access token`,
    );
  }
  throw lastError;
}
