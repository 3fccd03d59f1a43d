import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnvError } from '@fixstream/config';
import { afterAll, describe, expect, it } from 'vitest';
import { parseApiEnv } from './env.ts';
import { publishedSecrets } from './published-secrets.ts';
import { secretsInRepository } from './testing/secret-scan.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const modes = ['development', 'test', 'production'] as const;

function jwtSecretProblems(secret: string, mode: (typeof modes)[number]): string[] {
  try {
    parseApiEnv({
      NODE_ENV: mode,
      MONGODB_URI: 'mongodb://127.0.0.1:27017/fixstream',
      REDIS_URL: 'redis://127.0.0.1:6379',
      JWT_SECRET: secret,
    });
    return [];
  } catch (error) {
    if (error instanceof EnvError) return error.problems.filter((p) => p.startsWith('JWT_SECRET:'));
    throw error;
  }
}

const refusedEverywhere = (secret: string) =>
  modes.every((mode) => jwtSecretProblems(secret, mode).length > 0);

describe('secrets published in the repository', () => {
  it('refuses every secret written anywhere in the repository, in every mode', () => {
    const found = secretsInRepository(repoRoot);
    const accepted = found.filter(({ secret }) => !refusedEverywhere(secret));
    expect(accepted, 'add these to publishedSecrets, or generate them at run time').toEqual([]);
  });

  it('refuses every listed secret in every mode, saying why', () => {
    for (const secret of publishedSecrets) {
      for (const mode of modes) {
        expect(jwtSecretProblems(secret, mode)).toContain(
          'JWT_SECRET: is published in the fixstream repository, so anyone can sign tokens with it: generate one (openssl rand -base64 48)',
        );
      }
    }
    expect(refusedEverywhere(` ${publishedSecrets[0]}\n`)).toBe(true);
  });

  it('accepts a generated secret in every mode', () => {
    const generated = randomBytes(48).toString('base64');
    for (const mode of modes) expect(jwtSecretProblems(generated, mode)).toEqual([]);
  });
});

describe('the repository scan', () => {
  const sample = mkdtempSync(join(tmpdir(), 'secret-scan-'));
  afterAll(() => rmSync(sample, { recursive: true, force: true }));
  // The key is assembled so that this file itself holds no secret assignment for the scan to find.
  const key = ['JWT', 'SECRET'].join('_');
  const tokenKey = key.slice(4).toLowerCase();

  it('finds secrets in env examples, docs, scripts and code, and skips values made at run time', () => {
    mkdirSync(join(sample, 'docs'));
    mkdirSync(join(sample, 'node_modules'));
    const files: Record<string, string> = {
      '.env.example': `${key}=from-the-env-example\nOTHER=x\n`,
      '.env': `${key}=a-real-git-ignored-secret\n`,
      'docs/setup.md': `export ${key}=from-the-docs-page\n${key}=$(openssl rand -base64 48)\n`,
      'start.sh': `${key}="from-a-shell-script" node main.js\n`,
      'stack.ts': `const env = { ${key}: 'from-a-test-harness' };\nconst e2e = { ${key}: \`e2e-\${randomUUID()}\` };\nconst x = { ${key}: env.${key} };\n`,
      'tokens.ts': `createTokenService({ ${tokenKey}: "from-a-token-service", ttl: '1h' });\nconst DEV_${key} = 'from-a-constant';\n`,
      'node_modules/dep.md': `${key}=inside-a-dependency\n`,
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(sample, name), text);
    expect(
      secretsInRepository(sample)
        .map((found) => `${found.file} ${found.secret}`)
        .sort(),
    ).toEqual([
      '.env.example from-the-env-example',
      'docs/setup.md from-the-docs-page',
      'stack.ts from-a-test-harness',
      'start.sh from-a-shell-script',
      'tokens.ts from-a-constant',
      'tokens.ts from-a-token-service',
    ]);
  });
});
