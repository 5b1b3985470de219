// Source patches the console bundle applies to two dependencies, for its first frame (issue 12: < 500 ms from
// exec). Each keeps the dependency's result and only skips work; test/console/bundle-patches.test.ts compares
// the patched module with the original, and a dependency whose code changed fails the build instead.

const SLICE_EVERY_LINE = 'return sliceAnsi(line, from, to);';

/**
 * Ink cuts every line written in a clipped box (overflow hidden) with slice-ansi, also a line that fits whole, for
 * which the cut is the line itself. Cold, slice-ansi's grapheme and escape parsing cost ~50 ms of the first frame
 * on a quiet machine (25 ms for the key-help line alone on a loaded one), so a line that fits is kept as it is.
 */
export function patchInkOutput(source) {
  if (source.split(SLICE_EVERY_LINE).length !== 2) {
    throw new Error("ink/build/output.js: Ink's clipping changed; re-check patchInkOutput");
  }
  return source.replace(
    SLICE_EVERY_LINE,
    'return from === 0 && to === width ? line : sliceAnsi(line, from, to);',
  );
}

/**
 * Code points that are each a grapheme of their own next to one another (no marks, joiners, jamo, regional
 * indicators or controls) and are no emoji on their own, so string-width's answer for a string of them is the sum
 * of their East Asian widths: ASCII, Latin-1, punctuation, arrows, maths, box drawing and shapes, CJK punctuation,
 * kana, ideographs and full-width forms — what the console's frame is made of.
 */
export const SIMPLE_WIDTH_CLASS =
  '\\u0020-\\u007E\\u00A0-\\u00AC\\u00AE-\\u00FF\\u2010-\\u2027\\u2030-\\u205E\\u2190-\\u21FF\\u2200-\\u22FF' +
  '\\u2500-\\u25FF\\u3000-\\u3029\\u3030-\\u303F\\u3041-\\u3096\\u309B-\\u30FF\\u3400-\\u4DBF\\u4E00-\\u9FFF' +
  '\\uFF01-\\uFF60\\uFFE0-\\uFFE6';

const STRING_WIDTH_EXPORT = 'export default function stringWidth(input, options = {}) {';

/**
 * string-width measures any string that is not plain ASCII grapheme by grapheme, through Intl.Segmenter and
 * Unicode property regular expressions (emoji sequences, marks); cold, that cost ~70 ms of Ink's first frame on a
 * loaded machine, for lines of box drawing, `·`, arrows and Chinese. For a string made only of
 * {@link SIMPLE_WIDTH_CLASS} it adds the East Asian widths directly — string-width's own rule for such graphemes.
 */
export function patchStringWidth(source) {
  if (
    source.split(STRING_WIDTH_EXPORT).length !== 2 ||
    !source.includes("import {eastAsianWidth} from 'get-east-asian-width';")
  ) {
    throw new Error('string-width/index.js changed; re-check patchStringWidth');
  }
  return `${source.replace(STRING_WIDTH_EXPORT, 'function measuredStringWidth(input, options = {}) {')}
const simpleWidthText = /^[${SIMPLE_WIDTH_CLASS}]*$/;

export default function stringWidth(input, options = {}) {
  if (typeof input !== 'string' || !simpleWidthText.test(input)) return measuredStringWidth(input, options);
  const {ambiguousIsNarrow = true} = options;
  const eastAsianWidthOptions = {ambiguousAsWide: !ambiguousIsNarrow};
  let width = 0;
  for (let index = 0; index < input.length; index++) {
    const code = input.charCodeAt(index);
    width += code < 0x7F ? 1 : eastAsianWidth(code, eastAsianWidthOptions);
  }
  return width;
}
`;
}

const DIFF_EVERY_CELL = 'ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));';

/**
 * Ink turns each row of cells back into text with ansi-tokenize, which works out the escape codes from one cell's
 * styles to the next with three sets per cell, ~4,800 cells a frame at 120×40, most of them blank or styled like
 * their neighbour (~15% of the first frame). Between cells of the same styles the difference is nothing, and is
 * skipped.
 */
export function patchStyledChars(source) {
  if (source.split(DIFF_EVERY_CELL).length !== 2) {
    throw new Error('@alcalzone/ansi-tokenize/build/styledChars.js changed; re-check patchStyledChars');
  }
  return `${source.replace(
    DIFF_EVERY_CELL,
    `if (!isSameStyle(chars[i - 1].styles, char.styles)) {
            ${DIFF_EVERY_CELL}
        }`,
  )}
function isSameStyle(from, to) {
    if (from.length !== to.length) return false;
    for (let i = 0; i < from.length; i++) {
        if (from[i].code !== to[i].code || from[i].endCode !== to[i].endCode) return false;
    }
    return true;
}
`;
}

/**
 * Entries each of Ink's two text caches may hold before it starts afresh. A console frame measures a few hundred
 * texts, so a full cache re-measures them once (~1 ms). Unbounded, they kept every text ever drawn (clocks, ages,
 * levels: 5,000-8,500 new strings an hour at 100 changes/s), which was the console's live heap rising ~2 MB an
 * hour for as long as it ran; bounded, the heap stays flat (docs/BENCHMARKS.md §5). Ink 7 bounds them
 * (vadimdemedes/ink#986), but Ink 7 needs Node 22.
 */
export const INK_TEXT_CACHE_LIMIT = 2000;

const MEASURE_CACHE_SET = 'cache.set(text, dimensions);';

/** Ink's measureText keeps the size of every distinct text it measured; the patch bounds that cache. */
export function patchInkMeasureText(source) {
  if (source.split(MEASURE_CACHE_SET).length !== 2 || !source.includes('const cache = new Map();')) {
    throw new Error("ink/build/measure-text.js: Ink's text-size cache changed; re-check patchInkMeasureText");
  }
  return source.replace(
    MEASURE_CACHE_SET,
    `if (cache.size >= ${INK_TEXT_CACHE_LIMIT}) cache.clear();
    ${MEASURE_CACHE_SET}`,
  );
}

const WRAP_CACHE_PARTS = [
  'const cache = {};',
  'const cacheKey = text + String(maxWidth) + String(wrapType);',
  'const cachedText = cache[cacheKey];',
  'cache[cacheKey] = wrappedText;',
];

/**
 * Ink's wrapText keeps every text it wrapped or cut, keyed by the text with the width and wrap mode appended: the
 * patch bounds the cache, and puts the width and mode first with a separator, because `"41.2"` cut at 35 and
 * `"41.23"` cut at 5 had the same key (`41.235truncate-end`) and the second would be drawn as the first's result,
 * a wrong level on the screen (fixed upstream in vadimdemedes/ink#998, Ink 7 only).
 */
export function patchInkWrapText(source) {
  if (WRAP_CACHE_PARTS.some((part) => source.split(part).length !== 2)) {
    throw new Error("ink/build/wrap-text.js: Ink's wrap cache changed; re-check patchInkWrapText");
  }
  const [declare, key, read, write] = WRAP_CACHE_PARTS;
  return source
    .replace(declare, 'const cache = new Map();')
    .replace(key, "const cacheKey = String(maxWidth) + '\\u0000' + String(wrapType) + '\\u0000' + text;")
    .replace(read, 'const cachedText = cache.get(cacheKey);')
    .replace(
      write,
      `if (cache.size >= ${INK_TEXT_CACHE_LIMIT}) cache.clear();
    cache.set(cacheKey, wrappedText);`,
    );
}
