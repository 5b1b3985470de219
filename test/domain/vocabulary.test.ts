import { describe, expect, it } from 'vitest';
import { stringsFor } from '../../src/console/strings.js';
import { LINE_LABELS } from '../../src/domain/station-lines.js';
import { LINE_NAMES, lineColumnNames } from '../../src/domain/vocabulary.js';

describe('the line vocabulary (issue 18)', () => {
  it('names the normal pool line in full, in English as a level, not a bare "normal"', () => {
    expect(LINE_LABELS.normal).toEqual({ zh: '正常蓄水位', en: 'normal pool level' });
    expect(lineColumnNames('en').normal).not.toBe('normal');
  });

  it('gives the console exactly the vocabulary column names, in both languages', () => {
    expect(stringsFor('zh').lineShort).toEqual(lineColumnNames('zh'));
    expect(stringsFor('en').lineShort).toEqual(lineColumnNames('en'));
  });

  it('keeps every English column name clear of the flood status words shown beside it', () => {
    const statusWords = new Set(
      Object.values(stringsFor('en').flood).map((word: string) => word.toLowerCase()),
    );
    for (const names of Object.values(LINE_NAMES)) expect(statusWords.has(names.enColumn)).toBe(false);
  });

  it("fits a distance and the normal pool line in the water panel's 14-column cell", () => {
    expect(`0.35 ${lineColumnNames('en').normal}`.length).toBeLessThanOrEqual(14);
  });
});
