import { isMessage } from './child-ipc.ts';
import type { NodeChild } from './node-child.ts';

/** Resolves once every child says it is ready; should one not be within 90 s, stops them all and throws. */
export async function allReady(children: NodeChild[]): Promise<NodeChild[]> {
  try {
    await Promise.all(children.map((child) => child.waitForMessage(isMessage('ready'), 90_000)));
  } catch (error) {
    await Promise.all(children.map((child) => child.stop()));
    throw error;
  }
  return children;
}
