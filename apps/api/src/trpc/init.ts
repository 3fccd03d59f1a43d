import type { UserRole } from '@fixstream/db';
import { initTRPC } from '@trpc/server';
import { z } from 'zod';
import { assertCurrentTokenVersion } from '../auth/token-version.ts';
import { AppError, AppErrorCode } from '../errors/app-error.ts';
import { clientMessageOf, toTRPCError } from '../errors/error-map.ts';
import { readableIssueMessage } from '../errors/zod-messages.ts';
import { authorize } from '../policy/authorize.ts';
import type { Action } from '../policy/policy.ts';
import { limitedCalls } from '../rate-limits/limited-calls.ts';
import { callDeps } from './call-deps.ts';
import type { Context } from './context.ts';
import { inProcedureSpan } from './procedure-span.ts';

z.config({ customError: readableIssueMessage });

const t = initTRPC
  .context<Context>()
  .meta<{ action?: Action }>()
  .create({
    /**
     * Every error a client reads passes here, also those raised before a context exists (a body that is not JSON, a
     * batch over the cap): person-readable messages from `clientMessageOf`; an internal error's message and stack
     * only where `API_ERROR_DETAILS` allows them.
     */
    errorFormatter({ shape, error, ctx, type, path }) {
      const details = ctx?.deps.exposeErrorDetails ?? false;
      const internal = error.code === 'INTERNAL_SERVER_ERROR';
      const { stack: _, ...data } = shape.data;
      if (internal) {
        return {
          ...shape,
          message: details ? shape.message : 'Internal server error',
          data: details ? { ...data, stack: error.stack } : data,
        };
      }
      return { ...shape, message: clientMessageOf(error, { type, path }), data };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(result.error);
  return result;
});

/** The signed-in user as procedures see it; ids are strings. */
export interface SessionUser {
  id: string;
  companyId: string;
  role: UserRole;
  name: string;
  email: string;
}

const authenticate = t.middleware(async ({ ctx, next }) => {
  const token = /^Bearer\s+(\S+)$/i.exec(ctx.authorization ?? '')?.[1];
  if (!token) {
    throw new AppError(
      AppErrorCode.Unauthenticated,
      'Sign in first: send the header Authorization: Bearer <token>',
    );
  }
  const claims = await ctx.deps.tokens.verify(token);
  const user = await ctx.deps.db.models.User.findOne(
    { _id: claims.userId, company: claims.companyId, active: true },
    { name: 1, email: 1, role: 1, company: 1, tokenVersion: 1 },
  ).lean();
  if (!user)
    throw new AppError(AppErrorCode.Unauthenticated, 'This account no longer exists or was deactivated');
  assertCurrentTokenVersion(claims, user);
  const sessionUser: SessionUser = {
    id: user._id.toString(),
    companyId: user.company.toString(),
    role: user.role,
    name: user.name,
    email: user.email,
  };
  return next({ ctx: { user: sessionUser, session: { tokenVersion: claims.tokenVersion } } });
});

const traced = t.middleware(({ ctx, path, type, next }) =>
  inProcedureSpan({ path, type, parent: ctx.incomingTrace }, (span) =>
    next({ ctx: { deps: callDeps(ctx.deps, span) } }),
  ),
);

export const publicProcedure = t.procedure.use(traced).use(mapErrors);
export const authedProcedure = publicProcedure.use(authenticate);

/**
 * A procedure guarded by the policy table (`policy/policy.ts`): the input is validated first (bad input is a 400
 * whoever asks), then the caller must see the target record and hold a permitted role; lists, stats and creates
 * then count against the caller's per-minute limits (`rate-limits/limited-calls.ts`).
 */
export function guarded<A extends Action, S extends z.ZodType>(action: A, input: S) {
  return authedProcedure
    .meta({ action })
    .input(input)
    .use(async ({ ctx, next, input: parsed }) => {
      await authorize(ctx.deps, ctx.user, action, parsed);
      const limited = limitedCalls[action];
      if (limited) await ctx.deps.callLimits.consume(limited, ctx.user.id);
      return next();
    });
}
