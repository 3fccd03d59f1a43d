import { type ComponentType, lazy, type ReactNode, Suspense } from 'react';
import { Route } from 'wouter';
import './management.css';

/**
 * A page loaded on first visit (`React.lazy`), so the management pages, the calendar and webhooks stay out of the
 * initial bundle that every sign-in downloads.
 */
function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const Page = lazy(async () => ({ default: await load() }));
  return (props: P) => (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <Page {...props} />
    </Suspense>
  );
}

const EquipmentList = lazyPage(
  async () => (await import('./equipment/equipment-list.page.tsx')).EquipmentListPage,
);
const EquipmentEdit = lazyPage(
  async () => (await import('./equipment/equipment-edit.page.tsx')).EquipmentEditPage,
);
const TeamList = lazyPage(async () => (await import('./teams/team-list.page.tsx')).TeamListPage);
const TeamEdit = lazyPage(async () => (await import('./teams/team-edit.page.tsx')).TeamEditPage);
const UserList = lazyPage(async () => (await import('./users/user-list.page.tsx')).UserListPage);
const UserEdit = lazyPage(async () => (await import('./users/user-edit.page.tsx')).UserEditPage);
const Calendar = lazyPage(async () => (await import('./calendar/calendar.page.tsx')).CalendarPage);
const WebhookList = lazyPage(async () => (await import('./webhooks/webhook-list.page.tsx')).WebhookListPage);
const WebhookNew = lazyPage(async () => (await import('./webhooks/webhook-new.page.tsx')).WebhookNewPage);
const WebhookDetail = lazyPage(
  async () => (await import('./webhooks/webhook-detail.page.tsx')).WebhookDetailPage,
);

function WebhookEdit({ id }: { id?: string }) {
  return id ? <WebhookDetail id={id} /> : <WebhookNew />;
}

/** The list page at `base`, its create page at `base/new` and its record at `base/:id`. */
function recordRoutes(
  base: string,
  List: ComponentType,
  Edit: ComponentType<{ id?: string }>,
  SignedIn: ComponentType<{ children: ReactNode }>,
) {
  return [
    <Route key={base} path={base}>
      <SignedIn>
        <List />
      </SignedIn>
    </Route>,
    <Route key={`${base}/new`} path={`${base}/new`}>
      <SignedIn>
        <Edit />
      </SignedIn>
    </Route>,
    <Route key={`${base}/:id`} path={`${base}/:id`}>
      {(params: { id: string }) => (
        <SignedIn>
          <Edit key={params.id} id={params.id} />
        </SignedIn>
      )}
    </Route>,
  ];
}

/**
 * Equipment, teams, users, the calendar and webhook endpoints, as `<Route>`s for the app's `<Switch>` (which
 * flattens fragments). `SignedIn` is the app's own guard, passed in so these pages share its redirect and shell.
 */
export function managementRoutes(SignedIn: ComponentType<{ children: ReactNode }>) {
  return (
    <>
      {recordRoutes('/equipment', EquipmentList, EquipmentEdit, SignedIn)}
      {recordRoutes('/teams', TeamList, TeamEdit, SignedIn)}
      {recordRoutes('/users', UserList, UserEdit, SignedIn)}
      {recordRoutes('/webhooks', WebhookList, WebhookEdit, SignedIn)}
      <Route path="/calendar">
        <SignedIn>
          <Calendar />
        </SignedIn>
      </Route>
    </>
  );
}
