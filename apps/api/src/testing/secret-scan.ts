import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';

/** A secret written in the repository, and where. */
export interface FoundSecret {
  file: string;
  secret: string;
}

const skippedDirectories = new Set([
  'node_modules',
  '.git',
  '.turbo',
  '.fixstream',
  'dist',
  'coverage',
  'results',
]);
const codeExtensions = new Set(['.ts', '.tsx', '.js', '.mjs', '.cjs']);
const textExtensions = new Set([...codeExtensions, '.md', '.sh', '.json', '.yaml', '.yml', '.toml', '.txt']);

/**
 * `<name>: 'value'` or `<name>=value` where the name says secret (`JWT_SECRET`, `jwtSecret`, `secret`,
 * `DEV_JWT_SECRET`): group 2 is a quoted value, group 3 an unquoted one.
 */
const assignment = /\b\w*secret\b["']?\s*[:=]\s*(?:(['"`])((?:(?!\1)[^\n])*)\1|([^\s'"`,;)]+))/gi;

/**
 * The secret values assigned in one file's text. Values built at run time (`${...}`, `$(...)`, `$VAR`) are not
 * secrets written down; neither are unquoted words in code (`secret: env.JWT_SECRET` names a variable).
 */
export function secretsInText(text: string, fileName: string): string[] {
  const isCode = codeExtensions.has(extname(fileName));
  const found: string[] = [];
  for (const match of text.matchAll(assignment)) {
    const quoted = match[2];
    const bare = match[3];
    const value = quoted ?? (isCode ? undefined : bare);
    if (value === undefined || value.length < 8 || value.includes('$')) continue;
    found.push(value);
  }
  return found;
}

/** `.env.example` and the like are published; `.env` and `.env.local` are git-ignored and hold real secrets. */
function isPublishedEnvFile(name: string): boolean {
  return name.startsWith('.env.') && name !== '.env.local';
}

/** Every secret written in the files under `root`: sources, docs, env examples, scripts and configs. */
export function secretsInRepository(root: string): FoundSecret[] {
  const found: FoundSecret[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!skippedDirectories.has(entry.name)) visit(path);
        continue;
      }
      if (!entry.isFile()) continue;
      if (!isPublishedEnvFile(entry.name) && !textExtensions.has(extname(entry.name))) continue;
      if (entry.name === 'pnpm-lock.yaml' || statSync(path).size > 2_000_000) continue;
      const file = relative(root, path);
      for (const secret of secretsInText(readFileSync(path, 'utf8'), entry.name))
        found.push({ file, secret });
    }
  };
  visit(root);
  return found;
}
