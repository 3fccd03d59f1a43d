import type { ReactNode } from 'react';
import { Redirect, Route, Switch } from 'wouter';
import { AppShell } from './layout/app-shell.tsx';
import { managementRoutes } from './management.routes.tsx';
import { OperationsRoute } from './operations/operations-route.tsx';
import { BoardPage } from './pages/board.page.tsx';
import { ChangePasswordPage } from './pages/change-password.page.tsx';
import { ForgotPasswordPage } from './pages/forgot-password.page.tsx';
import { NewRequestPage } from './pages/new-request.page.tsx';
import { RequestDetailPage } from './pages/request-detail.page.tsx';
import { RequestListPage } from './pages/request-list.page.tsx';
import { ResetPasswordPage } from './pages/reset-password.page.tsx';
import { SignInPage } from './pages/sign-in.page.tsx';
import { useSessionExpiry } from './session/session-expiry.ts';
import { useSession } from './session/use-session.ts';
import { ApiProviders } from './trpc/api-providers.tsx';

/** Signed-in pages: without a session (never had one, signed out, expired, 401) they send to sign-in. */
function SignedIn({ children }: { children: ReactNode }) {
  const session = useSession();
  if (!session) return <Redirect to="/sign-in" replace />;
  return <AppShell>{children}</AppShell>;
}

function Routes() {
  useSessionExpiry();
  const session = useSession();
  return (
    <Switch>
      <Route path="/sign-in">{session ? <Redirect to="/" replace /> : <SignInPage />}</Route>
      <Route path="/forgot-password" component={ForgotPasswordPage} />
      <Route path="/reset" component={ResetPasswordPage} />
      <Route path="/">
        <SignedIn>
          <BoardPage />
        </SignedIn>
      </Route>
      <Route path="/list">
        <SignedIn>
          <RequestListPage />
        </SignedIn>
      </Route>
      <Route path="/requests/new">
        <SignedIn>
          <NewRequestPage />
        </SignedIn>
      </Route>
      <Route path="/requests/:id">
        {(params) => (
          <SignedIn>
            <RequestDetailPage key={params.id} id={params.id} />
          </SignedIn>
        )}
      </Route>
      <Route path="/ops/*?">
        <SignedIn>
          <OperationsRoute />
        </SignedIn>
      </Route>
      <Route path="/account/password">
        <SignedIn>
          <ChangePasswordPage />
        </SignedIn>
      </Route>
      {managementRoutes(SignedIn)}
      <Route>
        <SignedIn>
          <h1>Page not found</h1>
        </SignedIn>
      </Route>
    </Switch>
  );
}

/** The fixstream web app: providers and routes. */
export function App() {
  return (
    <ApiProviders>
      <Routes />
    </ApiProviders>
  );
}
