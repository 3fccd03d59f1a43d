/** The logging surface the runtime needs; a pino logger satisfies it, so does a test spy. */
export interface RuntimeLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export const silentLogger: RuntimeLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

/**
 * A logger that adds `fields` to every line (a run's event id and run key), so each line of a run can be found by
 * either without every call site repeating them; a call's own fields win.
 */
export function withLogFields(logger: RuntimeLogger, fields: object): RuntimeLogger {
  return {
    debug: (own, message) => logger.debug({ ...fields, ...own }, message),
    info: (own, message) => logger.info({ ...fields, ...own }, message),
    warn: (own, message) => logger.warn({ ...fields, ...own }, message),
    error: (own, message) => logger.error({ ...fields, ...own }, message),
  };
}
