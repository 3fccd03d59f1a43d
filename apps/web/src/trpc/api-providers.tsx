import { createClient } from '@fixstream/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { sessionStore } from '../session/session-store.ts';
import { createQueryClient } from './query-client.ts';
import { TRPCProvider } from './trpc.ts';

/** The API is always same-origin: the API serves the built app, and `vite` proxies /trpc in development. */
const apiUrl = '/trpc';

/** Query cache and typed tRPC client for the whole app; calls carry the current session's token. */
export function ApiProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(() =>
    createClient({ url: apiUrl, batch: true, token: () => sessionStore.get()?.token }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
