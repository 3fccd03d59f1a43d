import { readFile } from 'node:fs/promises';

/** The parts of a V8 `.cpuprofile` (written by `node --cpu-prof`) this summary reads. */
interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

/** `pkg@1.2.3` for files under node_modules, the workspace path for ours, the node: module otherwise. */
function packageOf(url: string, functionName: string): string {
  const dependency = /node_modules\/\.pnpm\/([^/]+)\//.exec(url)?.[1];
  if (dependency) return dependency.replace(/_.*$/, '');
  const ours = /\/((?:apps|packages|bench|tests)\/[^/]+)\//.exec(url)?.[1];
  if (ours) return ours;
  if (url.startsWith('node:')) return url.split('/')[0] ?? url;
  return url || `(${functionName})`;
}

/**
 * Summarises a CPU profile from `pnpm bench --cpu-prof` by package and by function (self time), so the
 * question "where does the worker's time go" has an answer without opening DevTools:
 * `node --import tsx bench/src/profile/cpu-profile-summary.cli.ts bench/results/profiles/CPU….cpuprofile`.
 */
/** A sample interval longer than this (µs; V8 samples every 1 ms) is a pause of the process, not CPU time. */
const pausedSampleUs = 100_000;

async function main(path: string | undefined): Promise<void> {
  if (!path) throw new Error('usage: cpu-profile-summary.cli.ts <file.cpuprofile>');
  const profile = JSON.parse(await readFile(path, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = nodes.get(id);
    const dt = profile.timeDeltas[i] ?? 0;
    // The benchmark pauses a process (SIGSTOP) while other variants run: the sample after the pause carries the
    // whole pause, which would show as seconds of CPU in whatever function happened to run next.
    if (!node || dt > pausedSampleUs) return;
    total += dt;
    const { functionName, url, lineNumber } = node.callFrame;
    const pkg = packageOf(url, functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + dt);
    const fn = `${functionName || '(anonymous)'}  ${pkg}:${lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + dt);
  });
  const top = (map: Map<string, number>, count: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, time]) => `${((100 * time) / total).toFixed(1).padStart(5)} %  ${name}`)
      .join('\n');
  console.log(
    `${path}: ${(total / 1e6).toFixed(1)} s sampled\n\nself time by package\n${top(byPackage, 20)}`,
  );
  console.log(`\nself time by function\n${top(byFunction, 30)}`);
}

await main(process.argv[2]);
