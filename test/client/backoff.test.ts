import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from '../../src/client/backoff.js';

describe('backoffDelay', () => {
  it('doubles the ceiling per attempt up to the maximum', () => {
    const top = () => 0.999_999;
    expect([0, 1, 2, 3, 10, 100].map((a) => backoffDelay(a, DEFAULT_BACKOFF, top))).toEqual([
      249, 499, 999, 1999, 29_999, 29_999,
    ]);
  });

  it('draws the delay anywhere from zero to the ceiling (full jitter)', () => {
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0)).toBe(0);
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0.5)).toBe(1000);
  });
});
