import type { FunctionDefinition } from '@fixstream/events';
import type { FunctionDeps } from './function-deps.ts';
import { sendRequestNotification } from './send-request-notification.function.ts';

/** Every function this worker runs. */
export function createFunctions(deps: FunctionDeps): FunctionDefinition[] {
  return [sendRequestNotification(deps)] as FunctionDefinition[];
}
