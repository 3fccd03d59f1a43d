import { authedProcedure, publicProcedure, router } from '../trpc/init.ts';
import {
  changePasswordInput,
  loginInput,
  loginOutput,
  messageOutput,
  requestPasswordResetInput,
  resetPasswordInput,
  sessionUserOutput,
} from './auth.schemas.ts';
import { login } from './auth.service.ts';
import { changePassword } from './password-change.service.ts';
import { requestPasswordReset, resetPassword } from './password-reset.service.ts';

export const authRouter = router({
  login: publicProcedure
    .input(loginInput)
    .output(loginOutput)
    .mutation(async ({ ctx, input }) => {
      const session = await login(ctx.deps, input, ctx.clientIp);
      return { ...session, expiresAt: session.expiresAt.toISOString() };
    }),
  me: authedProcedure.output(sessionUserOutput).query(({ ctx }) => ctx.user),
  changePassword: authedProcedure
    .input(changePasswordInput)
    .output(loginOutput)
    .mutation(async ({ ctx, input }) => {
      const session = await changePassword(ctx.deps, ctx.user, ctx.session, input, ctx.clientIp);
      return { ...session, expiresAt: session.expiresAt.toISOString() };
    }),
  requestPasswordReset: publicProcedure
    .input(requestPasswordResetInput)
    .output(messageOutput)
    .mutation(({ ctx, input }) => requestPasswordReset(ctx.deps, input, ctx.clientIp)),
  resetPassword: publicProcedure
    .input(resetPasswordInput)
    .output(messageOutput)
    .mutation(({ ctx, input }) => resetPassword(ctx.deps, input)),
});
