import { isDuplicateKey } from '@fixstream/run-storage';
import { type ProcedureType, TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { maxBatchCalls } from '../trpc/batch-limit.ts';
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

/**
 * "subject: is required; priority: must be at most 3" from zod or Standard Schema issues (their messages come from
 * `readableIssueMessage` unless a schema set its own). An issue about the whole input reads "the input is required".
 */
export function describeIssues(issues: readonly SchemaIssue[]): string {
  return issues
    .map((issue) => {
      const path = (issue.path ?? [])
        .map((p) => (typeof p === 'object' ? String(p.key) : String(p)))
        .join('.');
      if (path) return `${path}: ${issue.message}`;
      return /^(is|must|has) /.test(issue.message) ? `the input ${issue.message}` : issue.message;
    })
    .join('; ');
}

function schemaIssuesOf(error: unknown): readonly SchemaIssue[] | null {
  if (error && typeof error === 'object' && 'issues' in error && Array.isArray(error.issues))
    return error.issues;
  return null;
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
  if (isDuplicateKey(cause)) {
    return new TRPCError({
      code: 'CONFLICT',
      message: 'A record with the same unique value already exists',
      cause,
    });
  }
  return error;
}

const unsupportedContentType = /^Unsupported content-type "(.*)$/;

/**
 * The message of an error tRPC raises before any procedure runs (reading the request), or null for any other.
 * tRPC's own are "Unexpected end of JSON input", "Batch call exceeds maximum size" and the like.
 */
function requestErrorMessage(
  error: TRPCError,
  type: ProcedureType | 'unknown',
  path?: string,
): string | null {
  if (error.code === 'BAD_REQUEST' && error.cause instanceof SyntaxError) {
    return type === 'query'
      ? 'The input parameter is not valid JSON: send ?input= with URL-encoded JSON'
      : 'The request body is not valid JSON';
  }
  if (error.code === 'BAD_REQUEST' && error.message === 'Batch call exceeds maximum size') {
    return `A batch may carry at most ${maxBatchCalls} calls: send the others in another request`;
  }
  if (error.code === 'BAD_REQUEST' && error.message.startsWith('"input" needs to be an object')) {
    return 'The input of a batch must be a JSON object with one entry per call: {"0": …, "1": …}';
  }
  if (error.code === 'UNSUPPORTED_MEDIA_TYPE') {
    const contentType = unsupportedContentType.exec(error.message)?.[1];
    return contentType === undefined
      ? 'The Content-Type header is missing: send the body as application/json'
      : `Unsupported content type "${contentType}": send the body as application/json`;
  }
  if (error.code === 'METHOD_NOT_SUPPORTED' && path && type !== 'unknown') {
    return `${path} is a ${type}: call it with ${type === 'query' ? 'GET' : 'POST'}`;
  }
  return null;
}

/**
 * What the client reads for any error, in person-readable words: the one mapping the error formatter applies to
 * everything it sends, from JSON that does not parse to a procedure's own refusal.
 */
export function clientMessageOf(
  error: TRPCError,
  call: { type: ProcedureType | 'unknown'; path?: string },
): string {
  return requestErrorMessage(error, call.type, call.path) ?? toTRPCError(error).message;
}

/**
 * The `Retry-After` of an answer, in seconds: the longest wait any of its refused calls asks for (a batch can hold
 * several), or null when none was refused by a rate limit.
 */
export function retryAfterOf(errors: readonly TRPCError[]): number | null {
  const waits = errors.flatMap((error) =>
    error.cause instanceof AppError && error.cause.retryAfterSeconds !== undefined
      ? [error.cause.retryAfterSeconds]
      : [],
  );
  return waits.length > 0 ? Math.max(...waits) : null;
}
