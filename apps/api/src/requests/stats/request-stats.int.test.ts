import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RedisService, startRedis } from '@fixstream/dev-services';
import { waitFor } from '@fixstream/test-support';
import type { Redis } from 'ioredis';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompanyFixture, createCompanyFixture } from '../../testing/company-fixture.ts';
import { failFastRedis } from '../../testing/fail-fast-redis.ts';
import { createTestApi, type TestApi } from '../../testing/test-deps.ts';

const statuses = ['new', 'in_progress', 'repaired', 'scrap'] as const;

async function fillRequests(api: TestApi, company: CompanyFixture, teams: string[], count: number) {
  const rows = Array.from({ length: count }, (_, i) => ({
    subject: `Request ${i}`,
    type: 'corrective',
    status: statuses[(i * 7) % 4],
    maintenanceTeam: new Types.ObjectId(teams[i % teams.length]),
    equipment: new Types.ObjectId(company.equipmentId),
    assignedTechnician: new Types.ObjectId(company.technician.id),
    requestedBy: new Types.ObjectId(company.employee.id),
    company: new Types.ObjectId(company.companyId),
    outbox: [],
  }));
  await api.db.models.Request.insertMany(rows);
}

/** The counts the stats must show, straight from the database. */
async function truth(api: TestApi, companyId: string) {
  const docs = await api.db.models.Request.find(
    { company: companyId },
    { maintenanceTeam: 1, status: 1 },
  ).lean();
  const counts: Record<string, Record<string, number>> = {};
  for (const doc of docs) {
    const team = doc.maintenanceTeam.toString();
    counts[team] ??= { new: 0, in_progress: 0, repaired: 0, scrap: 0 };
    counts[team][doc.status] = (counts[team][doc.status] ?? 0) + 1;
  }
  return counts;
}

async function shown(api: TestApi, token: string) {
  const stats = await api.caller(token).requests.stats();
  return Object.fromEntries(stats.teams.filter((t) => t.total > 0).map((t) => [t.team.id, t.counts]));
}

function newRequest(api: TestApi, company: CompanyFixture) {
  return api.caller(company.employee.token).requests.create({
    subject: 'Conveyor belt slips',
    type: 'corrective',
    equipment: company.equipmentId,
    maintenanceTeam: company.teamId,
    assignedTechnician: company.technician.id,
  });
}

describe('requests.stats from the cache', () => {
  let api: TestApi;
  let acme: CompanyFixture;
  let globex: CompanyFixture;
  let otherTeam: string;

  beforeAll(async () => {
    api = await createTestApi();
    [acme, globex] = await Promise.all([
      createCompanyFixture(api, 'Acme'),
      createCompanyFixture(api, 'Globex'),
    ]);
    const team = await api.db.models.Team.create({
      name: 'Mechanical',
      company: acme.companyId,
      members: [],
    });
    otherTeam = team._id.toString();
    await fillRequests(api, acme, [acme.teamId, otherTeam], 90);
    await fillRequests(api, globex, [globex.teamId], 40);
  });
  afterAll(() => api.close());

  it('shows each role its company’s counts, technicians only their teams', async () => {
    const acmeTruth = await truth(api, acme.companyId);
    expect(await shown(api, acme.manager.token)).toEqual(acmeTruth);
    expect(await shown(api, acme.admin.token)).toEqual(acmeTruth);
    expect(await shown(api, acme.technician.token)).toEqual({ [acme.teamId]: acmeTruth[acme.teamId] });
    expect(await shown(api, globex.manager.token)).toEqual(await truth(api, globex.companyId));
    const filtered = await api.caller(acme.manager.token).requests.stats({ team: globex.teamId });
    expect(filtered.teams).toEqual([]);
  });

  it('counts a create and a stage move in the author’s next call', async () => {
    const before = await api.caller(acme.manager.token).requests.stats();
    const created = await newRequest(api, acme);
    expect(await shown(api, acme.manager.token)).toEqual(await truth(api, acme.companyId));
    const after = await api.caller(acme.manager.token).requests.stats();
    const countedAt = (stats: typeof after, team: string) =>
      stats.teams.find((t) => t.team.id === team)?.countedAt;
    expect(countedAt(after, otherTeam)).toBe(countedAt(before, otherTeam));
    expect(countedAt(after, acme.teamId)).not.toBe(countedAt(before, acme.teamId));
    expect(after.countedAt).toBe(after.teams.map((t) => t.countedAt).sort()[0]);
    await api.caller(acme.technician.token).requests.updateStatus({ id: created.id, status: 'in_progress' });
    expect(await shown(api, acme.technician.token)).toEqual({
      [acme.teamId]: (await truth(api, acme.companyId))[acme.teamId],
    });
    expect(await shown(api, globex.manager.token)).toEqual(await truth(api, globex.companyId));
  });

  it('counts each team once per version, and after an invalidation only that team again', async () => {
    const counted: string[][] = [];
    const count = async (teamIds: string[]) => {
      counted.push(teamIds);
      return Object.fromEntries(
        teamIds.map((team) => [team, { new: counted.length, in_progress: 0, repaired: 0, scrap: 0 }]),
      );
    };
    const company = new Types.ObjectId().toString();
    const cache = api.deps.statsCache;
    const first = await cache.counts(company, ['a', 'b'], count);
    expect((await cache.counts(company, ['a', 'b'], count)).counts).toEqual(first.counts);
    expect(counted).toEqual([['a', 'b']]);
    await cache.invalidate(company, 'b');
    const after = await cache.counts(company, ['a', 'b'], count);
    expect(counted).toEqual([['a', 'b'], ['b']]);
    expect(after.counts.a?.new).toBe(1);
    expect(after.counts.b?.new).toBe(2);
    expect(after.countedAt.getTime()).toBe(first.countedAt.getTime());
    expect((await cache.counts(company, ['b', 'c'], count)).counts.c?.new).toBe(3);
    expect(counted.at(-1)).toEqual(['c']);
  });
});

describe('requests.stats when Redis goes away', () => {
  let redisService: RedisService;
  let redis: Redis;
  let replicaRedis: Redis;
  let api: TestApi;
  let replica: TestApi;
  let acme: CompanyFixture;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stats-redis-'));
    redisService = await startRedis({ quiet: true, persist: true, dir });
    redis = failFastRedis(redisService.url);
    replicaRedis = failFastRedis(redisService.url);
    api = await createTestApi({ redis });
    replica = await createTestApi({ replicaOf: api, redis: replicaRedis });
    acme = await createCompanyFixture(api, 'Acme');
    await fillRequests(api, acme, [acme.teamId], 30);
  });
  afterAll(async () => {
    await replica.close();
    await api.close();
    await redisService.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('counts from the database while Redis is down, and no process serves counts older than a write it missed', async () => {
    expect(await shown(replica, acme.manager.token)).toEqual(await truth(api, acme.companyId));
    const { port } = redisService;
    await redisService.stop();

    await newRequest(api, acme);
    expect(await shown(api, acme.manager.token)).toEqual(await truth(api, acme.companyId));

    redisService = await startRedis({ quiet: true, persist: true, port, dir });
    await waitFor(
      () => redis.status === 'ready' && replicaRedis.status === 'ready',
      'both clients reconnect',
    );
    const expected = JSON.stringify(await truth(api, acme.companyId));
    await waitFor(
      async () => JSON.stringify(await shown(replica, acme.manager.token)) === expected,
      'the other API process shows the write it did not make',
      { timeoutMs: 10_000 },
    );
  });
});
