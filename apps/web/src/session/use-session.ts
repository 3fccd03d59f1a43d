import { useSyncExternalStore } from 'react';
import { type Session, sessionStore } from './session-store.ts';

/** The current session, re-rendering on sign-in and sign-out. */
export function useSession(): Session | null {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.get);
}

/** The current session where a page is only reachable signed in (see `SignedIn`). */
export function useSignedInSession(): Session {
  const session = useSession();
  if (!session) throw new Error('useSignedInSession used outside a signed-in route');
  return session;
}
