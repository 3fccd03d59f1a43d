import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { DEV_PID_VARIABLE } from '@fixstream/config';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function quote(name: string, value: string): string {
  if (!/['\n\r]/.test(value)) return `'${value}'`;
  if (!/["$`\\\n\r]/.test(value)) return `"${value}"`;
  throw new Error(
    `${name} holds both quote kinds or a $, \` or \\ with a quote; it cannot be written to an env file that a ` +
      'shell and Node read alike',
  );
}

/**
 * `NAME='value'` lines that `source` in a POSIX shell and Node's env-file parser (what the apps read) both read
 * back as the same values, after `#` comment lines.
 */
export function serializeEnvFile(
  variables: Record<string, string>,
  comments: readonly string[] = [],
): string {
  const lines = comments.map((comment) => `# ${comment}`);
  for (const [name, value] of Object.entries(variables)) {
    if (!NAME.test(name)) throw new Error(`${JSON.stringify(name)} is not an environment variable name`);
    lines.push(`${name}=${quote(name, value)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The pid recorded in an env file written by `pnpm dev`, or null when there is no such file or pid. */
export function devEnvFileOwner(path: string): number | null {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  const pid = Number(parseEnv(content)[DEV_PID_VARIABLE]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/**
 * Writes the env file of this `pnpm dev` session: readable by its owner only (it holds the JWT secret), and
 * replaced in one rename so a second terminal never reads half of it.
 */
export function writeDevEnvFile(path: string, variables: Record<string, string>, comments: string[]): void {
  const content = serializeEnvFile({ [DEV_PID_VARIABLE]: String(process.pid), ...variables }, comments);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, content, { mode: 0o600 });
  renameSync(temporary, path);
}

/** Removes the env file if this process wrote it (synchronous: also runs from an `exit` handler). */
export function removeDevEnvFile(path: string): void {
  if (devEnvFileOwner(path) === process.pid) rmSync(path, { force: true });
}
