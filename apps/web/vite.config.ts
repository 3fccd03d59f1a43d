import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { webDevEnv } from './env.ts';
import { moduleReport } from './src/build/module-report.plugin.ts';

/**
 * `vite` (pnpm dev) proxies /trpc to the API, so the browser sees one origin as in production, where the API
 * serves the built files itself (WEB_DIST_DIR).
 */
export default defineConfig({
  plugins: [react(), moduleReport()],
  // pnpm dev prints Vite's lines among the API's and the worker's: clearing the terminal would lose theirs.
  clearScreen: false,
  server: {
    port: webDevEnv.webPort,
    strictPort: true,
    proxy: { '/trpc': `http://127.0.0.1:${webDevEnv.apiPort}` },
  },
  build: {
    manifest: true,
    // No inline module-preload polyfill or data: URLs, so the CSP needs neither 'unsafe-inline' nor data:.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
