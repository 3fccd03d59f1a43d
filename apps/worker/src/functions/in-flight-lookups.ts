/**
 * Single-flight lookups: callers asking for the same key while a lookup for it is in flight share that lookup
 * instead of starting their own. Nothing is cached once it settles, so a caller never gets a result read before
 * the lookup it joined started. Many concurrent runs mail about the same few teams, technicians and equipment,
 * so under load this turns most of their reference-data queries (the database's work per mail) into one each.
 */
export class InFlightLookups {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  /** Runs `lookup` for `key`, or joins the one already running for it. */
  get<T>(key: string, lookup: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key);
    if (running) return running as Promise<T>;
    const started = lookup().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }

  /** Lookups in flight now (tests). */
  get size(): number {
    return this.inFlight.size;
  }
}
