import { Redis } from 'ioredis';

/** Round trips a process has made so far; the bench subtracts two readings to get those of one round. */
export interface RoundTrips {
  mongo: number;
  redis: number;
}

/** Connection upkeep, not work: handshakes, authentication, liveness and session cleanup. */
const mongoUpkeep = new Set(['hello', 'ismaster', 'ping', 'saslstart', 'saslcontinue', 'endsessions']);

/** The one event of the MongoDB driver the counter needs (typed here so the bench needs no `mongodb` import). */
interface CommandEvents {
  on(event: 'commandStarted', listener: (event: { commandName: string }) => void): unknown;
}

/**
 * Counts the commands a MongoDB client sends, upkeep left out. Each command the driver starts is one request and
 * one reply on the wire, so counting `commandStarted` counts round trips. The client must have been created with
 * `monitorCommands` (see `connectDatabase`), or no event fires.
 */
export function countMongoRoundTrips(client: CommandEvents): () => number {
  let count = 0;
  client.on('commandStarted', (event) => {
    if (!mongoUpkeep.has(event.commandName.toLowerCase())) count++;
  });
  return () => count;
}

/**
 * Counts the round trips of every ioredis connection of this process, including the ones the runtime duplicates
 * for blocking reads: `Redis.prototype.sendCommand` is where every command of every connection goes. A pipeline
 * or MULTI calls it once per queued command with the same pipeline writer as `stream` (ioredis
 * `built/Pipeline.js`, `execPipeline`), and that writer sends them all in one socket write, so it counts once. A
 * command passing through twice (offline queue, resend after reconnect) also counts once. Patches the class for
 * the whole process: only for bench child processes.
 */
export function countRedisRoundTrips(): () => number {
  type SendCommand = (
    this: Redis,
    command: object,
    stream?: { isPipeline?: boolean },
    ...rest: unknown[]
  ) => unknown;
  const prototype = Redis.prototype as unknown as { sendCommand: SendCommand };
  const original = prototype.sendCommand;
  const counted = new WeakSet<object>();
  let count = 0;
  prototype.sendCommand = function (command, stream, ...rest) {
    const trip = stream?.isPipeline ? stream : command;
    if (!counted.has(trip)) {
      counted.add(trip);
      count++;
    }
    return original.call(this, command, stream, ...rest);
  };
  return () => count;
}
