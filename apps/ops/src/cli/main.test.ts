import { describe, expect, it } from 'vitest';
import type { CliIo } from './io.ts';
import { runOps } from './main.ts';
import type { OpsRuntime } from './runtime.ts';

/** Runs a command line in-process with a runtime that fails the test if anything tries to connect. */
async function ops(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  };
  const untouchable = (): never => {
    throw new Error('usage errors and --help must not read the environment or connect');
  };
  const runtime: OpsRuntime = {
    io,
    env: untouchable,
    database: untouchable,
    redis: untouchable,
    close: async () => {},
  };
  const code = await runOps(argv, io, () => runtime);
  return { code, stdout, stderr };
}

describe('runOps usage handling', () => {
  it.each([
    [[], /^error: no command given\n\nUsage: pnpm ops <command>/],
    [['frobnicate'], /^error: unknown command "frobnicate"\n\nUsage: pnpm ops <command>/],
    [['--json', 'status'], /^error: options go after the command \(pnpm ops <command> --json\)/],
    [['dead'], /^error: dead needs a subcommand: dead list/],
    [['dead', 'lists'], /^error: dead needs a subcommand: dead list/],
    [['status', '--bogus'], /^error: Unknown option '--bogus'.*\n\nUsage: pnpm ops status/],
    [['status', 'extra'], /^error: unexpected argument: extra\n\nUsage: pnpm ops status/],
    [['dead', 'list', '--limit', '0'], /--limit must be a whole number from 1 to 10000, got "0"/],
    [['dead', 'list', '--limit', '1e3'], /--limit must be a whole number/],
    [['dead', 'list', '--limit'], /^error: Option '--limit <value>' argument missing/],
    [['dead', 'list', '--function', 'Bad_Id'], /"Bad_Id" is not a function id/],
    [['replay'], /^error: give an event id, or --all\n\nUsage: pnpm ops replay/],
    [['replay', 'abc', '--all'], /^error: give an event id or --all, not both/],
    [
      ['replay', '--all', '--force'],
      /^error: --all --force runs every succeeded run again; name the function/,
    ],
    [['replay', 'a.b'], /"a\.b" is not an event id/],
    [['replay', 'a', 'b'], /^error: unexpected argument: b/],
    [['redrive'], /^error: give the id of the event to redrive\n\nUsage: pnpm ops redrive/],
    [['redrive', 'x'.repeat(65)], /is not an event id/],
  ])('ops %j exits 2 with the usage', async (argv, stderr) => {
    const run = await ops(...argv);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(stderr);
  });

  it.each([
    [
      ['--help'],
      /^Usage: pnpm ops <command> \[options\]\n[\s\S]*\n {2}dead list\s+dead runs from the ledger/,
    ],
    [['-h'], /^Usage: pnpm ops <command>/],
    [['help', 'replay'], /^Usage: pnpm ops replay <eventId>/],
    [['status', '--help'], /^Usage: pnpm ops status \[--json\]/],
    [['dead', '--help'], /^Usage: pnpm ops dead list/],
    [['dead', 'list', '-h'], /^Usage: pnpm ops dead list/],
    [['replay', 'abc', '--help'], /^Usage: pnpm ops replay/],
    [['redrive', '--help'], /^Usage: pnpm ops redrive <eventId>/],
  ])('ops %j prints help and exits 0', async (argv, stdout) => {
    const run = await ops(...argv);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(stdout);
  });
});
