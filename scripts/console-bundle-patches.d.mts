/** Ink's build/output.js with lines that fit their clip kept whole instead of cut by slice-ansi. */
export function patchInkOutput(source: string): string;
/** The code points string-width's patched fast path adds up by East Asian width, as a regular expression class. */
export const SIMPLE_WIDTH_CLASS: string;
/** string-width's index.js with a fast path for strings of {@link SIMPLE_WIDTH_CLASS}. */
export function patchStringWidth(source: string): string;
/** ansi-tokenize's styledChars.js, skipping the style difference between cells of the same styles. */
export function patchStyledChars(source: string): string;
/** Entries each of Ink's text caches (measureText, wrapText) may hold before it starts afresh. */
export const INK_TEXT_CACHE_LIMIT: number;
/** Ink's build/measure-text.js with its cache bounded to {@link INK_TEXT_CACHE_LIMIT} entries. */
export function patchInkMeasureText(source: string): string;
/** Ink's build/wrap-text.js with its cache bounded and keyed by width and mode before the text. */
export function patchInkWrapText(source: string): string;
