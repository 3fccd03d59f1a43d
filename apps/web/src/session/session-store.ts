import type { RouterOutputs } from '@fixstream/client';

export type SessionUser = RouterOutputs['auth']['me'];

export interface Session {
  token: string;
  /** ISO date; past it the API answers 401, so the app signs out on its own first. */
  expiresAt: string;
  user: SessionUser;
}

const storageKey = 'fixstream.session';

function readStored(): Session | null {
  try {
    const raw = localStorage.getItem(storageKey);
    if (!raw) return null;
    const session = JSON.parse(raw) as Session;
    return Date.parse(session.expiresAt) > Date.now() ? session : null;
  } catch {
    return null;
  }
}

let current: Session | null = readStored();
let notice: string | null = null;
const listeners = new Set<() => void>();

function emit(): void {
  for (const listener of listeners) listener();
}

/**
 * The signed-in session, kept in localStorage so a reload stays signed in. `clear` takes the sentence the sign-in
 * page shows next (why the person was signed out), so every way out of a session explains itself in one place.
 */
export const sessionStore = {
  get(): Session | null {
    return current;
  },
  set(session: Session): void {
    current = session;
    notice = null;
    localStorage.setItem(storageKey, JSON.stringify(session));
    emit();
  },
  clear(reason: string | null = null): void {
    current = null;
    notice = reason;
    localStorage.removeItem(storageKey);
    emit();
  },
  /** Why the last session ended, if it did not end by the person's own choice. */
  notice(): string | null {
    return notice;
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
