export {
  type CaptureResult,
  type ChildExit,
  findExecutable,
  type ManagedChild,
  type ManagedChildOptions,
  runCapture,
  spawnManaged,
} from './child-process.ts';
export { ferretdbBinFromEnv, inheritedEnv } from './env.ts';
export {
  ensureFerretDb,
  ensureFerretDbWithoutPushdown,
  FERRETDB_CACHE_PATH,
  FERRETDB_VERSION,
  FERRETDB_WITHOUT_PUSHDOWN_PATH,
} from './ferretdb-binary.ts';
export {
  type LocalServices,
  type ServiceEndpoints,
  type StartLocalServicesOptions,
  startLocalServices,
} from './local-services.ts';
export { type MailPredicate, MailSinkClient, type WaitForMailOptions } from './mail-sink.client.ts';
export type { MailFilter, StoredMail } from './mail-store.ts';
export { type MongoKind, type MongoService, type StartMongoOptions, startMongo } from './mongo.service.ts';
export { mongoUriFor } from './mongo-uri.ts';
export {
  type CapturedQuery,
  captureQueries,
  planOf,
  type QueryPlan,
  type UnservedByDesign,
  unservedQueries,
} from './query-plans.ts';
export { type RedisService, type StartRedisOptions, startRedis } from './redis.service.ts';
export {
  type RedisClusterNode,
  type RedisClusterService,
  type StartRedisClusterOptions,
  startRedisCluster,
} from './redis-cluster.service.ts';
export {
  type RecipientRule,
  type SmtpSink,
  type StartSmtpSinkOptions,
  startSmtpSink,
} from './smtp-sink.service.ts';
