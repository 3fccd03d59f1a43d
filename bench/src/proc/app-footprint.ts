import { setTimeout as delay } from 'node:timers/promises';
import { type Figure, figureOf } from '../stats/figure.ts';
import type { AppProcess } from './app-process.ts';
import { readRss } from './peak-rss.ts';

/** How long an app runs after ready before its idle RSS is read: pools open, first timers fire, startup garbage goes. */
const idleSettleMs = 3_000;

/** The API's and the worker's cost before any load: spawn to ready, and resident memory once settled. */
export interface FootprintFigures {
  apiReadyMs?: Figure;
  workerReadyMs?: Figure;
  apiIdleMb?: Figure;
  workerIdleMb?: Figure;
}

/** Collects startup times and idle RSS per role ("api", "worker") over the fresh processes the bench starts. */
export class AppFootprint {
  private readonly startupMs = new Map<string, number[]>();
  private readonly idleMb = new Map<string, number[]>();

  /**
   * Records the app's startup time, lets it settle and reads its RSS. Call it before the app gets any load, for
   * apps started on a quiet machine (not a worker started while a round runs).
   */
  async measure(role: 'api' | 'worker', app: AppProcess): Promise<void> {
    push(this.startupMs, role, app.startupMs);
    await delay(idleSettleMs);
    const reading = await readRss(app.pid);
    if (reading) push(this.idleMb, role, reading.rssMb);
  }

  figures(): FootprintFigures {
    const figure = (map: Map<string, number[]>, role: string, unit: string) => {
      const runs = map.get(role);
      return runs?.length ? figureOf(runs, unit) : undefined;
    };
    return {
      apiReadyMs: figure(this.startupMs, 'api', 'ms'),
      workerReadyMs: figure(this.startupMs, 'worker', 'ms'),
      apiIdleMb: figure(this.idleMb, 'api', 'MiB'),
      workerIdleMb: figure(this.idleMb, 'worker', 'MiB'),
    };
  }
}

function push(map: Map<string, number[]>, role: string, value: number): void {
  map.set(role, [...(map.get(role) ?? []), value]);
}
