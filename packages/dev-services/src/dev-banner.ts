import type { SeedResult } from './dev-seed.ts';
import type { DevStack } from './dev-stack.ts';

/** Quotes a string for a POSIX shell (single quotes), so the printed commands can be pasted as is. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A shell word as is when it needs no quotes (URLs, paths), quoted otherwise. */
function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : shellQuote(value);
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('   ')
      .trimEnd(),
  );
}

/**
 * Shell lines that sign in as the demo employee, create a request on seeded equipment (its team, its default
 * technician) and list requests: pasted into any shell, they work as they are. Empty when the seed lacks the data.
 */
export function tryItCommands(apiUrl: string, seed: SeedResult): { lines: string[]; mailTo: string } | null {
  const user = seed.users.find((candidate) => candidate.role === 'employee') ?? seed.users[0];
  const equipment = seed.equipment.find((item) =>
    seed.teams.some((team) => team.id === item.team && team.members.includes(item.defaultTechnician)),
  );
  const technician = seed.users.find((candidate) => candidate.id === equipment?.defaultTechnician);
  if (!user || !equipment || !technician) return null;
  const login = JSON.stringify({ email: user.email, password: user.password });
  const request = JSON.stringify({
    subject: `${equipment.name} makes a grinding noise`,
    type: 'corrective',
    priority: 2,
    equipment: equipment.id,
    maintenanceTeam: equipment.team,
    assignedTechnician: equipment.defaultTechnician,
  });
  const json = `-H 'content-type: application/json'`;
  return {
    lines: [
      `API=${shellWord(apiUrl)}`,
      `TOKEN=$(curl -sS -X POST "$API/auth.login" ${json} -d ${shellQuote(login)} | node -pe 'JSON.parse(require("fs").readFileSync(0)).result.data.token')`,
      `curl -sS -w '\\n' -X POST "$API/requests.create" -H "authorization: Bearer $TOKEN" ${json} -d ${shellQuote(request)}`,
      `curl -sS -w '\\n' "$API/requests.list?input=%7B%22limit%22%3A5%7D" -H "authorization: Bearer $TOKEN"`,
    ],
    mailTo: `${technician.name} <${technician.email}>`,
  };
}

/** `redis-cli` lines against the dev Redis itself (not the machine's own on 6379). */
export function redisCommands(redisUrl: string, keyPrefix: string): string[] {
  const stream = shellQuote(`${keyPrefix}events:{maintenance/request.created}`);
  const cli = `redis-cli -u ${shellWord(redisUrl)}`;
  return [
    `${cli} XINFO GROUPS ${stream}`,
    `${cli} XPENDING ${stream} send-request-notification - + 10`,
    `${cli} --scan --pattern ${shellQuote(`${keyPrefix}*`)}`,
  ];
}

/** Everything `pnpm dev` prints once it is up: where things are, who to log in as, commands to paste. */
export function renderBanner(opts: {
  apiPort: number;
  /** The Vite dev server's port, when `pnpm dev` runs the web app. */
  webPort?: number;
  stack: DevStack;
  seed: SeedResult;
  dataDir: string;
  /** The session's env file, as the user would type its path. */
  envFile: string;
  keyPrefix: string;
  apiHealthy: boolean;
}): string {
  const api = `http://localhost:${opts.apiPort}`;
  const { stack, seed } = opts;
  const mongoNote =
    stack.mongo.kind === 'external' ? 'from MONGODB_URI' : `${stack.mongo.kind}, data in ${opts.dataDir}`;
  const services = table([
    ...(opts.webPort
      ? [['Web app', `http://localhost:${opts.webPort}   (sign in with a demo login below)`]]
      : []),
    ['API (tRPC)', `${api}/trpc`],
    ['Health', `${api}/healthz`],
    stack.mailSinkUrl
      ? ['Mail sink', `${stack.mailSinkUrl}   (SMTP ${stack.smtp.host}:${stack.smtp.port})`]
      : ['Mail', `SMTP ${stack.smtp.host}:${stack.smtp.port} (from MAIL_HOST)`],
    ...(stack.mailSinkUrl && stack.demoWebhook
      ? [['Webhooks', `${stack.mailSinkUrl}/webhooks   (the demo endpoint's receiver)`]]
      : []),
    ['MongoDB', `${stack.mongo.uri.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')}   (${mongoNote})`],
    ['Redis', stack.redisUrl],
  ]);
  const logins = table([
    ['EMAIL', 'PASSWORD', 'ROLE'],
    ...seed.users.map((user) => [user.email, user.password, user.role]),
  ]);
  const tryIt = tryItCommands(`${api}/trpc`, seed);
  const mailNote = stack.mailSinkUrl ? `on ${stack.mailSinkUrl}` : `at ${stack.smtp.host}:${stack.smtp.port}`;
  const indent = (lines: string[]) => lines.map((line) => `  ${line}`);
  const rule = '─'.repeat(72);
  return [
    rule,
    opts.apiHealthy
      ? 'fixstream dev is running. Ctrl-C stops everything.'
      : `fixstream dev: services are up, but ${api}/healthz does not answer yet (see the [api] lines).`,
    '',
    ...indent(services),
    '',
    `Demo logins (company "${seed.company.name}"):`,
    ...indent(logins),
    '',
    ...(tryIt
      ? [
          'Try it from another terminal (paste as is):',
          ...indent(tryIt.lines),
          `The mail to ${tryIt.mailTo} shows up ${mailNote} within a second.`,
        ]
      : ['(The seed created no equipment with a team and technician to try a request on.)']),
    '',
    `Other terminals: pnpm seed and pnpm ops (and pnpm start:*, after pnpm build) use ${opts.envFile} while this runs.`,
    `Load it into a shell with: source ${shellWord(opts.envFile)}   ($REDIS_URL, $FIXSTREAM_API_URL, …)`,
    ...indent(['pnpm ops status', ...redisCommands(stack.redisUrl, opts.keyPrefix)]),
    rule,
  ].join('\n');
}
