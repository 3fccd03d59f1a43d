import bcrypt from 'bcryptjs';

/** Hashes and checks passwords. Rounds are injectable so tests can use a cheap cost. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
  /** Spends the same time as a real check, so unknown emails cannot be told apart by response time. */
  verifyNothing(password: string): Promise<false>;
}

export function createPasswordHasher(rounds = 12): PasswordHasher {
  const dummyHash = bcrypt.hashSync('fixstream-dummy-password', rounds);
  return {
    hash: (password) => bcrypt.hash(password, rounds),
    verify: (password, hash) => bcrypt.compare(password, hash),
    async verifyNothing(password) {
      await bcrypt.compare(password, dummyHash);
      return false;
    },
  };
}
