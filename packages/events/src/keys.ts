/**
 * The Redis key layout, documented in docs/redis-keys.md for people watching with redis-cli. Every key that a
 * script touches together with a stream carries the stream's hash tag (`{<event name>}`), so that the runtime
 * works unchanged on Redis Cluster, where a script may only touch keys of one slot:
 * - `<prefix>events:{<event name>}`: the stream of one event type; consumer groups are named after function ids;
 * - `<prefix>runs:{<event name>}:<function id>`: event id → stream entry now carrying that run (runs that were
 *   retried, taken over or published again only);
 * - `<prefix>attempts:{<event name>}:<function id>`: event id → attempts started beyond the first;
 * - `<prefix>timers:{<event name>}`: sleeping runs of the event's functions by wake time (a sorted set of run keys);
 * - `<prefix>timer-entries:{<event name>}`: run key → the fields of the entry that wakes it;
 * - `<prefix>dead:{fn:<function id>}`: a function's dead letters;
 * - `<prefix>concurrency|rate|debounce:{fn:<function id>}:<key>`: flow control;
 * - `<prefix>flow-released`: a pub/sub channel, not a key: the concurrency slots just given back;
 * - `<prefix>{lease}:<name>`: leases (the relay's, the replay's).
 */
export interface StreamKeys {
  stream(eventName: string): string;
  /** The event name of a stream key, or null for a key that is not one. */
  eventNameOf(streamKey: string): string | null;
  /** Where every stream key starts (for SCAN). */
  streamKeyStart: string;
  runs(eventName: string, functionId: string): string;
  attempts(eventName: string, functionId: string): string;
  timers(eventName: string): string;
  timerEntries(eventName: string): string;
  /** A function's concurrency slots or rate state for one key value (`*`: the function as a whole). */
  flow(kind: 'concurrency' | 'rate' | 'debounce', functionId: string, value: string): string;
  /** The pub/sub channel on which released concurrency slots are announced (see `SlotReleases`). */
  flowReleased: string;
  deadLetters(functionId: string): string;
  /** The function id of a dead-letter stream key, or null for a key that is not one. */
  functionIdOf(deadLettersKey: string): string | null;
  /** Where every dead-letter stream key starts (for SCAN). */
  deadLettersKeyStart: string;
  lease(name: string): string;
}

export function streamKeys(prefix: string): StreamKeys {
  const streamKeyStart = `${prefix}events:{`;
  const deadLettersKeyStart = `${prefix}dead:{fn:`;
  const inside = (key: string, start: string) =>
    key.startsWith(start) && key.endsWith('}') ? key.slice(start.length, -1) : null;
  return {
    stream: (eventName) => `${streamKeyStart}${eventName}}`,
    eventNameOf: (key) => inside(key, streamKeyStart),
    streamKeyStart,
    runs: (eventName, functionId) => `${prefix}runs:{${eventName}}:${functionId}`,
    attempts: (eventName, functionId) => `${prefix}attempts:{${eventName}}:${functionId}`,
    timers: (eventName) => `${prefix}timers:{${eventName}}`,
    timerEntries: (eventName) => `${prefix}timer-entries:{${eventName}}`,
    flow: (kind, functionId, value) => `${prefix}${kind}:{fn:${functionId}}:${value}`,
    flowReleased: `${prefix}flow-released`,
    deadLetters: (functionId) => `${deadLettersKeyStart}${functionId}}`,
    functionIdOf: (key) => inside(key, deadLettersKeyStart),
    deadLettersKeyStart,
    lease: (name) => `${prefix}{lease}:${name}`,
  };
}
