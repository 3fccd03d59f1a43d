export {
  type AppRouter,
  type ClientOptions,
  createClient,
  type FixstreamClient,
  type RouterInputs,
  type RouterOutputs,
} from './client.ts';
export { isTRPCClientError } from './errors.ts';
