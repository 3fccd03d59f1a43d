import { authRouter } from './auth/auth.router.ts';
import { companyRouter } from './company/company.router.ts';
import { equipmentRouter } from './equipment/equipment.router.ts';
import { opsRouter } from './ops/ops.router.ts';
import { requestRouter } from './requests/request.router.ts';
import { teamRouter } from './teams/team.router.ts';
import { router } from './trpc/init.ts';
import { userRouter } from './users/user.router.ts';
import { webhookRouter } from './webhooks/webhook.router.ts';

export const appRouter = router({
  auth: authRouter,
  company: companyRouter,
  users: userRouter,
  teams: teamRouter,
  equipment: equipmentRouter,
  requests: requestRouter,
  webhooks: webhookRouter,
  ops: opsRouter,
});

/** The API's shape; the only thing other packages may import from here (as a type). */
export type AppRouter = typeof appRouter;
