/**
 * Seen JWT ids, each kept until its token expires (CDS Hooks best practice: "the jti has not
 * been seen in short-term storage"). Bounded: expired entries are purged as new ones arrive;
 * when full of live entries, new tokens are refused rather than the oldest forgotten (a replay
 * window must never silently open).
 *
 * Per process: behind a load balancer, give each client sticky routing or accept that a replay
 * to another replica within the token lifetime (≤ 5 minutes) is not detected.
 */
export class ReplayCache {
  private readonly expiries = new Map<string, number>();

  constructor(private readonly maxEntries = 200_000) {}

  /** Remember an id until `expiresAt` (seconds); false if it was already seen or the cache is full. */
  remember(id: string, expiresAt: number, nowSeconds: number): boolean {
    const seen = this.expiries.get(id);
    if (seen !== undefined && seen >= nowSeconds) return false;
    if (this.expiries.size >= this.maxEntries) this.purge(nowSeconds);
    if (this.expiries.size >= this.maxEntries) return false;
    this.expiries.set(id, expiresAt);
    return true;
  }

  private purge(nowSeconds: number): void {
    for (const [id, exp] of this.expiries) if (exp < nowSeconds) this.expiries.delete(id);
  }
}
