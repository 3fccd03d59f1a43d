import { createClient } from '@fixstream/client';
import { requestCreated, streamKeys } from '@fixstream/events';
import getPort from 'get-port';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFaultWorld, type FaultWorld, faultTestTimeout } from './fault-world.ts';

let world: FaultWorld;
beforeEach(async () => {
  world = await createFaultWorld();
});
afterEach(() => world.close());

// Single Redis only: these tests stop, restart and FLUSHALL a Redis of their own. The cluster is the suite's, shared
// by every test file, and losing part of a cluster (a master down, a failover) is another fault than these.
describe('Redis failures', { timeout: faultTestTimeout }, () => {
  it('Redis stopped while requests are created: every accepted request is mailed once after it returns', async () => {
    const port = await getPort();
    await world.startApi(port);
    await world.startWorker('worker');
    const employee = await world.db.models.User.findOne({ role: 'employee' }).lean();
    const team = await world.db.models.Team.findOne().lean();
    const equipment = await world.db.models.Equipment.findOne().lean();
    if (!employee || !team || !equipment) throw new Error('fixture missing');
    await world.db.models.User.updateOne(
      { _id: employee._id },
      { passwordHash: await bcryptHash('employee-pass') },
    );
    let token: string | null = null;
    const client = createClient({ url: `http://127.0.0.1:${port}/trpc`, token: () => token });
    token = (await client.auth.login.mutate({ email: employee.email, password: 'employee-pass' })).token;
    const create = (i: number) =>
      client.requests.create.mutate({
        subject: `Outage request ${i}`,
        type: 'corrective',
        equipment: equipment._id.toString(),
        maintenanceTeam: team._id.toString(),
        assignedTechnician: (team.members[i % team.members.length] as object).toString(),
      });

    const before = await Promise.all(Array.from({ length: 20 }, (_, i) => create(i)));
    await world.stopRedis();
    const during = [];
    for (let i = 20; i < 50; i++) during.push(await create(i));
    await world.startRedisAgain();
    const after = await Promise.all(Array.from({ length: 10 }, (_, i) => create(50 + i)));

    const requestIds = [...before, ...during, ...after].map((r) => r.id);
    const events = await world.db.models.Request.find({ _id: { $in: requestIds } }, { outbox: 1 }).lean();
    expect(requestIds).toHaveLength(60);
    const owedDuring = events.filter((doc) => doc.outbox.length > 0).length;
    expect(owedDuring).toBeGreaterThanOrEqual(30);
    await waitForRequestMails(world, requestIds);
    const counts = countBySubject(world);
    expect(counts.size).toBe(60);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('Redis loses its data after events were published but before they were consumed: each is still mailed once', async () => {
    const events = await world.createRequests(200, { dueInMs: 1_000 });
    expect(await world.redis.xlen(streamKeys(world.prefix).stream(requestCreated.name))).toBe(200);
    await world.redis.flushall();
    await world.startWorker('worker');
    await world.waitForMails(events);
    const counts = world.mailCounts();
    expect(counts.size).toBe(200);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    await waitForOutboxesCleared(world);
  });
});

async function bcryptHash(password: string): Promise<string> {
  const bcrypt = await import('bcryptjs');
  return bcrypt.default.hash(password, 4);
}

function countBySubject(world: FaultWorld): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mail of world.mails()) counts.set(mail.subject ?? '', (counts.get(mail.subject ?? '') ?? 0) + 1);
  return counts;
}

async function waitForRequestMails(
  world: FaultWorld,
  requestIds: string[],
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const texts = world.mails().map((mail) => mail.text ?? '');
    const missing = requestIds.filter((id) => !texts.some((text) => text.includes(id)));
    if (missing.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(`${missing.length} of ${requestIds.length} request mails missing`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function waitForOutboxesCleared(world: FaultWorld, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await world.db.models.OwedEvent.countDocuments()) > 0) {
    if (Date.now() > deadline) throw new Error('outboxes were not cleared');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
