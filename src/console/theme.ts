import type { FloodColour } from '../domain/flood-colour.js';
import type { AlertSeverity } from '../protocol/index.js';
import { asciiSymbols } from './strings.js';
import { type Ellipsis, toAscii } from './text-width.js';

/** What a piece of text means, mapped to a colour by the theme (never the only carrier of the meaning). */
export type Tone = 'critical' | 'warning' | 'info' | 'ok' | 'muted' | 'accent' | FloodColour;

/** How the console draws: colours by name from the 16-colour set (or none), glyphs Unicode or ASCII. */
export type Theme = {
  hasColor: boolean;
  /** The Linux console (`TERM=linux`): ASCII names and glyphs only, no CJK, no block elements. */
  isAscii: boolean;
  /** A colour name Ink understands, or undefined for "terminal default" (always, under NO_COLOR). */
  color(tone: Tone): string | undefined;
  glyphs: Glyphs;
  /** Ink border style for the prompt box. */
  border: 'double' | 'classic';
  /** Text as this terminal can draw it: unchanged, or in TTY mode spelled in ASCII. */
  text(s: string): string;
};

/** The glyphs that carry state next to a word; each one column wide. */
export type Glyphs = {
  severity: Readonly<Record<AlertSeverity, string>>;
  flood: Readonly<Record<FloodColour, string>>;
  /** Eight steps, lowest first. */
  spark: string;
  selected: string;
  ellipsis: Ellipsis;
  ok: string;
  stale: string;
  rule: string;
};

// 16-colour names only: they hold up on 8-colour TTYs and in every SSH client. Orange has no ANSI colour, so it is
// red without the reverse video that red gets; the word next to it says which.
const PALETTE: Readonly<Record<Tone, string>> = {
  critical: 'red',
  warning: 'yellow',
  info: 'cyan',
  ok: 'green',
  muted: 'gray',
  accent: 'cyan',
  none: 'green',
  blue: 'blueBright',
  yellow: 'yellow',
  orange: 'red',
  red: 'redBright',
};

// No emoji and no VS16 sequences: terminals disagree on their width. Braille is avoided too (the Linux console
// font has none); block elements draw the sparkline.
const UNICODE_GLYPHS: Glyphs = {
  severity: { critical: '■', warning: '▲', info: '·' },
  flood: { none: '·', blue: '△', yellow: '▲', orange: '◆', red: '■' },
  spark: '▁▂▃▄▅▆▇█',
  selected: '›',
  ellipsis: '…',
  ok: '✓',
  stale: '?',
  rule: '─',
};

const ASCII_GLYPHS: Glyphs = {
  severity: { critical: '#', warning: '!', info: '.' },
  flood: { none: '.', blue: '~', yellow: '!', orange: '#', red: '@' },
  spark: '_.-=+*#@',
  selected: '>',
  ellipsis: '~',
  ok: '+',
  stale: '?',
  rule: '-',
};

/** Builds the theme: `color: false` for NO_COLOR, `ascii: true` for the Linux console. */
export function createTheme(options: { color: boolean; ascii: boolean }): Theme {
  return {
    hasColor: options.color,
    isAscii: options.ascii,
    color: (tone) => (options.color ? PALETTE[tone] : undefined),
    glyphs: options.ascii ? ASCII_GLYPHS : UNICODE_GLYPHS,
    border: options.ascii ? 'classic' : 'double',
    text: options.ascii ? (t) => toAscii(asciiSymbols(t)) : (t) => t,
  };
}

/** The theme the environment asks for: NO_COLOR (any value, no-color.org) turns colour off; TERM=linux means TTY mode. */
export function themeFromEnv(env: NodeJS.ProcessEnv): { color: boolean; ascii: boolean } {
  const isTty = env['TERM'] === 'linux';
  return { color: env['NO_COLOR'] === undefined || env['NO_COLOR'] === '', ascii: isTty };
}
