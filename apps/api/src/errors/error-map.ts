import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { AppError, AppErrorCode } from './app-error.ts';

const trpcCodeOf: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  [AppErrorCode.BadInput]: 'BAD_REQUEST',
  [AppErrorCode.Unauthenticated]: 'UNAUTHORIZED',
  [AppErrorCode.Forbidden]: 'FORBIDDEN',
  [AppErrorCode.NotFound]: 'NOT_FOUND',
  [AppErrorCode.Conflict]: 'CONFLICT',
  [AppErrorCode.RateLimited]: 'TOO_MANY_REQUESTS',
  [AppErrorCode.Unavailable]: 'SERVICE_UNAVAILABLE',
  [AppErrorCode.Internal]: 'INTERNAL_SERVER_ERROR',
};

interface SchemaIssue {
  path?: readonly PropertyKey[] | readonly { key: PropertyKey }[];
  message: string;
}

/** "subject: Too small: expected string to have >=1 characters; priority: …" from zod or Standard Schema issues. */
export function describeIssues(issues: readonly SchemaIssue[]): string {
  return issues
    .map((issue) => {
      const path = (issue.path ?? [])
        .map((p) => (typeof p === 'object' ? String(p.key) : String(p)))
        .join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

function schemaIssuesOf(error: unknown): readonly SchemaIssue[] | null {
  if (error && typeof error === 'object' && 'issues' in error && Array.isArray(error.issues))
    return error.issues;
  return null;
}

function isDuplicateKeyError(error: unknown): boolean {
  return !!error && typeof error === 'object' && 'code' in error && error.code === 11000;
}

/**
 * The single table from failures to tRPC errors. Known errors keep their message; anything unknown becomes
 * INTERNAL_SERVER_ERROR with a generic message (the formatter hides details in production).
 */
export function toTRPCError(error: TRPCError): TRPCError {
  const cause = error.cause;
  if (cause instanceof AppError) {
    return new TRPCError({ code: trpcCodeOf[cause.code], message: cause.message, cause });
  }
  if (error.code === 'BAD_REQUEST') {
    const issues = schemaIssuesOf(cause);
    if (issues)
      return new TRPCError({
        code: 'BAD_REQUEST',
        message: `Invalid input: ${describeIssues(issues)}`,
        cause,
      });
    return error;
  }
  if (isDuplicateKeyError(cause)) {
    return new TRPCError({
      code: 'CONFLICT',
      message: 'A record with the same unique value already exists',
      cause,
    });
  }
  return error;
}
