import { waitFor } from '@fixstream/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { controlledFunction, pinged } from './testing/events.fixture.ts';
import { createOpsHarness, type OpsHarness, owedReplays, pendingCount } from './testing/ops-harness.ts';

interface RedriveJson {
  event: { id: string; name: string };
  source: string;
  functions: { function: string; state: string; runs: boolean }[];
  published: boolean;
  publishError: string | null;
}

let h: OpsHarness;
beforeEach(async () => {
  h = await createOpsHarness();
});
afterEach(() => h.close());

async function succeeded(eventId: string, fnId: string): Promise<boolean> {
  return (await h.db.storage.results.findOne({ _id: `${eventId}.${fnId}` }))?.status === 'succeeded';
}

async function settled(...fnIds: string[]): Promise<void> {
  const stream = h.keys.stream(pinged.name);
  await waitFor(async () => {
    for (const fnId of fnIds) if ((await pendingCount(h.redis, stream, fnId)) !== 0) return false;
    return (await owedReplays(h.db)) === 0;
  }, 'entries acked and owed events settled');
}

describe('ops redrive', { timeout: 60_000 }, () => {
  it('runs an event again only for the function that has not finished it', async () => {
    const first = controlledFunction('first-fn');
    const second = controlledFunction('second-fn');
    const early = await h.startWorker([first.fn]);
    const event = pinged.create({ n: 1 });
    await h.publisher.publish(event);
    await waitFor(() => succeeded(event.id, 'first-fn'), 'the first function done');
    await early.close();
    // Redis loses the stream (a restart without persistence); then a worker with a second function starts.
    await h.redis.del(h.keys.stream(pinged.name));
    await h.startWorker([first.fn, second.fn]);

    const run = await h.cli('redrive', event.id, '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(run.json<RedriveJson>()).toEqual({
      event: { id: event.id, name: pinged.name },
      source: 'function_runs',
      functions: [
        { function: 'first-fn', state: 'succeeded', runs: false },
        { function: 'second-fn', state: 'not-started', runs: true },
      ],
      published: true,
      publishError: null,
    });
    await waitFor(() => succeeded(event.id, 'second-fn'), 'the second function ran it');
    await settled('first-fn', 'second-fn');
    expect([first.callsOf(event.id), second.callsOf(event.id)]).toEqual([1, 1]);
  });

  it("finds an event that only a request's outbox holds, and every function runs it once", async () => {
    const first = controlledFunction('first-fn');
    const second = controlledFunction('second-fn');
    await h.startWorker([first.fn, second.fn]);
    const event = pinged.create({ n: 2 });
    await h.db.models.Request.collection.insertOne({
      subject: 'owes an event nobody published',
      outbox: [event],
    });

    const run = await h.cli('redrive', event.id);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Event ${event.id} (${pinged.name}), found in maintenance_requests.`);
    expect(run.stdout).toMatch(/first-fn\s+not-started\s+runs it/);
    expect(run.stdout).toContain('Published 1 event to Redis');
    await waitFor(
      async () => (await succeeded(event.id, 'first-fn')) && (await succeeded(event.id, 'second-fn')),
      'both functions ran it',
    );
    await settled('first-fn', 'second-fn');
    expect([first.callsOf(event.id), second.callsOf(event.id)]).toEqual([1, 1]);
  });

  it('fails with a message for an unknown event', async () => {
    const run = await h.cli('redrive', 'no-such-event');
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toBe(
      'error: unknown event no-such-event: no run, request outbox or replay holds it\n',
    );
  });
});

describe('ops command line', { timeout: 60_000 }, () => {
  it('exits 2 with the usage on bad usage and 0 with --help, as a process (the cases: cli/main.test.ts)', async () => {
    const [unknown, both, help] = await Promise.all([
      h.cli('frobnicate'),
      h.cli('replay', 'abc', '--all'),
      h.cli('--help'),
    ]);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toMatch(/^error: unknown command "frobnicate"\n\nUsage: pnpm ops <command>/);
    expect(both).toMatchObject({ code: 2, stdout: '' });
    expect(both.stderr).toMatch(/^error: give an event id or --all, not both\n\nUsage: pnpm ops replay/);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: pnpm ops <command> \[options\]/);
  });

  it('says which variable is wrong when the environment is bad', async () => {
    const run = await h.cliWithEnv({ REDIS_URL: 'http://nope' }, 'status');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error: invalid environment: REDIS_URL: must be a redis:// or rediss:// URL\n');
  });
});
