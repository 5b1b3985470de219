import { describe, expect, it } from 'vitest';
import { formatAge, formatDuration, formatLevel, formatRate } from '../../src/domain/format.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [999, '0s'],
    [-999, '0s'],
    [45 * S, '45s'],
    [59 * S + 999, '59s'],
    [M, '1m'],
    [12 * M + 30 * S, '12m'],
    [H, '1h00m'],
    [3 * H + 5 * M, '3h05m'],
    [23 * H + 59 * M + 59 * S, '23h59m'],
    [D, '1d0h'],
    [2 * D + 4 * H + 30 * M, '2d4h'],
    [-5 * M, '-5m'],
    [-(3 * H + 5 * M), '-3h05m'],
    [-(2 * D + H), '-2d1h'],
    [Number.NaN, '--'],
    [Number.POSITIVE_INFINITY, '--'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('formatAge', () => {
  it.each([
    [undefined, '--'],
    [0, '0s'],
    [-2 * M, '0s'],
    [90 * S, '1m'],
    [26 * H, '1d2h'],
  ])('formats an age of %s ms as %s', (ms, text) => {
    expect(formatAge(ms)).toBe(text);
  });
});

describe('formatLevel', () => {
  it.each([
    [123.456, '123.46'],
    [10, '10.00'],
    [-0.001, '0.00'],
    [-1.5, '-1.50'],
    [undefined, '--'],
  ])('formats %s m as %s', (m, text) => {
    expect(formatLevel(m)).toBe(text);
  });
});

describe('formatRate', () => {
  it.each([
    [0.12, '+0.12 m/h'],
    [-0.05, '-0.05 m/h'],
    [0, '0.00 m/h'],
    [0.004, '0.00 m/h'],
    [-0.004, '0.00 m/h'],
    [1.5, '+1.50 m/h'],
    [undefined, '-- m/h'],
  ])('formats %s m/h as %s', (rate, text) => {
    expect(formatRate(rate)).toBe(text);
  });
});
