import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startPageTurner } from '../../src/wall/page-turner.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the carousel clock', () => {
  it('turns a page every period', () => {
    const turn = vi.fn();
    const turner = startPageTurner(15_000, turn);
    vi.advanceTimersByTime(45_000);
    expect(turn).toHaveBeenCalledTimes(3);
    turner.stop();
  });

  it('gives a page chosen by hand a whole period, not what was left of the last one', () => {
    const turn = vi.fn();
    const turner = startPageTurner(15_000, turn);
    vi.advanceTimersByTime(14_000);
    turner.restart();
    vi.advanceTimersByTime(14_999);
    expect(turn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(turn).toHaveBeenCalledTimes(1);
    turner.stop();
  });

  it('never turns with a period of 0, and not after stop', () => {
    const turn = vi.fn();
    startPageTurner(0, turn).restart();
    const stopped = startPageTurner(1_000, turn);
    stopped.stop();
    vi.advanceTimersByTime(10_000);
    expect(turn).not.toHaveBeenCalled();
  });
});
