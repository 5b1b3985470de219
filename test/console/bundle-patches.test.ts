import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  INK_TEXT_CACHE_LIMIT,
  patchInkMeasureText,
  patchInkOutput,
  patchInkWrapText,
  patchStringWidth,
  patchStyledChars,
  SIMPLE_WIDTH_CLASS,
} from '../../scripts/console-bundle-patches.mjs';

const require = createRequire(import.meta.url);
const inkBuild = dirname(require.resolve('ink'));
const stringWidthFile = join(inkBuild, '..', '..', 'string-width', 'index.js');
const dir = mkdtempSync(join(tmpdir(), 'dw-bundle-patches-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Writes a patched copy of a dependency's module with its imports pointed at the installed files. `probe` is
 * appended to the copy (test-only exports, e.g. a module-level cache's size).
 */
async function loadPatched<T>(
  file: string,
  patch: (source: string) => string,
  name: string,
  probe = '',
): Promise<T> {
  const source = `${patch(readFileSync(file, 'utf8'))}\n${probe}`
    .replace(/^\/\/# sourceMappingURL=.*$/m, '')
    .replace(/from (['"])([^'"]+)\1/g, (_, _quote: string, specifier: string) => {
      const url = specifier.startsWith('.')
        ? pathToFileURL(join(dirname(file), specifier)).href
        : import.meta.resolve(specifier);
      return `from '${url}'`;
    });
  const out = join(dir, name);
  writeFileSync(out, source);
  return (await import(pathToFileURL(out).href)) as T;
}

type StringWidth = (text: string, options?: { ambiguousIsNarrow?: boolean }) => number;

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function simpleCodePoints(): number[] {
  const points: number[] = [];
  for (const [, from, to] of SIMPLE_WIDTH_CLASS.matchAll(/\\u([0-9A-F]{4})-\\u([0-9A-F]{4})/g)) {
    for (let c = Number.parseInt(from ?? '', 16); c <= Number.parseInt(to ?? '', 16); c += 1) points.push(c);
  }
  return points;
}

describe('the string-width patch of the console bundle', () => {
  it('measures every simple code point, alone and between others, as string-width does', async () => {
    const { default: original } = (await import('string-width')) as { default: StringWidth };
    const { default: patched } = await loadPatched<{ default: StringWidth }>(
      stringWidthFile,
      patchStringWidth,
      'string-width.mjs',
    );
    const segmenter = new Intl.Segmenter();
    const points = simpleCodePoints();
    expect(points.length).toBeGreaterThan(28_000);
    const mismatches: string[] = [];
    for (const c of points) {
      const s = String.fromCodePoint(c);
      for (const ambiguousIsNarrow of [true, false]) {
        if (patched(s, { ambiguousIsNarrow }) !== original(s, { ambiguousIsNarrow })) {
          mismatches.push(`U+${c.toString(16)} ambiguousIsNarrow=${ambiguousIsNarrow}`);
        }
      }
      // Each one its own grapheme next to others: widths of a string add up.
      if ([...segmenter.segment(`a${s}a${s}${s}`)].length !== 5) mismatches.push(`U+${c.toString(16)} joins`);
    }
    expect(mismatches).toEqual([]);
    const next = random(12);
    for (let n = 0; n < 2000; n += 1) {
      const text = Array.from({ length: 1 + Math.floor(next() * 40) }, () =>
        String.fromCodePoint(points[Math.floor(next() * points.length)] ?? 32),
      ).join('');
      expect(patched(text)).toBe(original(text));
    }
    for (const text of [
      '',
      'abc',
      '\u001B[31m红色\u001B[39m',
      '👍 ok',
      'e\u0301',
      '⌚',
      '한국어',
      '\t',
      'a\u200Db',
    ]) {
      expect(patched(text)).toBe(original(text));
    }
  });
});

type OutputClass = new (options: {
  width: number;
  height: number;
}) => {
  write(x: number, y: number, text: string, options: { transformers: unknown[] }): void;
  clip(clip: { x1?: number; x2?: number; y1?: number; y2?: number }): void;
  unclip(): void;
  get(): { output: string; height: number };
};

describe('the Ink output patch of the console bundle', () => {
  it('draws clipped lines exactly as Ink does', async () => {
    const { default: Original } = (await import(pathToFileURL(join(inkBuild, 'output.js')).href)) as {
      default: OutputClass;
    };
    const { default: Patched } = await loadPatched<{ default: OutputClass }>(
      join(inkBuild, 'output.js'),
      patchInkOutput,
      'ink-output.mjs',
    );
    // Text as Ink's <Text> writes it: chalk's styles open and close around their text (the console has no links).
    const texts = ['a', 'bc', ' ', '·', '─', '│', '红', '水位', '…', '👍', 'e\u0301', '↑↓', 'ＡＢ'];
    const styles = [
      ['\u001B[31m', '\u001B[39m'],
      ['\u001B[1m', '\u001B[22m'],
      ['\u001B[90m', '\u001B[39m'],
      ['\u001B[7m', '\u001B[27m'],
    ];
    const next = random(7);
    const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)] as T;
    const piece = (depth: number): string => {
      const text = Array.from({ length: 1 + Math.floor(next() * 4) }, () => pick(texts)).join('');
      if (next() < 0.5) return text;
      const [open, close] = pick(styles);
      return `${open}${text}${depth < 2 && next() < 0.3 ? piece(depth + 1) : ''}${close}`;
    };
    for (let n = 0; n < 1000; n += 1) {
      const width = 10 + Math.floor(next() * 30);
      const outputs = [new Original({ width, height: 6 }), new Patched({ width, height: 6 })];
      const lines = Array.from({ length: 1 + Math.floor(next() * 4) }, () =>
        Array.from({ length: Math.floor(next() * 8) }, () => piece(0)).join(''),
      );
      const x = Math.floor(next() * 8) - 2;
      const clip = { x1: Math.floor(next() * 6), x2: 4 + Math.floor(next() * width), y1: 0, y2: 5 };
      for (const output of outputs) {
        output.clip(clip);
        output.write(x, 1, lines.join('\n'), { transformers: [] });
        output.unclip();
      }
      expect(outputs[1]?.get()).toEqual(outputs[0]?.get());
    }
  });
});

type StyledChar = {
  type: 'char';
  value: string;
  fullWidth: boolean;
  styles: { code: string; endCode: string }[];
};
type StyledChars = {
  styledCharsFromTokens(tokens: unknown[]): StyledChar[];
  styledCharsToString(chars: StyledChar[]): string;
  tokenize(text: string): unknown[];
};

describe('the ansi-tokenize patch of the console bundle', () => {
  it('turns rows of cells back into the same text as ansi-tokenize', async () => {
    const tokenizeDir = dirname(fileURLToPath(import.meta.resolve('@alcalzone/ansi-tokenize')));
    const original = (await import('@alcalzone/ansi-tokenize')) as unknown as StyledChars;
    const patched = await loadPatched<Pick<StyledChars, 'styledCharsToString'>>(
      join(tokenizeDir, 'styledChars.js'),
      patchStyledChars,
      'styled-chars.mjs',
    );
    const codes = [
      '\u001B[31m',
      '\u001B[39m',
      '\u001B[1m',
      '\u001B[2m',
      '\u001B[22m',
      '\u001B[7m',
      '\u001B[27m',
      '\u001B[0m',
      '\u001B[48;5;17m',
      '\u001B[49m',
    ];
    const texts = ['a', ' ', '·', '红', '─'];
    const next = random(3);
    for (let n = 0; n < 2000; n += 1) {
      const text = Array.from({ length: Math.floor(next() * 30) }, () =>
        next() < 0.3 ? codes[Math.floor(next() * codes.length)] : texts[Math.floor(next() * texts.length)],
      ).join('');
      // A row as Ink's Output builds it: a text's cells amid blank ones.
      const blank = (): StyledChar => ({ type: 'char', value: ' ', fullWidth: false, styles: [] });
      const row = [
        ...Array.from({ length: Math.floor(next() * 3) }, blank),
        ...original.styledCharsFromTokens(original.tokenize(text)),
        ...Array.from({ length: Math.floor(next() * 3) }, blank),
      ];
      expect(patched.styledCharsToString(row)).toBe(original.styledCharsToString(row));
    }
  });
});

type TextCacheModule<F> = { default: F; cacheSize(): number };
type MeasureText = (text: string) => { width: number; height: number };
type WrapText = (text: string, maxWidth: number, wrapType: string) => string;
const CACHE_SIZE_PROBE = 'export const cacheSize = () => Object.keys(cache).length || cache.size || 0;';

describe("the console bundle's bounds on Ink's text caches", () => {
  it('measures texts as Ink does and keeps at most the limit, however many texts were drawn', async () => {
    const same = (source: string) => source;
    const load = (patch: (source: string) => string, name: string) =>
      loadPatched<TextCacheModule<MeasureText>>(
        join(inkBuild, 'measure-text.js'),
        patch,
        name,
        CACHE_SIZE_PROBE,
      );
    const [original, patched] = [
      await load(same, 'measure-a.mjs'),
      await load(patchInkMeasureText, 'measure-b.mjs'),
    ];
    const texts = Array.from(
      { length: INK_TEXT_CACHE_LIMIT * 3 },
      (_, i) => `水位 ${(i / 100).toFixed(2)} m\n05:${i % 60}`,
    );
    for (const text of texts) expect(patched.default(text)).toEqual(original.default(text));
    // Again after the patched cache started afresh: still the same sizes.
    for (const text of texts.slice(0, 50)) expect(patched.default(text)).toEqual(original.default(text));
    expect(original.cacheSize()).toBe(texts.length);
    expect(patched.cacheSize()).toBeLessThanOrEqual(INK_TEXT_CACHE_LIMIT);
  });

  it('wraps and cuts texts as Ink does, bounded, without mixing up a text with a width that ends in a digit', async () => {
    const same = (source: string) => source;
    const load = (patch: (source: string) => string, name: string) =>
      loadPatched<TextCacheModule<WrapText>>(join(inkBuild, 'wrap-text.js'), patch, name, CACHE_SIZE_PROBE);
    const patched = await load(patchInkWrapText, 'wrap-b.mjs');
    const fresh = async (n: number) => (await load(same, `wrap-fresh-${n}.mjs`)).default;
    // Ink's own key for these two is the same, "41.235truncate-end": the first result was drawn for both.
    const buggy = await load(same, 'wrap-a.mjs');
    expect(buggy.default('水位 41.2', 35, 'truncate-end')).toBe('水位 41.2');
    expect(buggy.default('水位 41.23', 5, 'truncate-end')).toBe('水位 41.2');
    expect(patched.default('水位 41.2', 35, 'truncate-end')).toBe('水位 41.2');
    expect(patched.default('水位 41.23', 5, 'truncate-end')).toBe(
      (await fresh(0))('水位 41.23', 5, 'truncate-end'),
    );
    expect(patched.default('水位 41.23', 5, 'truncate-end')).not.toBe('水位 41.2');
    const reference = await fresh(1);
    const types = ['wrap', 'truncate-end', 'truncate-middle', 'truncate-start', 'end'];
    for (let i = 0; i < INK_TEXT_CACHE_LIMIT * 2; i += 1) {
      const text = `G${i} 超警戒 ${(i / 7).toFixed(3)} 米，涨率 ${i % 13} cm/h`;
      const width = 4 + (i % 37);
      const type = types[i % types.length] as string;
      const expected = reference(text, width, type);
      expect(patched.default(text, width, type)).toBe(expected);
    }
    expect(patched.cacheSize()).toBeLessThanOrEqual(INK_TEXT_CACHE_LIMIT);
  });
});
