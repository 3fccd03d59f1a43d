import type { AppRouter } from '@fixstream/api';
import { TRPCClientError } from '@trpc/client';

/** Narrows an unknown error to the API's error type, to read `error.data.code` and `error.data.httpStatus`. */
export function isTRPCClientError(error: unknown): error is TRPCClientError<AppRouter> {
  return error instanceof TRPCClientError;
}
