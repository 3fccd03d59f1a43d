import { describe, expect, it } from 'vitest';
import { generatePassword, SeedRefused, seedPasswordsFor } from './seed-passwords.ts';

describe('seedPasswordsFor', () => {
  it('uses the demo passwords outside production, and generated ones in production with --force only', () => {
    expect(seedPasswordsFor('development', false)).toBe('demo');
    expect(seedPasswordsFor('test', true)).toBe('demo');
    expect(seedPasswordsFor('production', true)).toBe('generated');
    expect(() => seedPasswordsFor('production', false)).toThrow(SeedRefused);
    expect(() => seedPasswordsFor('production', false)).toThrow(/pnpm seed --force/);
  });

  it('generates 24 URL-safe characters, different each time', () => {
    const password = generatePassword();
    expect(password).toMatch(/^[\w-]{24}$/);
    expect(generatePassword()).not.toBe(password);
  });
});
