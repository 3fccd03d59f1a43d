import type { AppRouter } from '@fixstream/api';
import { createTRPCClient, httpBatchLink, httpLink, type TRPCClient } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

export type { AppRouter };
/** Input types of every procedure, e.g. `RouterInputs['requests']['create']`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** Output types of every procedure, e.g. `RouterOutputs['requests']['byId']`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type FixstreamClient = TRPCClient<AppRouter>;

/** The API refuses batches of more calls (docs/api.md); a batching client splits its batches at this size. */
const apiMaxBatchCalls = 10;

export interface ClientOptions {
  /** The API's tRPC endpoint, e.g. `http://localhost:3000/trpc`. */
  url: string;
  /** Called before every request; return the bearer token from `auth.login`, or nothing when signed out. */
  token?: () => string | null | undefined;
  /** Batch calls made in the same tick into one HTTP request (good for UIs; scripts rarely need it). */
  batch?: boolean;
  fetch?: typeof globalThis.fetch;
}

/**
 * A typed client for frontends and scripts. It imports only the *type* of the API's router, so bundling it
 * never pulls the server's dependencies (mongoose, ioredis) in.
 */
export function createClient(options: ClientOptions): FixstreamClient {
  const linkOptions = {
    url: options.url,
    fetch: options.fetch,
    headers() {
      const token = options.token?.();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
  };
  return createTRPCClient<AppRouter>({
    links: [
      options.batch ? httpBatchLink({ ...linkOptions, maxItems: apiMaxBatchCalls }) : httpLink(linkOptions),
    ],
  });
}
