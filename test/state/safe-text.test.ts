import { describe, expect, it } from 'vitest';
import { safeStrings, safeText } from '../../src/state/safe-text.js';

describe('safeText', () => {
  it.each([
    ['ESC colour', '内涝\u001b[41m红色', '内涝[41m红色'],
    ['clear screen', '\u001b[2J\u001b[H标题', '[2J[H标题'],
    ['C1 CSI', 'a\u009b2Jb', 'a2Jb'],
    ['NUL and BEL', 'a\u0000b\u0007c', 'abc'],
    ['CR and BS', 'abc\rxy\u0008z', 'abcxyz'],
    ['DEL', 'a\u007fb', 'ab'],
    ['bidi overrides and isolates', '\u202e危险\u202c \u2067x\u2069', '危险 x'],
    ['lone surrogates', 'a\ud800b\udc00c', 'abc'],
  ])('strips %s', (_name, input, expected) => {
    expect(safeText(input)).toBe(expected);
  });

  it('keeps line feeds, tabs, CJK and astral characters', () => {
    const text = '积水：\n\t东村 0.5 m 𠀀 😀';
    expect(safeText(text)).toBe(text);
  });
});

describe('safeStrings', () => {
  it('cleans strings at any depth and returns clean parts as the same objects', () => {
    const clean = { code: 'I1', casualties: { deaths: 0 } };
    const msg = { type: 'snapshot', incidents: [clean, { code: 'I2', title: 'x\u001b[41my' }], n: 3 };
    const out = safeStrings(msg);
    expect(out.incidents[1]).toEqual({ code: 'I2', title: 'x[41my' });
    expect(out.incidents[0]).toBe(clean);
    expect(msg.incidents[1]).toEqual({ code: 'I2', title: 'x\u001b[41my' });
  });

  it('returns a clean message itself', () => {
    const msg = { type: 'delta', changes: [{ kind: 'incident', incident: { title: '内涝' } }] };
    expect(safeStrings(msg)).toBe(msg);
  });
});
