import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useRoute } from 'wouter';
import { can } from '../abilities/role-abilities.ts';
import { sessionStore } from '../session/session-store.ts';
import { useSignedInSession } from '../session/use-session.ts';

function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const [active] = useRoute(href);
  return (
    <Link href={href} aria-current={active ? 'page' : undefined}>
      {children}
    </Link>
  );
}

/** Header, navigation and the main landmark around every signed-in page. */
export function AppShell({ children }: { children: ReactNode }) {
  const { user } = useSignedInSession();
  const queryClient = useQueryClient();
  const signOut = () => {
    sessionStore.clear();
    queryClient.clear();
  };
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <span className="brand">fixstream</span>
        <nav aria-label="Main">
          <NavLink href="/">Board</NavLink>
          <NavLink href="/list">List</NavLink>
          <NavLink href="/requests/new">New request</NavLink>
          <NavLink href="/calendar">Calendar</NavLink>
          <NavLink href="/equipment">Equipment</NavLink>
          <NavLink href="/teams">Teams</NavLink>
          {can(user.role, 'listUsers') ? <NavLink href="/users">Users</NavLink> : null}
          {can(user.role, 'manageWebhooks') ? <NavLink href="/webhooks">Webhooks</NavLink> : null}
          {can(user.role, 'operate') ? <NavLink href="/ops">Operations</NavLink> : null}
          <NavLink href="/account/password">Change password</NavLink>
        </nav>
        <span className="who">
          {user.name} <span className="role">({user.role})</span>
        </span>
        <button type="button" className="secondary" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
