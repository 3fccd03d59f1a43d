import { setTimeout } from 'node:timers/promises';
import { STATS_CACHE_TTL_MS } from '../../../apps/api/src/requests/stats/request-stats-cache.ts';
import { login, trpcMutation, trpcQuery } from '../api/trpc-http.ts';
import type { ReadsCompany } from './company-data.ts';
import { type ReadCaller, type ReadShape, readShapes, type ShapeTargets } from './read-shapes.ts';
import { type SampleOptions, sampleInTurn, type TimedCall } from './sample-in-turn.ts';
import { type ShapeLatency, shapeLatency } from './shape-latency.ts';

/** How long cached stats must still have to live for a timed call to be sure to find them (the slowest call is 2 s). */
const expiryMargin = 5_000;
/**
 * Fresh counts awaited for a warm cache before giving up. Each wait lets every team's counts that expire within
 * `expiryMargin` of the oldest expire together, so the counts of a 30 s cache take six waits at most; a team's
 * counts can land apart from the others' (each team is counted on its own, a stage move recounts one).
 */
const maxRecounts = 8;

/** The password of every person of the read benchmark's companies (hashed once, stored for all). */
export const readsPassword = 'reads-bench-password';

/**
 * Signs in as a manager, a technician and an employee of `company` through `auth.login`, then times every
 * shape of `shapes` (all of `readShapes` unless told) through the API at `apiUrl`, in turn. Returns each shape's
 * latency by name.
 */
export async function measureShapes(
  apiUrl: string,
  company: ReadsCompany,
  options: SampleOptions,
  shapes: readonly ReadShape[] = readShapes,
): Promise<Record<string, ShapeLatency>> {
  const callers: Record<ReadCaller, string> = {
    manager: company.people.manager[0]?.email ?? '',
    // A member of two teams: technicians see their own and their teams' work.
    technician: company.people.technician[0]?.email ?? '',
    technicianElsewhere: technicianOfNoTeamWith(company, 'Pump')?.email ?? '',
    employee: company.people.employee[0]?.email ?? '',
  };
  const tokens = Object.fromEntries(
    await Promise.all(
      Object.entries(callers).map(async ([caller, email]) => [
        caller,
        await login(apiUrl, email, readsPassword),
      ]),
    ),
  ) as Record<ReadCaller, string>;
  const targets: ShapeTargets = {
    teamId: company.teams[0]?.id.toString() ?? '',
    technicianId: company.people.technician[0]?.id.toString() ?? '',
    equipmentId: company.equipment[0]?.id.toString() ?? '',
    page5Cursor: await cursorOfPage(apiUrl, tokens.manager, 5),
  };
  const moveStage = await stageMover(apiUrl, tokens.manager);
  const samples = await sampleInTurn(
    shapes.map((shape) =>
      timedRead(
        shape,
        () => trpcQuery(apiUrl, tokens[shape.caller], shape.procedure, shape.input(targets)),
        moveStage,
      ),
    ),
    options,
  );
  return Object.fromEntries([...samples].map(([name, taken]) => [name, shapeLatency(taken)]));
}

/**
 * The shape as a timed call, with what must happen before each call for the cache to be in the shape's state.
 * Whether the answer came from the cache is checked on `countedAt`, which a fresh count sets anew.
 */
function timedRead(
  shape: ReadShape,
  read: () => Promise<unknown>,
  moveStage: () => Promise<unknown>,
): TimedCall {
  const countedAt = async () => ((await read()) as { countedAt?: unknown }).countedAt;
  const newestTeamCount = async () => {
    const { teams } = (await read()) as { teams?: { countedAt?: string }[] };
    return (teams ?? [])
      .map((team) => team.countedAt ?? '')
      .sort()
      .at(-1);
  };
  let before: unknown;
  switch (shape.cache) {
    case undefined:
      return { name: shape.name, call: read };
    case 'warm':
      return {
        name: shape.name,
        // Until two reads agree (a stage move's invalidation lands after its response, and may land just here),
        // and the oldest team's counts are not about to expire: a slow call must not outlive them.
        prepare: async () => {
          for (let recounts = 0; ; recounts++) {
            let previous: unknown;
            before = await countedAt();
            for (let tries = 0; tries < 5 && before !== previous; tries++) {
              previous = before;
              before = await countedAt();
            }
            const expiresIn = Date.parse(String(before)) + STATS_CACHE_TTL_MS - Date.now();
            if (!(expiresIn < expiryMargin)) return;
            if (recounts === maxRecounts)
              throw new Error(
                `${shape.procedure}: counting takes longer than the cache keeps counts, a warm cache cannot be timed`,
              );
            await setTimeout(Math.max(0, expiresIn) + expiryMargin);
          }
        },
        call: async () => {
          if ((await countedAt()) !== before)
            throw new Error(`${shape.procedure} was not served from its cache`);
        },
      };
    case 'invalidated':
      return {
        name: shape.name,
        prepare: moveStage,
        call: async () => {
          const counted = await newestTeamCount();
          if (counted === before)
            throw new Error(`${shape.procedure} answered from its cache after a stage move`);
          before = counted;
        },
      };
  }
}

/**
 * Moves the company's 100 oldest requests in progress, one per call in turn, back and forth between in progress
 * and repaired (the one pair of stages the lifecycle lets go both ways), so the stage counts move by one at most.
 * In turn, because the bench runs no worker: nothing settles the events a move records, so a request moved every
 * call would carry hundreds of them in its outbox, and every list that shows it would read them (that made
 * `status: in_progress` grow from 12 to 34 ms over the run before this).
 */
async function stageMover(apiUrl: string, token: string): Promise<() => Promise<unknown>> {
  const open = await trpcQuery<{ items: { id: string }[] }>(apiUrl, token, 'requests.list', {
    status: 'in_progress',
    sort: 'oldest',
    limit: 100,
  });
  const moving = open.items.map((item) => ({ id: item.id, next: 'repaired' as 'repaired' | 'in_progress' }));
  if (moving.length === 0) throw new Error('no request in progress to move between stages');
  let turn = 0;
  return async () => {
    const request = moving[turn++ % moving.length] as (typeof moving)[number];
    await trpcMutation(apiUrl, token, 'requests.updateStatus', { id: request.id, status: request.next });
    request.next = request.next === 'repaired' ? 'in_progress' : 'repaired';
  };
}

/** The cursor that fetches page `page` of the manager's default list, following `nextCursor` from the first. */
async function cursorOfPage(apiUrl: string, token: string, page: number): Promise<string> {
  let cursor: string | undefined;
  for (let n = 1; n < page; n++) {
    const result = await trpcQuery<{ nextCursor: string | null }>(apiUrl, token, 'requests.list', {
      limit: 20,
      ...(cursor ? { cursor } : {}),
    });
    if (!result.nextCursor) throw new Error(`requests.list has no page ${n + 1} (${n} pages of 20)`);
    cursor = result.nextCursor;
  }
  if (!cursor) throw new Error('page 5 needs a cursor');
  return cursor;
}

/** A technician none of whose teams maintains equipment of `kind`: their searches for it match nothing. */
function technicianOfNoTeamWith(company: ReadsCompany, kind: string) {
  const teamsWithKind = new Set(
    company.equipment.filter((piece) => piece.kind === kind).map((piece) => piece.team.toString()),
  );
  return company.people.technician.find((person) =>
    company.teams.every(
      (team) =>
        !teamsWithKind.has(team.id.toString()) || !team.members.some((member) => member.equals(person.id)),
    ),
  );
}
