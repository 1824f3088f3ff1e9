// The sync's own keys in the cache's state table, and the overlap every "since" allows for.

export const STATE = {
  /** Unix seconds (Intercom's updated_at): conversations updated since then may be unread. */
  highWaterMark: "high_water_mark",
  /** Unix seconds: the oldest updated_at the cache is complete from. */
  coveredSince: "covered_since",
  /** Unix seconds by Intercom's clock: deletions before then are applied. */
  deletedCheckedAt: "deleted_checked_at",
  /** Unix seconds by this machine's clock: when Intercom last refused to show contacts. */
  contactsRefusedAt: "contacts_refused_at",
} as const;

/** Re-listed on every incremental sync: covers writes that land late in Intercom's index. */
export const OVERLAP_SECONDS = 300;
