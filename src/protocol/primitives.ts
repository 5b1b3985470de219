import { z } from 'zod';

// Shared with the hand-written reading check (reading-fast-path.ts), which must accept exactly what these do.
export const MESSAGE_ID_MAX = 128;
export const MESSAGE_ID_PATTERN = /^[\x21-\x7e]+$/;
export const CODE_MAX = 64;
export const CODE_PATTERN = /^[A-Za-z0-9_.:-]+$/;
export const LEVEL_MIN = -1000;
export const LEVEL_MAX = 10000;

/** A client-chosen message id: echoed in the reply and used for idempotency per token. */
export const messageIdSchema = z
  .string()
  .min(1)
  .max(MESSAGE_ID_MAX)
  .regex(MESSAGE_ID_PATTERN, 'must be printable ASCII without spaces');

/** The code of a configured place or thing: a station, warehouse, item, township or village. */
export const codeSchema = z
  .string()
  .min(1)
  .max(CODE_MAX)
  .regex(CODE_PATTERN, 'must be letters, digits and _ . : - only');

/** An instant as ISO 8601 with an explicit offset, e.g. `2026-07-20T02:15:00+08:00`. */
export const instantSchema = z.iso.datetime({ offset: true });

/** A calendar day within a year, `MM-DD`, used for seasons and flood-limit periods. */
export const monthDaySchema = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be MM-DD');

/** A water level in metres above the station's datum. */
export const levelSchema = z.number().min(LEVEL_MIN).max(LEVEL_MAX);

/** A count of people. */
export const headcountSchema = z.int().min(0).max(10_000_000);

/**
 * Where free text may break lines: `line` fields (titles, names, reasons) take no control character at all;
 * `text` fields (descriptions, notes) may hold line feeds and tabs; `xml` (a CAP document) also carriage returns.
 */
export type TextShape = 'line' | 'text' | 'xml';

// C0 and C1 controls (NUL and ESC among them: a title must never drive the officer's terminal, issue 13), DEL,
// the bidi embeddings and overrides U+202A–202E and isolates U+2066–2069 (they reorder what a screen shows), and
// lone surrogates (JSON `\ud800`: not a character, and stored it is invalid UTF-8 for every other reader).
const UNSAFE: Record<TextShape, RegExp> = {
  line: /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\p{Cs}/u,
  text: /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\p{Cs}/u,
  xml: /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\p{Cs}/u,
};

const RULE: Record<TextShape, string> = {
  line: 'one line of text takes no control characters',
  text: 'text may hold line breaks and tabs, no other control characters',
  xml: 'XML may hold line breaks, tabs and carriage returns, no other control characters',
};

/** The first character `text` may not hold in a field of that shape, with its position, or undefined. */
export function findUnsafeChar(text: string, shape: TextShape): { index: number; char: string } | undefined {
  const match = UNSAFE[shape].exec(text);
  return match ? { index: match.index, char: match[0] } : undefined;
}

/** The characters a field of that shape may not hold, as a fresh pattern (pass `gu` to find them all). */
export function unsafeTextPattern(shape: TextShape, flags = 'u'): RegExp {
  return new RegExp(UNSAFE[shape].source, flags);
}

/** Names a character as people look it up: `U+001B`. */
export function codePointName(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The refinement every free-text field carries: refuses control characters, bidi overrides and lone surrogates
 * (see {@link TextShape}), naming the character and where it is, so the sender can find it.
 */
export function refuseUnsafeText(shape: TextShape) {
  return (text: string, ctx: z.RefinementCtx): void => {
    const found = findUnsafeChar(text, shape);
    if (!found) return;
    const what = /\p{Cs}/u.test(found.char)
      ? 'a lone surrogate'
      : /[\u202a-\u202e\u2066-\u2069]/.test(found.char)
        ? 'a bidi override'
        : 'a control character';
    ctx.addIssue({
      code: 'custom',
      message: `contains ${what} (${codePointName(found.char)}) at position ${found.index}; remove it (${RULE[shape]})`,
    });
  };
}

/** One line of free text written by a person (a title, a reason): no control characters at all. */
export const lineSchema = (max: number) => z.string().max(max).superRefine(refuseUnsafeText('line'));

/**
 * Free text written by a person, bounded so one field cannot fill the database; it may hold line breaks and tabs
 * but no other control character.
 */
export const textSchema = (max: number) => z.string().max(max).superRefine(refuseUnsafeText('text'));

/** A name in Chinese (or any script) as people read it. */
export const nameSchema = z.string().min(1).max(100).superRefine(refuseUnsafeText('line'));

/** A name in printable ASCII for terminals that cannot draw CJK (the Linux console). */
export const asciiNameSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\x20-\x7e]+$/, 'must be printable ASCII');
