export { findDotEnv } from './dot-env.ts';
export {
  apiEnv,
  authEnv,
  envBoolean,
  mongoEnv,
  nodeEnv,
  redisEnv,
  requireRedisTarget,
  smtpEnv,
  workerEnv,
} from './fragments.ts';
export { EnvError, parseEnv } from './parse-env.ts';
export { closeOnSignals } from './shutdown.ts';
