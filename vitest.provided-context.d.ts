import type { ServiceEndpoints } from '@fixstream/dev-services';

/** What the suite's global setup hands every test file through `inject('services')`. */
declare module 'vitest' {
  export interface ProvidedContext {
    services: ServiceEndpoints;
  }
}
