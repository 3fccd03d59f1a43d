/**
 * Where a searched `requests.list` page spends its time: fills one company of the read benchmark to each size
 * (with its search terms), then calls `listRequests` in process for every search shape the benchmark times and
 * prints, per shape, the median call and the database commands it sent (how many, and their summed time by
 * collection). The in-process call leaves out HTTP, tRPC and the session lookup, which every list pays alike.
 *
 *   node --import tsx bench/src/probes/search-shapes.probe.ts [historySizes, default 10000] [calls, default 30]
 */
import { connectDatabase } from '@fixstream/db';
import { mongoUriFor, startMongo } from '@fixstream/dev-services';
import type { ApiDeps } from '../../../apps/api/src/deps.ts';
import type { ListRequestsInput } from '../../../apps/api/src/requests/request.schemas.ts';
import { listRequests } from '../../../apps/api/src/requests/request-list.ts';
import type { SessionUser } from '../../../apps/api/src/trpc/init.ts';
import { openCompanyHistory } from '../reads/history-fill.ts';

const sizes = (process.argv[2] ?? '10000').split(',').map(Number);
const calls = Number(process.argv[3] ?? 30);
const only = process.argv[4];

type Role = 'manager' | 'technician' | 'employee';

/**
 * Each shape's caller is the first of its role, or the one at the index given: the seventh technician is in the
 * third and fourth teams, which maintain no pump and no generator (every tenth piece of equipment is a pump, all
 * maintained by the first team).
 */
const shapes: [string, Role | [Role, number], Partial<ListRequestsInput>][] = [
  ['pump', 'manager', { search: 'pump' }],
  ['leak pu', 'manager', { search: 'leak pu' }],
  ['generator 17', 'manager', { search: 'generator 17' }],
  ['pump 21', 'manager', { search: 'pump 21' }],
  ['pump, in_progress', 'manager', { search: 'pump', status: 'in_progress' }],
  ['pump, by priority', 'manager', { search: 'pump', sort: 'priority' }],
  ['pump generator', 'manager', { search: 'pump generator' }],
  ['pump as technician', 'technician', { search: 'pump' }],
  ['pump as technician of other teams', ['technician', 6], { search: 'pump' }],
  ['leak as technician of other teams', ['technician', 6], { search: 'leak' }],
  ['pump as employee', 'employee', { search: 'pump' }],
];

const mongo = await startMongo({ quiet: true });
const db = await connectDatabase(mongoUriFor(mongo.uri, 'search-probe'), { monitorCommands: true });
try {
  const now = new Date();
  const history = await openCompanyHistory([db], { index: 0, passwordHash: 'x', now, searchTerms: true });
  const { company } = history;
  const callerOf = (caller: Role | [Role, number]): SessionUser => {
    const [role, index] = typeof caller === 'string' ? [caller, 0] : caller;
    const person = company.people[role][index];
    if (!person) throw new Error(`the company has no ${role}`);
    return {
      id: person.id.toString(),
      companyId: company.id.toString(),
      role,
      name: role,
      email: person.email,
    };
  };
  const deps = { db } as ApiDeps;
  const commands: { collection: string; ms: number }[] = [];
  const started = new Map<number, string>();
  const client = db.connection.getClient();
  client.on('commandStarted', (event) => {
    const command = event.command as Record<string, unknown>;
    // A getMore names its cursor in the command's field and its collection beside it.
    const collection = event.commandName === 'getMore' ? command.collection : command[event.commandName];
    started.set(event.requestId, String(collection ?? event.commandName));
  });
  client.on('commandSucceeded', (event) => {
    commands.push({ collection: started.get(event.requestId) ?? '?', ms: event.duration });
    started.delete(event.requestId);
  });
  for (const size of sizes) {
    await history.growTo([db], size);
    console.log(`\n${size} requests\n`);
    console.log('| shape | rows | median ms | commands | command ms by collection |');
    console.log('| --- | --- | --- | --- | --- |');
    for (const [name, role, input] of shapes.filter(([n]) => !only || only.split(';').includes(n))) {
      const times: number[] = [];
      let rows = 0;
      commands.length = 0;
      for (let call = 0; call < calls; call++) {
        const start = performance.now();
        const page = await listRequests(deps, callerOf(role), { limit: 20, ...input } as ListRequestsInput);
        times.push(performance.now() - start);
        rows = page.items.length;
      }
      const byCollection = new Map<string, number>();
      for (const { collection, ms } of commands)
        byCollection.set(collection, (byCollection.get(collection) ?? 0) + ms / calls);
      const spent = [...byCollection].map(([collection, ms]) => `${collection} ${ms.toFixed(1)}`).join(', ');
      times.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)] ?? 0;
      console.log(
        `| ${name} | ${rows} | ${median.toFixed(1)} | ${(commands.length / calls).toFixed(1)} | ${spent} |`,
      );
    }
  }
} finally {
  await db.connection.dropDatabase();
  await db.close();
  await mongo.stop();
}
