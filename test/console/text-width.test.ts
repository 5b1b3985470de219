import { describe, expect, it } from 'vitest';
import {
  cleanText,
  fitWidth,
  padStart,
  textWidth,
  toAscii,
  truncate,
  wrapText,
} from '../../src/console/text-width.js';

describe('text-width', () => {
  it('counts CJK as two columns and ASCII as one', () => {
    expect(textWidth('白鹭湖水库')).toBe(10);
    expect(textWidth('ST-RH-02 汝河')).toBe(13);
  });

  it('cuts on a character boundary, never through a wide character, and marks the cut', () => {
    expect(truncate('白鹭湖水库超汛限', 9)).toBe('白鹭湖水…');
    expect(textWidth(truncate('白鹭湖水库超汛限', 9))).toBe(9);
    // Eight columns leave room for three characters and the mark, with one column to spare.
    expect(truncate('白鹭湖水库超汛限', 8)).toBe('白鹭湖…');
    expect(truncate('白鹭湖', 6)).toBe('白鹭湖');
    expect(truncate('abc', 0)).toBe('');
    expect(truncate('白鹭湖水库', 9, '~')).toBe('白鹭湖水~');
  });

  it('fits to exactly the width, padding after the cut', () => {
    expect(fitWidth('汝河', 7)).toBe('汝河   ');
    expect(textWidth(fitWidth('汝河城关站超警戒', 7))).toBe(7);
    expect(fitWidth('12.10', 7, 'right')).toBe('  12.10');
    expect(padStart('水位', 6)).toBe('  水位');
  });

  it('removes control characters so remote text cannot move the cursor', () => {
    expect(cleanText('a\u001B[2Jb\nc\u0007')).toBe('a [2Jb c ');
    expect(truncate('x\u001B[31m', 10)).toBe('x [31m');
  });

  it('spells text in ASCII for the Linux console, keeping the width', () => {
    expect(toAscii('Ruhe 汝河')).toBe('Ruhe ????');
    expect(textWidth(toAscii('汝河'))).toBe(textWidth('汝河'));
  });

  it('wraps at spaces, and CJK anywhere, within the width', () => {
    expect(wrapText('Acknowledge #12 Ruhe Bridge? [y/N]', 16)).toEqual([
      'Acknowledge #12',
      'Ruhe Bridge?',
      '[y/N]',
    ]);
    const lines = wrapText('确认 #12 白鹭湖水库超汛限持续上涨？[y/N]', 12);
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(12);
    expect(lines.join('')).toBe('确认 #12 白鹭湖水库超汛限持续上涨？[y/N]'.replace(/ (?=白)/, ''));
  });
});
