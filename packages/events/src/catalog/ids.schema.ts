/** Defined with the shared schemas, which browsers can load without this package's Redis client. */
export { objectIdString } from '@fixstream/schemas';
