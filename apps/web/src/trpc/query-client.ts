import { isTRPCClientError } from '@fixstream/client';
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { sessionStore } from '../session/session-store.ts';

const endedNotice = 'Your session has ended; sign in again.';

/**
 * A 401 from any call while signed in ends the session. The sign-in page shows the API's sentence when it is one
 * for people ("This session has ended (the password, role or account changed); sign in again"), ours otherwise.
 */
function signOutOnUnauthorized(error: unknown): void {
  if (!isTRPCClientError(error) || error.data?.code !== 'UNAUTHORIZED') return;
  if (!sessionStore.get()) return;
  sessionStore.clear(/sign in/i.test(error.message) ? error.message : endedNotice);
}

/** Client errors (4xx) will not succeed on a retry; network trouble and 5xx get two more tries. */
function shouldRetry(failures: number, error: unknown): boolean {
  const status = isTRPCClientError(error) ? error.data?.httpStatus : undefined;
  if (status !== undefined && status >= 400 && status < 500) return false;
  return failures < 2;
}

/** The app's query cache, wired to end the session on 401 from queries and mutations alike. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: signOutOnUnauthorized }),
    mutationCache: new MutationCache({ onError: signOutOnUnauthorized }),
    defaultOptions: { queries: { retry: shouldRetry, staleTime: 5_000, refetchOnWindowFocus: true } },
  });
}
