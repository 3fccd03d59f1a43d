import { authedProcedure, publicProcedure, router } from '../trpc/init.ts';
import { loginInput, loginOutput, sessionUserOutput } from './auth.schemas.ts';
import { login } from './auth.service.ts';

export const authRouter = router({
  login: publicProcedure
    .input(loginInput)
    .output(loginOutput)
    .mutation(async ({ ctx, input }) => {
      const session = await login(ctx.deps, input, ctx.clientIp);
      return { ...session, expiresAt: session.expiresAt.toISOString() };
    }),
  me: authedProcedure.output(sessionUserOutput).query(({ ctx }) => ctx.user),
});
