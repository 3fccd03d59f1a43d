import type { ClaimResult, RunLedger } from '@fixstream/events';

/**
 * A ledger that remembers nothing durably: every claim succeeds, results are dropped. It runs the same runtime
 * code path without MongoDB, to show what the stream runtime alone costs next to BullMQ (which keeps no durable
 * ledger either). Never for production: it gives up "effects once" across processes and restarts.
 */
export function createMemoryLedger(): RunLedger {
  return {
    async claim(requests) {
      return requests.map((): ClaimResult => ({ kind: 'fresh' }));
    },
    async finish() {},
    async recordDead() {},
    async states() {
      return new Map();
    },
    async finished() {
      return new Set<string>();
    },
    async cancelSleeping() {
      return 0;
    },
    async cancelRuns() {
      return 0;
    },
  };
}
