import { describe, expect, it } from 'vitest';
import { blockingOf } from './long-tasks.ts';

describe('blockingOf', () => {
  const tasks = [
    { startTime: 10, duration: 50 },
    { startTime: 100, duration: 120 },
    { startTime: 900, duration: 260 },
  ];

  it('counts only the time past 50 ms of each long task', () => {
    expect(blockingOf(tasks)).toEqual({ longTasks: 3, totalBlockingMs: 280, longestTaskMs: 260 });
  });

  it('keeps the tasks that started inside the window', () => {
    expect(blockingOf(tasks, 0, 900)).toEqual({ longTasks: 2, totalBlockingMs: 70, longestTaskMs: 120 });
    expect(blockingOf(tasks, 2_000)).toEqual({ longTasks: 0, totalBlockingMs: 0, longestTaskMs: 0 });
  });
});
