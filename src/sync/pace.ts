// How fast a sync goes and how long it has left: a first sync of a large workspace takes hours
// at Intercom's rate limit, and says so. Pure, so the display and its tests share one rule.

export interface Pace {
  /** Conversations dealt with per second, since the sync started. */
  perSecond: number;
  /** Seconds until every conversation Intercom counted is dealt with; null while unknown. */
  secondsLeft: number | null;
}

/**
 * The pace from what is done so far. The total is Intercom's count, or what was listed when
 * more came than it counted; nothing is promised before the first conversation is done.
 */
export function syncPace(
  p: { done: number; listed: number; total: number | null },
  elapsedSeconds: number,
): Pace {
  const perSecond = elapsedSeconds > 0 ? p.done / elapsedSeconds : 0;
  const total = Math.max(p.total ?? 0, p.listed);
  if (perSecond <= 0 || total === 0) return { perSecond, secondsLeft: null };
  return { perSecond, secondsLeft: Math.max(0, total - p.done) / perSecond };
}
