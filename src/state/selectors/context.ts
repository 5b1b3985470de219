import { formatLocal } from '../../domain/local-time.js';
import { serverNow } from '../clock.js';
import type { WatchState } from '../watch-state.js';

/** Which names to show: Chinese, or ASCII for terminals that cannot draw CJK (the Linux console). */
export type NameStyle = 'zh' | 'ascii';

/** Options every list selector takes. */
export type SelectOptions = { names: NameStyle };

/** The config's default offset, used only until the first snapshot tells us the county's. */
export const DEFAULT_UTC_OFFSET = '+08:00';

/** The name to show for anything named in both scripts. */
export function nameOf(named: { name: string; nameAscii: string }, style: NameStyle): string {
  return style === 'zh' ? named.name : named.nameAscii;
}

/** The county's offset, once known. */
export function utcOffsetOf(state: WatchState): string {
  return state.county?.utcOffset ?? DEFAULT_UTC_OFFSET;
}

/** `HH:MM:SS` of the instant `ms` at a fixed offset (the county's, not the terminal's). */
export function formatClock(ms: number, utcOffset: string): string {
  return Number.isFinite(ms) ? formatLocal(ms, utcOffset, 'HH:mm:ss') : '--:--:--';
}

/** The collector's time at local `now` and the county's offset: what every selector measures ages against. */
export function timeContext(state: WatchState, now: number): { at: number; utcOffset: string } {
  return { at: serverNow(state, now), utcOffset: utcOffsetOf(state) };
}
