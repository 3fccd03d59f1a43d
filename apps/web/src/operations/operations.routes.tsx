import { Route, Switch } from 'wouter';
import { DeadLettersPage } from './dead-letters.page.tsx';
import { OperationsNav } from './operations-nav.tsx';
import { OpsOverviewPage } from './ops-overview.page.tsx';
import { RunDetailPage } from './run-detail.page.tsx';
import { RunsListPage } from './runs-list.page.tsx';

/** The Operations pages under `/ops`; the default export, as `React.lazy` loads it in a chunk of its own. */
export default function OperationsRoutes() {
  return (
    <>
      <OperationsNav />
      <Switch>
        <Route path="/ops" component={OpsOverviewPage} />
        <Route path="/ops/runs" component={RunsListPage} />
        <Route path="/ops/runs/:id">{(params) => <RunDetailPage key={params.id} id={params.id} />}</Route>
        <Route path="/ops/dead-letters" component={DeadLettersPage} />
        <Route>
          <h1>Page not found</h1>
        </Route>
      </Switch>
    </>
  );
}
