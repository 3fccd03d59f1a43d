import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';

/** Awaits a call that must fail and returns its TRPCError, so a test can check the code and the message. */
export async function trpcFailure(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}
