import { formatDuration } from '../../domain/format.js';
import { formatLocal } from '../../domain/local-time.js';
import { type NameStyle, nameOf, timeContext } from '../selectors/context.js';
import type { WatchState } from '../watch-state.js';
import { type ReportLang, WORDS, type Words } from './words.js';

/** What every section of the report needs: the state, the collector's time, the language and its formatters. */
export type ReportContext = {
  state: WatchState;
  /** Local time, as the selectors take it. */
  now: number;
  /** The collector's time at `now`: every age and countdown is measured against it. */
  at: number;
  utcOffset: string;
  lang: ReportLang;
  names: NameStyle;
  w: Words;
  /** A person's name in the report's script, or the id itself for someone the config does not name. */
  person(id: string): string;
  /** `HH:MM` in the county's offset, with the month and day when it is not the report's local day. */
  time(ms: number): string;
  /** A deadline: its time with what is left, or how long it is overdue. */
  deadline(ms: number): string;
};

/** The context for a report written at local time `now` in `lang`. */
export function reportContext(state: WatchState, now: number, lang: ReportLang): ReportContext {
  const { at, utcOffset } = timeContext(state, now);
  const w = WORDS[lang];
  const names: NameStyle = lang === 'zh' ? 'zh' : 'ascii';
  const today = formatLocal(at, utcOffset, 'YYYY-MM-DD');
  const time = (ms: number) => {
    const stamp = formatLocal(ms, utcOffset, 'YYYY-MM-DD HH:mm');
    // A report read at 08:30 about a deadline at 07:00 must not let "07:00" pass for this morning's.
    return stamp.slice(0, 10) === today ? stamp.slice(11) : stamp.slice(5);
  };
  return {
    state,
    now,
    at,
    utcOffset,
    lang,
    names,
    w,
    person(id) {
      const person = state.people.get(id);
      return person ? nameOf(person, names) : id;
    },
    time,
    deadline(ms) {
      const left = ms - at;
      const text = left >= 0 ? w.inFuture(formatDuration(left)) : w.overdueBy(formatDuration(-left));
      return `${time(ms)}${w.paren(text)}`;
    },
  };
}

/**
 * One `##` section with its count (of items unless told otherwise). An empty one says so in words: a report
 * that silently leaves a section out reads the same as one where nothing is wrong.
 */
export function section(
  title: string,
  items: readonly string[],
  w: Words,
  extra: { count?: number; warning?: string | undefined } = {},
): string {
  const heading = `## ${title}${w.paren(String(extra.count ?? items.length))}`;
  const body = items.length === 0 ? w.none : items.join('\n');
  return `${heading}\n\n${body}\n${extra.warning ? `\n${extra.warning}\n` : ''}`;
}

/** A list item; text from people (notes, reasons) may span lines, which must stay inside the item. */
export function item(text: string): string {
  return `- ${text.replace(/\r?\n/g, '\n  ')}`;
}
