import stringWidth from 'string-width';

// Grapheme clusters, so a truncation never splits a character from its combining marks.
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

// C0 controls, DEL and C1 controls: text from sources and other consoles must never move the cursor or start
// an escape sequence inside our frame.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** How the end of cut text is marked: `…` where the terminal can draw it, `~` on the Linux console. */
export type Ellipsis = '…' | '~';

/**
 * The one width function of the console: terminal columns `text` takes, CJK two per character, measured by
 * `string-width` exactly as Ink measures, so our padding and Ink's layout agree.
 */
export function textWidth(text: string): number {
  return stringWidth(text);
}

/** `text` with control characters replaced by spaces: safe to put in a frame. */
export function cleanText(text: string): string {
  return text.replace(CONTROL, ' ');
}

/** Cuts `text` to at most `width` columns, marking the cut; a wide character that would straddle the edge is dropped whole. */
export function truncate(text: string, width: number, ellipsis: Ellipsis = '…'): string {
  if (width <= 0) return '';
  const clean = cleanText(text);
  if (stringWidth(clean) <= width) return clean;
  const room = width - stringWidth(ellipsis);
  let out = '';
  let used = 0;
  for (const { segment } of segmenter.segment(clean)) {
    const w = stringWidth(segment);
    if (used + w > room) break;
    out += segment;
    used += w;
  }
  return room < 0 ? out : out + ellipsis;
}

/** `text` padded with spaces on the right to `width` columns (never cut). */
export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}

/** `text` padded with spaces on the left to `width` columns (never cut). */
export function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - stringWidth(text))) + text;
}

/**
 * Exactly `width` columns: cut, then padded. Every cell of the console goes through this, because Ink 6.8's
 * own `wrap="truncate"` overwrites the border next to CJK text (ink#927) and wrapping would make the frame taller.
 */
export function fitWidth(
  text: string,
  width: number,
  align: 'left' | 'right' = 'left',
  ellipsis: Ellipsis = '…',
): string {
  const cut = truncate(text, width, ellipsis);
  return align === 'right' ? padStart(cut, width) : padEnd(cut, width);
}

/**
 * Text the Linux console can draw: printable ASCII only. A wide character becomes `??` so a column laid out
 * for the original keeps its width.
 */
export function toAscii(text: string): string {
  let out = '';
  for (const { segment } of segmenter.segment(cleanText(text))) {
    out += /^[\x20-\x7e]$/.test(segment) ? segment : '?'.repeat(Math.max(1, stringWidth(segment)));
  }
  return out;
}

/** Breaks `text` into lines of at most `width` columns (at spaces where it can, else anywhere), at most `maxLines`. */
export function wrapText(text: string, width: number, maxLines = Number.POSITIVE_INFINITY): string[] {
  if (width <= 0) return [];
  const lines: string[] = [];
  let line = '';
  let used = 0;
  let lastSpace = -1;
  for (const { segment } of segmenter.segment(cleanText(text))) {
    const w = stringWidth(segment);
    if (used + w > width) {
      // Break at the last space when there is one on this line; CJK text has none and breaks anywhere.
      if (lastSpace > 0) {
        lines.push(line.slice(0, lastSpace));
        line = line.slice(lastSpace + 1);
      } else {
        lines.push(line);
        line = '';
      }
      used = stringWidth(line);
      lastSpace = -1;
    }
    if (segment === ' ') lastSpace = line.length;
    line += segment;
    used += w;
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = truncate(`${kept[maxLines - 1] ?? ''}…`, width);
  return kept;
}
