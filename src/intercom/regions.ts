// Intercom's API host for each region. No imports, so the process outside the permission fence
// (main.ts, config.ts, fence.ts) can name the hosts without loading the client.

export const REGION_HOSTS = {
  us: "https://api.intercom.io",
  eu: "https://api.eu.intercom.io",
  au: "https://api.au.intercom.io",
} as const;

export type Region = keyof typeof REGION_HOSTS;
