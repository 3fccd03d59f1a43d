import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.ts';
import { assertTransition, transitions } from './request-lifecycle.ts';

const stages = ['new', 'in_progress', 'repaired', 'scrap'] as const;

function thrownBy(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('request lifecycle', () => {
  it('allows exactly: new → in progress → repaired | scrap, and reopening a repaired request', () => {
    const allowed = stages.flatMap((from) =>
      stages.filter((to) => transitions[from].includes(to)).map((to) => `${from}→${to}`),
    );
    expect(allowed.sort()).toEqual([
      'in_progress→repaired',
      'in_progress→scrap',
      'new→in_progress',
      'repaired→in_progress',
    ]);
  });

  it('explains a refused move with the moves that are allowed', () => {
    expect(() => assertTransition('new', 'repaired')).toThrow(
      'A request in stage New cannot move to Repaired (allowed next: In progress)',
    );
    expect(() => assertTransition('scrap', 'in_progress')).toThrow(
      'A request in stage Scrap cannot move to In progress (it is final)',
    );
    expect(() => assertTransition('repaired', 'repaired')).toThrow(
      'The request is already in stage Repaired',
    );
    expect(() => assertTransition('in_progress', 'scrap')).not.toThrow();
    const refusal = thrownBy(() => assertTransition('new', 'scrap'));
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).code).toBe('BAD_INPUT');
  });
});
