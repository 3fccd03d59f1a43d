/**
 * The child side of the bench's IPC: reads the JSON config the parent passed as the first argument, sends
 * messages, and exits when the parent goes away (its IPC channel closes), so no bench child is ever orphaned.
 */
export function childConfig<T>(): T {
  const raw = process.argv[2];
  if (!raw) throw new Error('bench child started without its JSON config argument');
  process.on('disconnect', () => process.exit(0));
  return JSON.parse(raw) as T;
}

/** Sends one IPC message to the bench; a no-op when the channel is already closed. */
export function toParent(message: unknown): void {
  if (process.connected) process.send?.(message);
}

/** Calls `handler` for every IPC message from the bench. */
export function fromParent(handler: (message: unknown) => void | Promise<void>): void {
  process.on('message', (message) => {
    void Promise.resolve(handler(message)).catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  });
}

/** Type guard for the `{ type }`-tagged messages bench children exchange. */
export function isMessage<T extends string>(type: T) {
  return (message: unknown): message is { type: T } & Record<string, unknown> =>
    typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type;
}
