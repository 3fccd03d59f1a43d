/**
 * The Redis key layout, documented in the README for people watching with redis-cli:
 * `<prefix>events:<event name>` is the stream of one event type, `<prefix>dead:<function id>` a function's
 * dead letters. Consumer groups are named after function ids.
 */
export interface StreamKeys {
  stream(eventName: string): string;
  deadLetters(functionId: string): string;
}

export function streamKeys(prefix: string): StreamKeys {
  return {
    stream: (eventName) => `${prefix}events:${eventName}`,
    deadLetters: (functionId) => `${prefix}dead:${functionId}`,
  };
}
