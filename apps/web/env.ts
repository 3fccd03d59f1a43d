/**
 * The dev server's settings, the only place the web app's tooling reads the environment (the app itself reads
 * none: it runs in the browser). `pnpm dev` sets both.
 */
export const webDevEnv = {
  /** Where Vite proxies /trpc: the API of the same dev session. */
  apiPort: process.env.API_PORT ?? '3000',
  /** Vite's own port. */
  webPort: Number(process.env.WEB_PORT ?? 5173),
};
