import { describe, expect, it } from 'vitest';
import { chosenPassword, maxPasswordBytes } from './password.schemas.ts';

describe('chosenPassword (browser-safe byte count)', () => {
  it('counts UTF-8 bytes as bcrypt does, not characters', () => {
    const accented = 'é'.repeat(maxPasswordBytes / 2);
    expect(chosenPassword.safeParse(accented).success).toBe(true);
    expect(chosenPassword.safeParse(`${accented}é`).success).toBe(false);
    expect(chosenPassword.safeParse('a'.repeat(maxPasswordBytes + 1)).success).toBe(false);
  });
});
