import { authRouter } from './auth/auth.router.ts';
import { requestRouter } from './requests/request.router.ts';
import { router } from './trpc/init.ts';

export const appRouter = router({
  auth: authRouter,
  requests: requestRouter,
});

/** The API's shape; the only thing other packages may import from here (as a type). */
export type AppRouter = typeof appRouter;
