// The one place that decides whether a failed request is worth another try, and how long to
// wait first. Pure, so the policy can be tested without a network.

/** What happened to one attempt. */
export interface Outcome {
  /** HTTP status, or undefined when no response came (network error, timeout). */
  status?: number;
  /** A 200 whose body was empty or not JSON: seen in practice, and worth a retry. */
  unusableBody?: boolean;
  /** Seconds from the `Retry-After` header, when present. */
  retryAfterSeconds?: number;
  /** `X-RateLimit-Reset` as Unix seconds, when present. */
  rateLimitReset?: number;
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
};

const RETRYABLE_STATUS = new Set([408, 409, 429]);

export function isRetryable(o: Outcome): boolean {
  if (o.status === undefined) return true;
  if (o.status === 200) return o.unusableBody === true;
  return RETRYABLE_STATUS.has(o.status) || o.status >= 500;
}

/**
 * Milliseconds to wait before attempt `attempt + 1`, or null to give up. `attempt` counts from 1.
 * A 429 waits for the window to reset (plus jitter so that many workers do not return at once);
 * the rest back off exponentially with full jitter, capped.
 */
export function retryDelay(
  o: Outcome,
  attempt: number,
  nowMs: number,
  random: () => number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): number | null {
  if (!isRetryable(o) || attempt >= policy.maxAttempts) return null;
  const jitter = Math.floor(random() * 250);
  if (o.retryAfterSeconds !== undefined && o.retryAfterSeconds >= 0) {
    return Math.min(o.retryAfterSeconds * 1000, policy.maxDelayMs * 3) + jitter;
  }
  if (o.status === 429 && o.rateLimitReset !== undefined) {
    const untilReset = o.rateLimitReset * 1000 - nowMs;
    // A reset in the past (clock skew) still deserves a short pause.
    return Math.min(Math.max(untilReset, 200), policy.maxDelayMs * 3) + jitter;
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling) + jitter;
}
