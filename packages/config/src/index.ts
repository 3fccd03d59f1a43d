export { findDotEnv } from './dot-env.ts';
export {
  DEV_ENV_FILE_NAME,
  DEV_PID_VARIABLE,
  DEV_STATE_DIR,
  devStateDir,
  type EnvLayersOptions,
  type EnvSource,
  findWorkspaceRoot,
  isProcessAlive,
  readEnvLayers,
} from './env-layers.ts';
export {
  apiEnv,
  apiMetricsEnv,
  authEnv,
  envBoolean,
  mongoEnv,
  nodeEnv,
  redisEnv,
  requireRedisTarget,
  smtpEnv,
  traceSamplerNames,
  tracingEnv,
  workerEnv,
  workerMetricsEnv,
} from './fragments.ts';
export { EnvError, parseEnv } from './parse-env.ts';
export { closeOnSignals } from './shutdown.ts';
