import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompanyFixture, createCompanyFixture } from '../testing/company-fixture.ts';
import { createTestApi, type TestApi } from '../testing/test-deps.ts';

let api: TestApi;
let acme: CompanyFixture;
let globex: CompanyFixture;

beforeAll(async () => {
  api = await createTestApi();
  [acme, globex] = await Promise.all([
    createCompanyFixture(api, 'Acme'),
    createCompanyFixture(api, 'Globex'),
  ]);
});
afterAll(() => api.close());

/** How a create ended, with the address itself replaced, so answers for different addresses compare. */
async function answerTo(email: string): Promise<string> {
  const outcome = await api
    .caller(acme.admin.token)
    .users.create({ name: 'New Person', email, password: 'long enough pw', role: 'employee' })
    .then(
      () => 'ok',
      (error: unknown) => (error instanceof TRPCError ? `${error.code}: ${error.message}` : String(error)),
    );
  return outcome.replaceAll(email, '<email>');
}

describe('users.create with a taken email address', () => {
  it("answers an address of another company exactly as one of the caller's own, naming no user or company", async () => {
    const elsewhere = await answerTo(globex.employee.email);
    const here = await answerTo(acme.employee.email);
    expect(elsewhere).toBe(
      'CONFLICT: The email address <email> cannot be used for a new user; choose another one',
    );
    expect(here).toBe(elsewhere);
    expect(elsewhere).not.toMatch(/exist|already|compan|Globex/i);
  });

  it('gives the same answer to the loser of two creates racing for one new address', async () => {
    const email = `race-${randomUUID()}@acme.example`;
    const answers = await Promise.all([answerTo(email), answerTo(email)]);
    expect(answers.sort()).toEqual([
      'CONFLICT: The email address <email> cannot be used for a new user; choose another one',
      'ok',
    ]);
  });
});
