import { type ServiceEndpoints, startLocalServices } from '@fixstream/dev-services';
import type { TestProject } from 'vitest/node';

type ProvideServices = (key: 'services', value: ServiceEndpoints) => void;

/** Starts Redis, the MongoDB-wire database and the SMTP sink once for the whole run, on free ports. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Like the apps, the suite uses a MongoDB you point it at (MONGODB_URI) instead of starting one.
  const services = await startLocalServices({ quiet: true, mongoUri: process.env.MONGODB_URI || undefined });
  // vitest/node's TestProject does not see the ProvidedContext augmentation that `inject` sees.
  (project.provide as ProvideServices)('services', services.endpoints);
  return () => services.stop();
}
