import { describe, expect, it } from 'vitest';
import { createPasswordHasher } from './password-hasher.ts';
import { chosenPassword } from './password-rule.ts';

describe('chosenPassword', () => {
  it('takes 10 to 72 bytes', () => {
    expect(chosenPassword.safeParse('a'.repeat(10)).success).toBe(true);
    expect(chosenPassword.safeParse('a'.repeat(72)).success).toBe(true);
    expect(chosenPassword.safeParse('a'.repeat(9)).success).toBe(false);
  });

  it('refuses what bcrypt would cut, counting bytes rather than characters', async () => {
    const long = `${'a'.repeat(72)}-one`;
    const hasher = createPasswordHasher(4);
    expect(await hasher.verify(`${'a'.repeat(72)}-two`, await hasher.hash(long))).toBe(true);
    expect(chosenPassword.safeParse(long).error?.issues[0]?.message).toMatch(/^must be at most 72 bytes/);
    expect(chosenPassword.safeParse('é'.repeat(36)).success).toBe(true);
    expect(chosenPassword.safeParse('é'.repeat(37)).success).toBe(false);
  });
});
