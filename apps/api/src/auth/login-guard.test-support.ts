import { TRPCError } from '@trpc/server';

/** How a sign-in ended, as one comparable string: `ok`, or the tRPC code and message of its refusal. */
export async function signInOutcome(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (error === null) return 'ok';
  if (error instanceof TRPCError) return `${error.code}: ${error.message}`;
  throw error;
}
