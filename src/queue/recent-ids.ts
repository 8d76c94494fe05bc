/**
 * Ids this process added to a queue recently, so that the same article sighted again (on another list page, in the
 * sitemap, as a related link of another article) costs no Redis round trip: BullMQ would ignore the add of a job id
 * that still exists anyway, but only after a Lua call. Bounded in size and age; pure apart from the clock passed in.
 */
export class RecentIds {
  private readonly seen = new Map<string, number>();

  /**
   * @param capacity - most ids remembered (the oldest are forgotten first)
   * @param ttlMs - how long an id is remembered: after that, an add goes to Redis again (a job that failed and was
   *   released must be retried by a later crawl)
   */
  constructor(
    private readonly capacity: number,
    private readonly ttlMs: number,
  ) {}

  /** True when `id` was added less than ttlMs ago; otherwise remembers it as added `now` and returns false. */
  checkAndAdd(id: string, now: number): boolean {
    const at = this.seen.get(id);
    if (at !== undefined && now - at < this.ttlMs) return true;
    this.seen.delete(id); // re-inserted below: the Map's order stays oldest first
    this.seen.set(id, now);
    if (this.seen.size > this.capacity) this.seen.delete(this.seen.keys().next().value!);
    return false;
  }

  /** Forgets `id` (its add failed, so the next sighting must try again). */
  forget(id: string): void {
    this.seen.delete(id);
  }
}
