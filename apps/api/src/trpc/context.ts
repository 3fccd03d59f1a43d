import type { EventTraceContext } from '@fixstream/events';
import type { CreateExpressContextOptions } from '@trpc/server/adapters/express';
import type { ApiDeps } from '../deps.ts';
import { incomingTraceOf } from './incoming-trace.ts';

export interface Context {
  deps: ApiDeps;
  /** The raw Authorization header; verified lazily so public procedures pay nothing for it. */
  authorization: string | null;
  /** The caller's address (as Express sees it, honouring TRUST_PROXY); null in tests without HTTP. */
  clientIp: string | null;
  /** The caller's trace context (`traceparent`/`tracestate` headers, validated): the parent of each call's span. */
  incomingTrace: EventTraceContext;
}

/** The context without HTTP: tests build it directly and call procedures through `createCaller`. */
export function createContextInner(input: {
  deps: ApiDeps;
  authorization?: string | null;
  clientIp?: string | null;
  incomingTrace?: EventTraceContext;
}): Context {
  return {
    deps: input.deps,
    authorization: input.authorization ?? null,
    clientIp: input.clientIp ?? null,
    incomingTrace: input.incomingTrace ?? {},
  };
}

/** The context of one HTTP request. */
export function createContextFactory(deps: ApiDeps) {
  return ({ req }: CreateExpressContextOptions): Context =>
    createContextInner({
      deps,
      authorization: req.headers.authorization ?? null,
      clientIp: req.ip ?? null,
      incomingTrace: incomingTraceOf(req.headers),
    });
}
