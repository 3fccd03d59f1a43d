import type { AppRouter } from '@fixstream/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';

/** `useTRPC()` gives query and mutation options for every procedure, typed from the API's router. */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();
