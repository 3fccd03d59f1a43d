import type { OpsRuntime } from './runtime.ts';

/**
 * One `pnpm ops` command. `run` parses its own arguments first (throwing `UsageError`) and opens connections only
 * after that; it throws `OpsError` for failures the operator can act on and returns normally on success.
 */
export interface OpsCommand {
  /** As typed after `pnpm ops`, e.g. `status` or `dead list`. */
  name: string;
  /** One line for the command list in `pnpm ops --help`. */
  summary: string;
  /** The full help text of the command. */
  usage: string;
  run(args: readonly string[], runtime: OpsRuntime): Promise<void>;
}
