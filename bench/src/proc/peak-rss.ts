import { readFile } from 'node:fs/promises';

/** Resident memory of a process as the kernel reports it, in MiB: now and the peak so far (VmHWM). */
export interface RssReading {
  rssMb: number;
  peakMb: number;
}

/** Reads /proc/<pid>/status; null once the process is gone. VmHWM is the kernel's own high-water mark. */
export async function readRss(pid: number): Promise<RssReading | null> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => null);
  if (!status) return null;
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/**
 * Keeps the highest VmHWM seen per role ("api", "worker") across every process of that role. Sampled on a timer
 * and once more before each process is stopped, since VmHWM vanishes with the process.
 */
export class PeakRssTracker {
  private readonly peaks = new Map<string, number>();
  private readonly watched = new Map<number, string>();
  private timer: NodeJS.Timeout | null = null;

  watch(role: string, pid: number): void {
    this.watched.set(pid, role);
    this.timer ??= setInterval(() => void this.sample(), 500);
    this.timer.unref();
  }

  /** Samples one process a last time and stops watching it. */
  async release(pid: number): Promise<void> {
    await this.sampleOne(pid);
    this.watched.delete(pid);
  }

  async sample(): Promise<void> {
    await Promise.all([...this.watched.keys()].map((pid) => this.sampleOne(pid)));
  }

  peakMb(role: string): number | null {
    return this.peaks.get(role) ?? null;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async sampleOne(pid: number): Promise<void> {
    const role = this.watched.get(pid);
    const reading = await readRss(pid);
    if (!role || !reading) return;
    this.peaks.set(role, Math.max(this.peaks.get(role) ?? 0, reading.peakMb));
  }
}
