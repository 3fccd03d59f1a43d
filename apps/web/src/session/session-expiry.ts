import { useEffect } from 'react';
import { sessionStore } from './session-store.ts';
import { useSession } from './use-session.ts';

/** setTimeout's largest delay; a longer session is simply checked again then. */
const maxTimerMs = 2_147_483_647;

export const expiredNotice = 'Your session has expired; sign in again.';

/** Signs out when the token's lifetime runs out, so the person is sent to sign-in before a call fails. */
export function useSessionExpiry(): void {
  const session = useSession();
  useEffect(() => {
    if (!session) return;
    const check = () => {
      const left = Date.parse(session.expiresAt) - Date.now();
      if (left <= 0) {
        sessionStore.clear(expiredNotice);
        return undefined;
      }
      return setTimeout(check, Math.min(left, maxTimerMs));
    };
    const timer = check();
    return () => clearTimeout(timer);
  }, [session]);
}
