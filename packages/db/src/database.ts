import mongoose, { type Connection } from 'mongoose';
import { companyModel } from './models/company.model.ts';
import { equipmentModel } from './models/equipment.model.ts';
import { leaseModel } from './models/lease.model.ts';
import { owedEventModel } from './models/owed-event.model.ts';
import { pendingEventModel } from './models/pending-event.model.ts';
import { requestModel } from './models/request.model.ts';
import { requestRevisionModel } from './models/request-revision.model.ts';
import { runModel } from './models/run.model.ts';
import { runResultModel } from './models/run-result.model.ts';
import { teamModel } from './models/team.model.ts';
import { userModel } from './models/user.model.ts';

function createModels(connection: Connection) {
  return {
    Company: companyModel(connection),
    User: userModel(connection),
    Team: teamModel(connection),
    Equipment: equipmentModel(connection),
    Request: requestModel(connection),
    RequestRevision: requestRevisionModel(connection),
    Run: runModel(connection),
    RunResult: runResultModel(connection),
    Lease: leaseModel(connection),
    PendingEvent: pendingEventModel(connection),
    OwedEvent: owedEventModel(connection),
  };
}

export type Models = ReturnType<typeof createModels>;

/** An open connection with its models bound to it; one per process (or per test file). */
export interface Database {
  connection: Connection;
  models: Models;
  /** Closes the connection; safe to call twice. */
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** Overrides the database named in the URI (tests use one database per file). */
  dbName?: string;
  /** Connection pool size; mongoose's default is 100. */
  maxPoolSize?: number;
  serverSelectionTimeoutMs?: number;
  /**
   * Emit the driver's `commandStarted` events on the client (`connection.getClient()`): a connection copies the
   * setting when it opens, so it must be on from the start (the benchmark counts round trips with it).
   */
  monitorCommands?: boolean;
}

/**
 * Connects and builds every index before returning: unique indexes are part of the contract (one run per
 * event and function, one email per user), so nothing may be written before they exist.
 */
export async function connectDatabase(uri: string, options: ConnectOptions = {}): Promise<Database> {
  const connection = mongoose.createConnection(uri, {
    dbName: options.dbName,
    maxPoolSize: options.maxPoolSize ?? 20,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 10_000,
    autoIndex: false,
    autoCreate: true,
    monitorCommands: options.monitorCommands ?? false,
  });
  await connection.asPromise();
  const models = createModels(connection);
  await Promise.all(Object.values(models).map((model) => model.createIndexes()));
  let closing: Promise<void> | null = null;
  return {
    connection,
    models,
    close() {
      closing ??= connection.close();
      return closing;
    },
  };
}
