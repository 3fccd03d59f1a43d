import type { ReactNode } from 'react';
import { Link, useRoute } from 'wouter';

function SubLink({ href, children }: { href: string; children: ReactNode }) {
  const [active] = useRoute(href);
  return (
    <Link href={href} aria-current={active ? 'page' : undefined}>
      {children}
    </Link>
  );
}

/** The Operations pages' own navigation, under the main one. */
export function OperationsNav() {
  return (
    <nav aria-label="Operations" className="sub-nav">
      <SubLink href="/ops">Overview</SubLink>
      <SubLink href="/ops/runs">Runs</SubLink>
      <SubLink href="/ops/dead-letters">Dead letters</SubLink>
    </nav>
  );
}
