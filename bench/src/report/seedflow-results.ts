import { type BenchResults, buildResults, type RunMeta, type SectionFigures } from './bench-results.ts';

/**
 * The seed-flow figures as a results file of their own, under the same paths as ours (`bus.eventsPerSec.ours.*`,
 * `email.mailsPerSec.worker`), so the two files compare key by key.
 */
export function seedflowResults(meta: RunMeta, sections: SectionFigures): BenchResults {
  const own: SectionFigures = {};
  const busRates = sections.bus?.rates.seedflow;
  if (sections.bus && busRates)
    own.bus = {
      ...sections.bus,
      rates: { ours: busRates },
      // Counted in our worker only.
      mongoRoundTripsPerEvent: undefined,
      redisRoundTripsPerEvent: undefined,
    } as typeof sections.bus;
  const mailRate = sections.email?.rates.seedflow;
  if (sections.email && mailRate)
    own.email = { ...sections.email, rates: { worker: mailRate } } as typeof sections.email;
  const results = buildResults(meta, own);
  // Ratios computed for the current build do not describe the seed-flow one: keep only its own rates.
  for (const path of Object.keys(results.figures)) if (/ratio/i.test(path)) delete results.figures[path];
  for (const section of ['bus', 'email'] as const) {
    const node = results[section] as Record<string, unknown> | undefined;
    if (node) for (const key of Object.keys(node)) if (/ratio/i.test(key)) delete node[key];
  }
  return results;
}
