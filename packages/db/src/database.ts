import { openRunStorage, type RunStorage } from '@fixstream/run-storage';
import type { Collection } from 'mongodb';
import mongoose, { type Connection, Types } from 'mongoose';
import { companyReportAggregateName } from './company-report-outbox.ts';
import { companyModel } from './models/company.model.ts';
import { companyReportModel } from './models/company-report.model.ts';
import { equipmentModel } from './models/equipment.model.ts';
import { jobClaimModel } from './models/job-claim.model.ts';
import { passwordResetRequestModel } from './models/password-reset-request.model.ts';
import { passwordResetTokenModel } from './models/password-reset-token.model.ts';
import { passwordResetUseModel } from './models/password-reset-use.model.ts';
import { requestModel, retiredRequestIndexes } from './models/request.model.ts';
import { requestSearchTermModel, retiredSearchTermIndexes } from './models/request-search-term.model.ts';
import { requestRevisionModel, userRevisionModel } from './models/revision-claim.model.ts';
import { teamModel } from './models/team.model.ts';
import { userModel } from './models/user.model.ts';
import { webhookDeliveryModel } from './models/webhook-delivery.model.ts';
import { webhookEndpointModel } from './models/webhook-endpoint.model.ts';
import { webhookEndpointDisableModel } from './models/webhook-endpoint-disable.model.ts';
import { webhookMessageModel } from './models/webhook-message.model.ts';
import { passwordResetAggregateName } from './password-reset-outbox.ts';
import { requestAggregateName } from './request-outbox.ts';
import { webhookMessageAggregateName } from './webhook-message-outbox.ts';

/** `IndexNotFound` and `NamespaceNotFound`: what dropping an index that is not there answers. */
const absent = new Set([27, 26]);

/** Drops the named indexes where they exist: an index a model no longer declares costs every write it keeps. */
async function dropIndexes(collection: Collection, names: readonly string[]): Promise<void> {
  for (const name of names)
    await collection.dropIndex(name).catch((error: unknown) => {
      if (!absent.has((error as { code?: number }).code ?? -1)) throw error;
    });
}

function createModels(connection: Connection) {
  return {
    Company: companyModel(connection),
    CompanyReport: companyReportModel(connection),
    User: userModel(connection),
    UserRevision: userRevisionModel(connection),
    Team: teamModel(connection),
    Equipment: equipmentModel(connection),
    Request: requestModel(connection),
    RequestRevision: requestRevisionModel(connection),
    RequestSearchTerm: requestSearchTermModel(connection),
    PasswordResetRequest: passwordResetRequestModel(connection),
    PasswordResetToken: passwordResetTokenModel(connection),
    PasswordResetUse: passwordResetUseModel(connection),
    JobClaim: jobClaimModel(connection),
    WebhookEndpoint: webhookEndpointModel(connection),
    WebhookEndpointDisable: webhookEndpointDisableModel(connection),
    WebhookMessage: webhookMessageModel(connection),
    WebhookDelivery: webhookDeliveryModel(connection),
  };
}

export type Models = ReturnType<typeof createModels>;

/** An open connection with its models bound to it; one per process (or per test file). */
export interface Database {
  connection: Connection;
  /** The domain's documents: companies, people, teams, equipment, requests, password resets. */
  models: Models;
  /** Runs and outboxes on the same connection; requests, password reset requests and webhook messages carry outboxes. */
  storage: RunStorage;
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
  const [storage] = await Promise.all([
    openRunStorage(connection.db as NonNullable<Connection['db']>, [
      {
        name: requestAggregateName,
        collection: models.Request.collection as never,
        documentId: (id) => new Types.ObjectId(id),
      },
      {
        name: companyReportAggregateName,
        collection: models.CompanyReport.collection as never,
        documentId: (id) => id,
        keyedByEventId: true,
      },
      {
        name: passwordResetAggregateName,
        collection: models.PasswordResetRequest.collection as never,
        documentId: (id) => new Types.ObjectId(id),
      },
      {
        name: webhookMessageAggregateName,
        collection: models.WebhookMessage.collection as never,
        documentId: (id) => id,
      },
    ]),
    ...Object.values(models).map((model) => model.createIndexes()),
    dropIndexes(models.Request.collection as never, retiredRequestIndexes),
    dropIndexes(models.RequestSearchTerm.collection as never, retiredSearchTermIndexes),
  ]);
  let closing: Promise<void> | null = null;
  return {
    connection,
    models,
    storage,
    close() {
      closing ??= connection.close();
      return closing;
    },
  };
}
