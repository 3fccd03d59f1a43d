import { createAdminCommand } from '../commands/create-admin.command.ts';
import { deadListCommand } from '../commands/dead-list.command.ts';
import { redriveCommand } from '../commands/redrive.command.ts';
import { replayCommand } from '../commands/replay.command.ts';
import { searchTermsRebuildCommand } from '../commands/search-terms-rebuild.command.ts';
import { statusCommand } from '../commands/status.command.ts';
import { formatTable } from '../format/table.ts';
import type { OpsCommand } from './command.ts';
import { exitCodes, OpsError, UsageError } from './errors.ts';
import type { CliIo } from './io.ts';
import { createRuntime, messageOf, type OpsRuntime } from './runtime.ts';

/** Every command, in the order `pnpm ops --help` lists them. */
export const opsCommands: readonly OpsCommand[] = [
  createAdminCommand,
  statusCommand,
  deadListCommand,
  replayCommand,
  redriveCommand,
  searchTermsRebuildCommand,
];

export function topUsage(): string {
  const list = formatTable(
    [{ header: 'COMMAND' }, { header: 'WHAT IT DOES' }],
    opsCommands.map((command) => [command.name, command.summary]),
  )
    .split('\n')
    .slice(2)
    .map((line) => `  ${line}`);
  return [
    'Usage: pnpm ops <command> [options]',
    '',
    "Operators' tools for fixstream's event streams (Redis) and run ledger (MongoDB).",
    '',
    'Commands:',
    ...list,
    '',
    'Every command takes --json (one JSON document on stdout) and --help.',
    'Configuration: MONGODB_URI, REDIS_URL (or REDIS_CLUSTER_NODES for a Redis Cluster) and',
    'FIXSTREAM_KEY_PREFIX (default "fixstream:"), from the environment or a .env file at the repository root.',
    'Exit codes: 0 done, 1 failed (message on stderr), 2 bad usage.',
  ].join('\n');
}

const helpFlags = new Set(['--help', '-h']);

/**
 * Runs one command line (`argv` without the node and script paths) and returns the exit code. Output goes through
 * `io`; connections are closed before returning.
 */
export async function runOps(
  argv: readonly string[],
  io: CliIo,
  makeRuntime: (io: CliIo) => OpsRuntime = createRuntime,
): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) return usageFailure(io, new UsageError('no command given', topUsage()));
  if (helpFlags.has(first) || first === 'help') {
    const command = rest[0] ? findCommand(rest) : null;
    io.stdout(`${command?.command.usage ?? topUsage()}\n`);
    return exitCodes.ok;
  }
  const found = findCommand(argv);
  if (!found) {
    const group = opsCommands.filter((command) => command.name.startsWith(`${first} `));
    const message =
      group.length > 0
        ? `${first} needs a subcommand: ${group.map((command) => command.name).join(', ')}`
        : first.startsWith('-')
          ? `options go after the command (pnpm ops <command> ${first})`
          : `unknown command "${first}"`;
    const [only] = group;
    if (only && group.length === 1 && rest.some((arg) => helpFlags.has(arg))) {
      io.stdout(`${only.usage}\n`);
      return exitCodes.ok;
    }
    return usageFailure(io, new UsageError(message, topUsage()));
  }
  const { command, args } = found;
  if (args.some((arg) => helpFlags.has(arg))) {
    io.stdout(`${command.usage}\n`);
    return exitCodes.ok;
  }
  const runtime = makeRuntime(io);
  try {
    await command.run(args, runtime);
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(io, error);
    io.stderr(`error: ${messageOf(error)}\n`);
    if (!(error instanceof OpsError) && error instanceof Error && wantsStack(runtime)) {
      io.stderr(`${error.stack ?? ''}\n`);
    }
    return exitCodes.failed;
  } finally {
    await runtime.close();
  }
}

function findCommand(argv: readonly string[]): { command: OpsCommand; args: readonly string[] } | null {
  for (const command of opsCommands) {
    const words = command.name.split(' ');
    if (words.every((word, i) => argv[i] === word)) return { command, args: argv.slice(words.length) };
  }
  return null;
}

function usageFailure(io: CliIo, error: UsageError): number {
  io.stderr(`error: ${error.message}\n\n${error.usage}\n`);
  return exitCodes.usage;
}

/** Unexpected errors show their stack when LOG_LEVEL asks for detail. */
function wantsStack(runtime: OpsRuntime): boolean {
  try {
    return ['debug', 'trace'].includes(runtime.env().LOG_LEVEL);
  } catch {
    return false;
  }
}
