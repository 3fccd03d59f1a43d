import { type ServiceEndpoints, startLocalServices } from '@fixstream/dev-services';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    services: ServiceEndpoints;
  }
}

/** Starts Redis, the MongoDB-wire database and the SMTP sink once for the whole run, on free ports. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const services = await startLocalServices({ quiet: true });
  project.provide('services', services.endpoints);
  return () => services.stop();
}
