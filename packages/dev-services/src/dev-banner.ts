import type { SeedResult } from './dev-seed.ts';
import type { DevStack } from './dev-stack.ts';

/** Quotes a string for a POSIX shell (single quotes), so the printed curl can be pasted as is. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
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

/** Everything `pnpm dev` prints once it is up: where things are, who to log in as, one request to try. */
export function renderBanner(opts: {
  apiPort: number;
  stack: DevStack;
  seed: SeedResult;
  dataDir: string;
  apiHealthy: boolean;
}): string {
  const api = `http://localhost:${opts.apiPort}`;
  const { stack, seed } = opts;
  const mongoNote =
    stack.mongo.kind === 'external' ? 'from MONGODB_URI' : `${stack.mongo.kind}, data in ${opts.dataDir}`;
  const services = table([
    ['API (tRPC)', `${api}/trpc`],
    ['Health', `${api}/healthz`],
    stack.mailSinkUrl
      ? ['Mail sink', `${stack.mailSinkUrl}   (SMTP ${stack.smtp.host}:${stack.smtp.port})`]
      : ['Mail', `SMTP ${stack.smtp.host}:${stack.smtp.port} (from MAIL_HOST)`],
    ['MongoDB', `${stack.mongo.uri.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')}   (${mongoNote})`],
    ['Redis', stack.redisUrl],
  ]);
  const logins = table([
    ['EMAIL', 'PASSWORD', 'ROLE'],
    ...seed.users.map((user) => [user.email, user.password, user.role]),
  ]);
  const admin = seed.users.find((user) => user.role === 'admin') ?? seed.users[0];
  const curl = admin
    ? `curl -s -X POST ${api}/trpc/auth.login -H 'content-type: application/json' -d ${shellQuote(
        JSON.stringify({ email: admin.email, password: admin.password }),
      )}`
    : '(the seed created no users)';
  const rule = '─'.repeat(72);
  return [
    rule,
    opts.apiHealthy
      ? 'fixstream dev is running. Ctrl-C stops everything.'
      : `fixstream dev: services are up, but ${api}/healthz does not answer yet (see the [api] lines).`,
    '',
    ...services.map((line) => `  ${line}`),
    '',
    `Demo logins (company "${seed.company.name}"):`,
    ...logins.map((line) => `  ${line}`),
    '',
    'Log in:',
    `  ${curl}`,
    '',
    'Watch the streams and runs:',
    `  MONGODB_URI=${shellQuote(stack.mongo.uri)} REDIS_URL=${shellQuote(stack.redisUrl)} pnpm ops status`,
    rule,
  ].join('\n');
}
