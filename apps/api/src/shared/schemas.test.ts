import { describe, expect, it } from 'vitest';
import { idInput, objectId } from './schemas.ts';

describe('objectId', () => {
  it('takes a 24-hex id in any case and gives it in lowercase', () => {
    expect(objectId.parse('65A1b2C3d4E5f60718293A4b')).toBe('65a1b2c3d4e5f60718293a4b');
    expect(idInput.parse({ id: '65A1B2C3D4E5F60718293A4B' })).toEqual({ id: '65a1b2c3d4e5f60718293a4b' });
  });

  it('refuses what is not a 24-hex id', () => {
    for (const id of ['65a1b2c3d4e5f60718293a4', '65a1b2c3d4e5f60718293a4bc', '65a1b2c3d4e5f60718293a4g', ''])
      expect(objectId.safeParse(id).success).toBe(false);
  });
});
