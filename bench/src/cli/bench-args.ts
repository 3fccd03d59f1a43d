import { resolve } from 'node:path';

/** Which parts of the benchmark to run; `pnpm bench --only bus,email` runs those alone while tuning. */
export const benchSections = [
  'api',
  'bus',
  'email',
  'e2e',
  'recovery',
  'reads',
  'webhooks',
  'timers',
  'cron',
  'web',
] as const;
export type BenchSection = (typeof benchSections)[number];

/** What `pnpm bench` was asked to do. */
export interface BenchArgs {
  quick: boolean;
  /** Where the JSON files, latest.md and the chart go. */
  outDir: string;
  sections: readonly BenchSection[];
  /** Repository root of the seed-flow build to compare with; null skips the comparison. */
  seedflowRoot: string | null;
  /** Rounds per figure (at least 3: each figure is a median with min and max). */
  rounds: number;
  /** Write V8 CPU profiles of the API and worker processes into `<outDir>/profiles`. */
  cpuProfile: boolean;
  /** End-to-end arrival rates (requests/s); null keeps the plan's 50 and 200. */
  rates: number[] | null;
  /** Measure nothing: redraw latest.md and the chart from the JSON files in `outDir`. */
  redraw: boolean;
}

const usage = `usage: pnpm bench [--quick] [--out DIR] [--only api,bus,email,e2e,recovery,reads,webhooks,timers,cron,web] [--rounds N]
                  [--seedflow DIR | --no-seedflow] [--cpu-prof] [--rates 50,200] [--redraw]`;

/**
 * Parses the command line by hand: five flags do not justify a dependency, and unknown flags fail loudly so a
 * typo never silently runs the 10-minute full benchmark.
 */
export function parseBenchArgs(argv: readonly string[], defaults: { outDir: string; seedflowRoot: string }) {
  const args: BenchArgs = {
    quick: false,
    outDir: defaults.outDir,
    sections: benchSections,
    seedflowRoot: defaults.seedflowRoot,
    rounds: 3,
    cpuProfile: false,
    rates: null,
    redraw: false,
  };
  let seedflowSet = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new Error(`${flag} needs a value\n${usage}`);
      return next;
    };
    switch (flag) {
      case '--':
        break;
      case '--quick':
        args.quick = true;
        break;
      case '--out':
        args.outDir = resolve(value());
        break;
      case '--only':
        args.sections = value()
          .split(',')
          .map((part) => {
            const section = part.trim() as BenchSection;
            if (!benchSections.includes(section)) throw new Error(`unknown section ${part}\n${usage}`);
            return section;
          });
        break;
      case '--rounds':
        args.rounds = Math.max(3, Number.parseInt(value(), 10) || 3);
        break;
      case '--seedflow':
        args.seedflowRoot = resolve(value());
        seedflowSet = true;
        break;
      case '--no-seedflow':
        args.seedflowRoot = null;
        seedflowSet = true;
        break;
      case '--rates':
        args.rates = value()
          .split(',')
          .map((rate) => Number.parseInt(rate, 10))
          .filter((rate) => rate > 0);
        break;
      case '--redraw':
        args.redraw = true;
        break;
      case '--cpu-prof':
        args.cpuProfile = true;
        break;
      case '--help':
      case '-h':
        throw new Error(usage);
      default:
        throw new Error(`unknown argument ${flag}\n${usage}`);
    }
  }
  // The quick run checks that the harness works; comparing with another build is the full run's job.
  if (args.quick && !seedflowSet) args.seedflowRoot = null;
  return args;
}
