import type { NameStyle } from '../state/selectors/context.js';
import type { Lang } from './strings.js';

/** How the console behaves: language and drawing, rates, the bell, and the confirm guard. */
export type ConsoleSettings = {
  lang: Lang;
  /** TTY mode (`TERM=linux`): ASCII names and glyphs, English. */
  isAscii: boolean;
  hasColor: boolean;
  isLowBandwidth: boolean;
  isBellEnabled: boolean;
  /** The bell repeats this often while a prompt waits; 0 rings once per alert. */
  bellRepeatMs: number;
  /** Data reaches React at most this often. */
  flushMs: number;
  /** The screen clock's tick. */
  tickMs: number;
  /** Ages and countdowns move in steps of this much local time, so rows do not change on every tick. */
  ageStepMs: number;
  /** A confirm step ignores keys for this long after it appears (typeahead over a laggy link). */
  confirmGuardMs: number;
  /** Ink's frame rate cap. */
  maxFps: number;
  /** Show bytes per second written to the terminal in the footer. */
  showStats: boolean;
  /** The console runs in the demo's process: quitting also stops the collector, so `q` asks and says so. */
  quitStopsCollector?: boolean;
};

/** The options a caller chooses; everything else follows from them. */
export type SettingsInput = {
  lang: Lang;
  isAscii: boolean;
  hasColor: boolean;
  isLowBandwidth?: boolean;
  isBellEnabled?: boolean;
  bellRepeatSeconds?: number;
  showStats?: boolean;
};

/**
 * The settings for a real terminal: data at 4 Hz, or with `--low-bandwidth` at 2 Hz and 2 fps with coarser ages
 * (terminal-ui.md §7: 4 commits/s cost a fifth of 20). The data flush sets the frame rate; Ink's cap (30 fps) only
 * decides how long an urgent frame — a prompt — waits behind the frame before it: at 10 fps up to 100 ms, the
 * tail of crossing → prompt (docs/BENCHMARKS.md §3).
 */
export function consoleSettings(input: SettingsInput): ConsoleSettings {
  const isLow = input.isLowBandwidth ?? false;
  return {
    lang: input.isAscii ? 'en' : input.lang,
    isAscii: input.isAscii,
    hasColor: input.hasColor,
    isLowBandwidth: isLow,
    isBellEnabled: input.isBellEnabled ?? true,
    bellRepeatMs: (input.bellRepeatSeconds ?? 30) * 1000,
    flushMs: isLow ? 500 : 250,
    tickMs: isLow ? 5000 : 1000,
    ageStepMs: isLow ? 15_000 : 5000,
    confirmGuardMs: 300,
    maxFps: isLow ? 2 : 30,
    showStats: input.showStats ?? false,
  };
}

/** Which names the selectors give: Chinese for a Chinese console, else ASCII (nameAscii). */
export function nameStyle(settings: Pick<ConsoleSettings, 'lang' | 'isAscii'>): NameStyle {
  return settings.lang === 'zh' && !settings.isAscii ? 'zh' : 'ascii';
}
