import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express from 'express';
import helmet from 'helmet';

/** Paths the API answers itself; the app's fallback never shadows them. */
const apiPaths = /^\/(trpc|healthz|readyz|metrics)(\/|$)/;

/**
 * The web app's policy: its own scripts, styles and API only. Vite's build has no inline script or style and no
 * data: URLs, so nothing needs 'unsafe-inline'.
 */
export const webContentSecurityPolicy = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'"],
    connectSrc: ["'self'"],
    fontSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
});

/**
 * Serves the built web app (`pnpm --filter @fixstream/web build`) from `dir`: its files, and `index.html` for any
 * other GET that is not the API's, so client-side routes such as the mailed `/reset?token=…` link load the app.
 * Returns false, serving nothing, when `dir` has no `index.html` (the app was not built).
 */
export function serveWebApp(app: express.Express, dir: string): boolean {
  const root = resolve(dir);
  const indexHtml = join(root, 'index.html');
  if (!existsSync(indexHtml)) return false;
  app.use(webContentSecurityPolicy);
  app.use(
    '/assets',
    express.static(join(root, 'assets'), { immutable: true, maxAge: '1y', index: false, fallthrough: false }),
  );
  app.use(express.static(root, { index: false }));
  app.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || apiPaths.test(req.path)) {
      next();
      return;
    }
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(indexHtml);
  });
  return true;
}
