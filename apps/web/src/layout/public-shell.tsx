import type { ReactNode } from 'react';

/** The narrow centred frame of the pages one sees signed out (sign-in, password reset). */
export function PublicShell({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main id="main" className="public">
      <p className="brand">fixstream</p>
      <h1>{title}</h1>
      {children}
    </main>
  );
}
